#include "check_run.h"

#include <algorithm>

#include <fmt/format.h>

#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::cli {
namespace {

std::unexpected<CheckFailure> failure(core::Error e, bool identity, chain::Role role) {
  return std::unexpected(CheckFailure{std::move(e), identity, role});
}

// The leaf: the certificate the key belongs to, else the first that is not a CA, else the first.
std::size_t pick_leaf(const std::vector<x509::Certificate>& certs, const std::optional<x509::PrivateKey>& key) {
  if (key) {
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (key->matches(certs[i])) return i;
    }
  }
  for (std::size_t i = 0; i < certs.size(); ++i) {
    if (!certs[i].facts().is_ca()) return i;
  }
  return 0;
}

}  // namespace

core::Result<chain::Identity> load_identity(const CheckArgs& args, const x509::PasswordProvider& password) {
  std::optional<x509::PrivateKey> key;
  const std::string& main_file = args.p12.empty() ? args.cert : args.p12;
  auto main = x509::load_file(main_file, password);
  if (!main) return std::unexpected(main.error());
  std::vector<x509::Certificate> certs = main->certificates;
  if (!main->keys.empty()) key = main->keys.front();
  if (certs.empty()) return core::fail(core::ErrorCategory::Parse, "holds no certificate", main_file);
  if (!args.key.empty()) {
    auto key_bundle = x509::load_file(args.key, password);
    if (!key_bundle) return std::unexpected(key_bundle.error());
    if (key_bundle->keys.empty()) return core::fail(core::ErrorCategory::Parse, "holds no private key", args.key);
    key = key_bundle->keys.front();
  }
  const std::size_t leaf_index = pick_leaf(certs, key);
  chain::Identity identity{certs[leaf_index], {}, {}, false, {}, {}, {}};
  for (std::size_t i = 0; i < certs.size(); ++i) {
    if (i != leaf_index) identity.offered.push_back(certs[i]);
  }
  if (!args.chain.empty()) {
    auto chain = x509::load_file(args.chain, password);
    if (!chain) return std::unexpected(chain.error());
    for (auto& c : chain->certificates) identity.offered.push_back(std::move(c));
  }
  identity.key = key;
  identity.key_expected = !args.p12.empty();
  identity.cert_file = main_file;
  identity.key_file = args.key.empty() ? main_file : args.key;
  identity.chain_file = args.chain;
  return identity;
}

core::Result<std::vector<x509::Certificate>> load_anchors(const std::vector<std::string>& files,
                                                          const x509::PasswordProvider& password) {
  std::vector<x509::Certificate> anchors;
  for (const auto& file : files) {
    auto ca = x509::load_file(file, password);
    if (!ca) return std::unexpected(ca.error());
    if (ca->certificates.empty()) return core::fail(core::ErrorCategory::Parse, "holds no CA certificate", file);
    for (auto& c : ca->certificates) anchors.push_back(std::move(c));
  }
  return anchors;
}

core::Result<std::vector<x509::Crl>> load_crls(const std::vector<std::string>& files, const x509::PasswordProvider& password) {
  std::vector<x509::Crl> crls;
  for (const auto& file : files) {
    auto bundle = x509::load_file(file, password);
    if (!bundle) return std::unexpected(bundle.error());
    if (bundle->crls.empty()) return core::fail(core::ErrorCategory::Parse, "holds no CRL", file);
    for (auto& c : bundle->crls) crls.push_back(std::move(c));
  }
  return crls;
}

std::expected<CheckRun, CheckFailure> run_check(const CheckArgs& args, const core::Clock& clock) {
  struct {
    chain::Role role = chain::Role::Client;
    core::TimePoint at;
  } run;
  if (args.role != "client" && args.role != "server") {
    return failure(core::Error{core::ErrorCategory::Usage, "--role must be client or server", {}, {}}, false, run.role);
  }
  run.role = args.role == "client" ? chain::Role::Client : chain::Role::Server;
  const chain::Role role = run.role;
  if (args.cert.empty() && args.p12.empty()) {
    return failure(core::Error{core::ErrorCategory::Usage, "give the identity: --cert FILE [--key FILE] or --p12 FILE", {}, {}},
                   false, role);
  }
  if (!args.cert.empty() && !args.p12.empty()) {
    return failure(core::Error{core::ErrorCategory::Usage, "give --cert or --p12, not both", {}, {}}, false, role);
  }
  if (args.seclevel < 0 || args.seclevel > 5) {
    return failure(core::Error{core::ErrorCategory::Usage, "--seclevel must be 0 to 5", {}, {}}, false, role);
  }
  run.at = clock.now();
  if (!args.at.empty()) {
    auto at = core::parse_time(args.at, clock);
    if (!at) return failure(at.error(), false, role);
    run.at = *at;
  }
  const auto password = make_password_provider(args.password);
  auto identity = load_identity(args, password);
  if (!identity) return failure(identity.error(), true, role);
  auto anchors = load_anchors(args.cacert, password);
  if (!anchors) return failure(anchors.error(), false, role);
  auto crls = load_crls(args.crl, password);
  if (!crls) return failure(crls.error(), false, role);
  chain::Trust trust{std::move(*anchors), std::move(*crls), fmt::format("{}", fmt::join(args.cacert, ", "))};

  chain::CheckOptions options;
  options.role = role;
  if (!args.host.empty()) options.host = args.host;
  options.at = run.at;
  options.security_level = args.seclevel;
  options.expiry_warning = std::chrono::days{args.warn_days};
  auto result = chain::check_identity(*identity, trust, options);
  if (!result) return failure(result.error(), false, role);
  return CheckRun{std::move(*result), role, run.at, std::move(*identity)};
}

}  // namespace mtlsdoctor::cli
