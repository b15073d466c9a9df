// Facts about one certificate: everything a report needs, as plain values.
#pragma once

#include <bitset>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/clock.h"

namespace mtlsdoctor::x509 {

struct NameAttribute {
  std::string type;   // short name: "CN", "OU", "O", "C", … or a dotted OID
  std::string value;  // UTF-8
};

struct DistinguishedName {
  std::string rfc4514;                    // "CN=Client Root,O=Lab" (most specific first)
  std::vector<NameAttribute> attributes;  // in encoded order (least specific first)

  [[nodiscard]] std::vector<std::string> values(std::string_view type) const;
  friend bool operator==(const DistinguishedName& a, const DistinguishedName& b) { return a.rfc4514 == b.rfc4514; }
};

// The GeneralName forms of RFC 5280 §4.2.1.6 that we read; the rest are Other.
enum class SanType { Dns, Ip, Uri, Email, DirName, Other };
// "DNS", "IP", "URI", "email", "dirName", "other"
[[nodiscard]] std::string_view to_string(SanType t) noexcept;

struct SubjectAltName {
  SanType type = SanType::Other;
  std::string value;  // Other: empty
};

enum class KeyType { Rsa, RsaPss, Ec, Ed25519, Ed448, Dsa, Other };

struct KeyInfo {
  KeyType type = KeyType::Other;
  int bits = 0;           // modulus or field size
  std::string curve;      // "prime256v1" for EC
  int security_bits = 0;  // NIST SP 800-57 strength, as OpenSSL's security levels count it
  std::string other;      // Other: the algorithm's short name or dotted OID

  // "RSA", "RSA-PSS", "EC", "ED25519", "ED448", "DSA", or `other`.
  [[nodiscard]] std::string_view type_name() const noexcept;
};

// keyUsage bits (RFC 5280 §4.2.1.3), in bit order.
enum class KeyUsage {
  DigitalSignature,
  NonRepudiation,
  KeyEncipherment,
  DataEncipherment,
  KeyAgreement,
  KeyCertSign,
  CrlSign,
  EncipherOnly,
  DecipherOnly,
};
// "digitalSignature", "nonRepudiation", "keyEncipherment", … as OpenSSL names them
[[nodiscard]] std::string_view to_string(KeyUsage u) noexcept;

class KeyUsageSet {
 public:
  KeyUsageSet() = default;
  KeyUsageSet(std::initializer_list<KeyUsage> usages) {
    for (auto u : usages) set(u);
  }
  void set(KeyUsage u) { m_bits.set(static_cast<std::size_t>(u)); }
  [[nodiscard]] bool has(KeyUsage u) const { return m_bits.test(static_cast<std::size_t>(u)); }
  [[nodiscard]] bool empty() const noexcept { return m_bits.none(); }
  // The names of the bits set, in bit order.
  [[nodiscard]] std::vector<std::string> names() const;
  friend bool operator==(const KeyUsageSet&, const KeyUsageSet&) = default;

 private:
  std::bitset<9> m_bits;
};

// extendedKeyUsage purposes (RFC 5280 §4.2.1.12) we know; any other is Other with its OID.
enum class KeyPurpose { ServerAuth, ClientAuth, CodeSigning, EmailProtection, TimeStamping, OcspSigning, Any, Other };
// OpenSSL's short names: "serverAuth", "clientAuth", … "anyExtendedKeyUsage"; "" for Other.
[[nodiscard]] std::string_view to_string(KeyPurpose p) noexcept;

struct ExtendedKeyUsage {
  KeyPurpose purpose = KeyPurpose::Other;
  std::string other;  // Other: OpenSSL's short name or the dotted OID

  [[nodiscard]] std::string_view name() const noexcept {
    return purpose == KeyPurpose::Other ? std::string_view(other) : to_string(purpose);
  }
  friend bool operator==(const ExtendedKeyUsage&, const ExtendedKeyUsage&) = default;
};

// The purposes in the certificate's order (repeats kept, as encoded).
using ExtendedKeyUsages = std::vector<ExtendedKeyUsage>;
[[nodiscard]] std::vector<std::string> names(const ExtendedKeyUsages& ekus);

struct BasicConstraints {
  bool ca = false;
  std::optional<long> path_length;
  bool critical = false;
};

struct CertFacts {
  int version = 3;
  DistinguishedName subject;
  DistinguishedName issuer;
  std::string serial_hex;  // upper-case, no separators, as `openssl x509 -serial`
  core::TimePoint not_before;
  core::TimePoint not_after;
  std::vector<SubjectAltName> sans;
  KeyInfo key;
  std::string signature_algorithm;                      // "ecdsa-with-SHA256", "sha1WithRSAEncryption", …
  std::optional<ExtendedKeyUsages> extended_key_usage;  // absent = any purpose
  std::optional<KeyUsageSet> key_usage;                 // absent = any usage
  std::optional<BasicConstraints> basic_constraints;
  std::string subject_key_id;    // hex with colons, empty when absent
  std::string authority_key_id;  // keyIdentifier of the AKI, empty when absent
  std::vector<std::string> ocsp_urls;
  std::vector<std::string> ca_issuer_urls;
  std::vector<std::string> crl_urls;
  std::vector<std::string> policy_oids;  // certificatePolicies, dotted OIDs in certificate order
  std::string sha256_fingerprint;        // "AB:CD:…" as `openssl x509 -fingerprint -sha256`
  std::string sha1_fingerprint;
  std::string spki_sha256;   // base64 SHA-256 of the SubjectPublicKeyInfo (HPKP/Envoy pin)
  bool self_issued = false;  // subject == issuer (a root, or a self-signed leaf)
  // OpenSSL's verifier would see nothing of this certificate alone beyond these facts: a v3
  // certificate with a known signature algorithm; every extension one modelled here, decoded,
  // none repeated, critical only where OpenSSL supports it (X509_supported_extension), no EKU
  // purpose outside KeyPurpose, no pathlen without cA; a public key OpenSSL decodes whose
  // security bits it counts as `key.security_bits` does at every level (RSA of a size with a
  // canonical strength, EC on P-256/384/521 with a point on the curve, Ed25519/Ed448).
  // False when in doubt: then only OpenSSL judges it (chain::check_identity).
  bool verifier_facts_complete = false;

  [[nodiscard]] bool is_ca() const noexcept { return basic_constraints && basic_constraints->ca; }
  [[nodiscard]] bool has_eku(KeyPurpose purpose) const;
  [[nodiscard]] bool has_key_usage(KeyUsage usage) const;
};

}  // namespace mtlsdoctor::x509
