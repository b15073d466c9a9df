// The same check speaks a different cause id for each role: an expired certificate is
// `client-cert-expired` when a server judges it and `server-cert-expired` the other way.
#pragma once

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/finding.h"

namespace mtlsdoctor::chain::detail {

struct RoleIds {
  core::FindingId untrusted;
  core::FindingId incomplete;
  core::FindingId expired;
  core::FindingId not_yet_valid;
  core::FindingId revoked;
  core::FindingId eku;
  core::FindingId key_usage;
  core::FindingId weak;
  core::FindingId chain_invalid;
  core::FindingId key_mismatch;
  core::Subject subject;
  const char* role;        // "client"
  const char* peer;        // "a server" (who judges this identity)
  const char* eku_name;    // "clientAuth"
};

[[nodiscard]] const RoleIds& ids_for(Role role) noexcept;

}  // namespace mtlsdoctor::chain::detail
