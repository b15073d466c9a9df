// A small X.509 v3 certificate builder: just the profile the lab needs (RFC 5280 section 4),
// described by plain values and encoded with libcrypto's typed extension structures.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::lab::detail {

// Encoded least specific first: O, OU, CN.
struct NameSpec {
  std::optional<std::string> organization;
  std::optional<std::string> organizational_unit;
  std::string common_name;
};

// The keyUsage bits the lab sets (RFC 5280 4.2.1.3). All false: no extension.
struct KeyUsage {
  bool digital_signature = false;
  bool key_encipherment = false;
  bool key_cert_sign = false;
  bool crl_sign = false;
};

enum class Purpose { ServerAuth, ClientAuth };  // extendedKeyUsage (RFC 5280 4.2.1.12)
enum class Digest { Sha256, Sha1 };

struct AltName {
  enum class Kind { Dns, Ip };
  Kind kind = Kind::Dns;
  std::string value;  // "localhost", "127.0.0.1", "::1"
};

// basicConstraints CA:TRUE with an optional pathLenConstraint.
struct CaConstraints {
  std::optional<long> path_length;
};

struct CertSpec {
  NameSpec subject;
  core::TimePoint not_before{};
  core::TimePoint not_after{};
  std::optional<CaConstraints> ca;          // absent: an end entity, critical CA:FALSE
  KeyUsage key_usage;                       // always critical when present
  std::vector<Purpose> extended_key_usage;  // empty: no extension
  std::vector<AltName> alt_names;           // empty: no extension
  Digest digest = Digest::Sha256;
};

// The CA that signs: its certificate and private key, both borrowed.
struct Issuer {
  X509* cert = nullptr;
  EVP_PKEY* key = nullptr;
};

// A v3 certificate for `subject_key` with a random 16-byte serial, SKI and AKI.
// Without an issuer it is self-signed with `subject_key`.
[[nodiscard]] core::Result<ossl::X509Ptr> build_certificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                                            std::optional<Issuer> issuer);

// The value an AKI naming `issuer` carries: its subjectKeyIdentifier.
[[nodiscard]] core::Result<ossl::AuthorityKeyIdPtr> authority_key_id(X509* issuer);

[[nodiscard]] core::Result<ossl::Asn1TimePtr> asn1_time(core::TimePoint t);

[[nodiscard]] const EVP_MD* digest_of(Digest digest) noexcept;

}  // namespace mtlsdoctor::lab::detail
