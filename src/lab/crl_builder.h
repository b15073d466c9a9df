// A v2 CRL (RFC 5280 section 5) signed by one of the lab's CAs.
#pragma once

#include <vector>

#include "cert_builder.h"

namespace mtlsdoctor::lab::detail {

enum class RevocationReason { KeyCompromise };  // CRLReason (RFC 5280 5.3.1)

struct Revocation {
  const X509* cert = nullptr;  // borrowed: its serial number is listed
  core::TimePoint revoked_at{};
  RevocationReason reason = RevocationReason::KeyCompromise;
};

struct CrlSpec {
  core::TimePoint last_update{};
  core::TimePoint next_update{};
  long number = 1;  // cRLNumber (RFC 5280 5.2.3)
  std::vector<Revocation> revoked;
};

// Signed with SHA-256; carries the AKI of `issuer` and the cRLNumber.
[[nodiscard]] core::Result<ossl::X509CrlPtr> build_crl(const CrlSpec& spec, Issuer issuer);

}  // namespace mtlsdoctor::lab::detail
