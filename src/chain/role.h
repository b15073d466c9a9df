// The same check speaks a different cause id for each role: an expired certificate is
// `client-cert-expired` when a server judges it and `server-cert-expired` the other way. The
// checks name the client's id; the id table's counterpart column gives the server's.
#pragma once

#include <string_view>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/finding.h"

namespace mtlsdoctor::chain::detail {

// `client_id` as `role` reports it: itself for a client, its counterpart for a server. Ids
// without a counterpart (client-key-missing) are the same for both.
[[nodiscard]] core::FindingId id_for(Role role, core::FindingId client_id) noexcept;
// The finding subject of the judged certificate: client-cert or server-cert.
[[nodiscard]] core::Subject subject_for(Role role) noexcept;
// Who judges an identity of `role`, for sentences: "a server" judges a client's certificate.
[[nodiscard]] std::string_view judge_of(Role role) noexcept;
// The extendedKeyUsage purpose `role` needs (RFC 5280 §4.2.1.12): clientAuth or serverAuth.
[[nodiscard]] x509::KeyPurpose eku_purpose(Role role) noexcept;

}  // namespace mtlsdoctor::chain::detail
