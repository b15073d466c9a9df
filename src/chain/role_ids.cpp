#include "role_ids.h"

namespace mtlsdoctor::chain {

std::string_view to_string(Role r) noexcept { return r == Role::Client ? "client" : "server"; }

namespace detail {

const RoleIds& ids_for(Role role) noexcept {
  using core::FindingId;
  static constexpr RoleIds kClient{FindingId::ClientCertUntrustedIssuer,
                                   FindingId::ClientChainIncomplete,
                                   FindingId::ClientCertExpired,
                                   FindingId::ClientCertNotYetValid,
                                   FindingId::ClientCertRevoked,
                                   FindingId::ClientCertMissingClientAuthEku,
                                   FindingId::ClientCertBadKeyUsage,
                                   FindingId::ClientCertWeak,
                                   FindingId::ClientChainInvalid,
                                   FindingId::ClientKeyMismatch,
                                   core::Subject::ClientCert,
                                   "client",
                                   "a server",
                                   "clientAuth"};
  static constexpr RoleIds kServer{FindingId::ServerCertUntrusted,
                                   FindingId::ServerChainIncomplete,
                                   FindingId::ServerCertExpired,
                                   FindingId::ServerCertNotYetValid,
                                   FindingId::ServerCertRevoked,
                                   FindingId::ServerCertMissingServerAuthEku,
                                   FindingId::ServerCertBadKeyUsage,
                                   FindingId::ServerCertWeak,
                                   FindingId::ServerChainInvalid,
                                   FindingId::ServerKeyMismatch,
                                   core::Subject::ServerCert,
                                   "server",
                                   "a client",
                                   "serverAuth"};
  return role == Role::Client ? kClient : kServer;
}

}  // namespace detail
}  // namespace mtlsdoctor::chain
