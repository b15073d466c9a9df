// Which finding an OpenSSL verification error is: decided from numbers and the chain's shape
// alone, without sentences (those are narration's: verify_findings.cpp).
#pragma once

#include <optional>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/core/report.h"

namespace mtlsdoctor::chain::detail {

// The story a finding tells, which picks its narration.
enum class Fault {
  Untrusted,   // the chain ends at a CA that is not trusted
  Incomplete,  // the leaf's issuing intermediate is missing
  Validity,    // outside its validity period
  Revoked,
  Weak,      // key or signature below the security level
  Hostname,  // not valid for the name connected to
  Other,     // any other verification error, named by OpenSSL's text
  CrlGap,    // revocation could not be checked
};

// What the classification needs to know of the chain beyond one error.
struct ChainShape {
  bool have_anchors = false;
  // An earlier error of the same verification already stood for the trust failure.
  bool trust_reported = false;
  // A trusted CA bears the name of the issuer missing at this error's depth (a re-keyed CA).
  bool anchor_has_missing_issuer_name = false;
};

struct Classification {
  core::FindingId id;
  core::Subject subject;
  Fault fault;
  // Less than certain where another fault looks the same from here.
  core::Confidence confidence = core::Confidence::Certain;
};

// nullopt: the error adds no finding of its own (a trust failure already reported or not
// checkable, a CRL of a level that could not be reached, the leaf's purpose, which the leaf's
// extensions explain better).
[[nodiscard]] std::optional<Classification> classify(int verify_code, int depth, Role role, const ChainShape& shape);

// Errors that mean no trusted path was found.
[[nodiscard]] bool is_trust_error(int verify_code) noexcept;

}  // namespace mtlsdoctor::chain::detail
