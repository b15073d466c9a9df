#include "role.h"

namespace mtlsdoctor::chain {

std::string_view to_string(Role r) noexcept {
  return r == Role::Client ? "client" : "server";
}

namespace detail {

core::FindingId id_for(Role role, core::FindingId client_id) noexcept {
  if (role == Role::Client) return client_id;
  return core::counterpart(client_id).value_or(client_id);
}

core::Subject subject_for(Role role) noexcept {
  return role == Role::Client ? core::Subject::ClientCert : core::Subject::ServerCert;
}

std::string_view judge_of(Role role) noexcept {
  return role == Role::Client ? "a server" : "a client";
}

x509::KeyPurpose eku_purpose(Role role) noexcept {
  return role == Role::Client ? x509::KeyPurpose::ClientAuth : x509::KeyPurpose::ServerAuth;
}

}  // namespace detail
}  // namespace mtlsdoctor::chain
