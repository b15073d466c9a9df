// Facts about one certificate: everything a report needs, as plain values.
#pragma once

#include <optional>
#include <string>
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

struct SubjectAltName {
  std::string type;   // "DNS", "IP", "URI", "email", "dirName", "other"
  std::string value;
};

struct KeyInfo {
  std::string type;       // "RSA", "RSA-PSS", "EC", "ED25519", "ED448", "DSA", or the OID
  int bits = 0;           // modulus or field size
  std::string curve;      // "prime256v1" for EC
  int security_bits = 0;  // NIST SP 800-57 strength, as OpenSSL's security levels count it
};

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
  std::string signature_algorithm;  // "ecdsa-with-SHA256", "sha1WithRSAEncryption", …
  std::optional<std::vector<std::string>> extended_key_usage;  // absent = any purpose
  std::optional<std::vector<std::string>> key_usage;           // absent = any usage
  std::optional<BasicConstraints> basic_constraints;
  std::string subject_key_id;    // hex with colons, empty when absent
  std::string authority_key_id;  // keyIdentifier of the AKI, empty when absent
  std::vector<std::string> ocsp_urls;
  std::vector<std::string> ca_issuer_urls;
  std::vector<std::string> crl_urls;
  std::string sha256_fingerprint;  // "AB:CD:…" as `openssl x509 -fingerprint -sha256`
  std::string sha1_fingerprint;
  std::string spki_sha256;         // base64 SHA-256 of the SubjectPublicKeyInfo (HPKP/Envoy pin)
  bool self_issued = false;        // subject == issuer (a root, or a self-signed leaf)

  [[nodiscard]] bool is_ca() const noexcept { return basic_constraints && basic_constraints->ca; }
  [[nodiscard]] bool has_eku(std::string_view name) const;
  [[nodiscard]] bool has_key_usage(std::string_view name) const;
};

}  // namespace mtlsdoctor::x509
