#include "mtlsdoctor/chain/check_run.h"

#include <fmt/format.h>

namespace mtlsdoctor::chain {

std::optional<core::FindingId> CheckFailure::identity_cause() const noexcept {
  if (!identity_unreadable) return std::nullopt;
  return role == Role::Client ? core::FindingId::ClientIdentityUnreadable : core::FindingId::ServerIdentityUnreadable;
}

std::expected<CheckRun, CheckFailure> check_files(const CheckRequest& request, const x509::PasswordProvider& password) {
  const auto failure = [&](core::Error e, bool identity) {
    return std::unexpected(CheckFailure{std::move(e), identity, request.role});
  };
  auto identity = x509::load_identity(request.identity, password);
  if (!identity) return failure(identity.error(), true);
  auto anchors = x509::load_anchors(request.cacert, password);
  if (!anchors) return failure(anchors.error(), false);
  auto crls = x509::load_crls(request.crl, password);
  if (!crls) return failure(crls.error(), false);
  Trust trust{std::move(*anchors), std::move(*crls), fmt::format("{}", fmt::join(request.cacert, ", "))};

  CheckOptions options;
  options.role = request.role;
  options.host = request.host;
  // "[::1]", as in a URL: the address inside the brackets.
  if (options.host && options.host->size() > 2 && options.host->front() == '[' && options.host->back() == ']')
    options.host = options.host->substr(1, options.host->size() - 2);
  options.at = request.at;
  options.security_level = request.security_level;
  options.expiry_warning = request.expiry_warning;
  auto result = check_identity(*identity, trust, options);
  if (!result) return failure(result.error(), false);
  return CheckRun{std::move(*result), request.role, request.at, std::move(*identity)};
}

}  // namespace mtlsdoctor::chain
