#pragma once

#include <optional>
#include <vector>

#include "mtlsdoctor/diagnose/diagnose.h"

namespace mtlsdoctor::diagnose::detail {

struct Candidate {
  core::Finding finding;
  core::Confidence confidence = core::Confidence::Certain;
  // Inferred from the chain's shape alone (the server named no CAs): a hypothesis for a
  // rejection, never a warning when the server accepted.
  bool speculative = false;
};

// Transport and negotiation: a finding when nothing TLS-level about certificates happened.
[[nodiscard]] std::optional<core::Finding> transport_finding(const probe::Transcript& t);

// Faults of the client identity that a server would refuse, most decisive first: offline
// checks (validity, EKU, key usage, weak, revoked) and the chain against the acceptable CA names.
[[nodiscard]] std::vector<Candidate> client_faults(const Inputs& in, std::vector<core::Finding>& notes);

// The server's certificate as a client would judge it (all problems).
[[nodiscard]] std::vector<core::Finding> server_faults(const Inputs& in);

}  // namespace mtlsdoctor::diagnose::detail
