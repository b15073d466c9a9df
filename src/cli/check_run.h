// `check` as a function: files in, CheckResult out. `lab verify` replays manifests through
// exactly this path.
#pragma once

#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "password.h"

namespace mtlsdoctor::cli {

struct CheckArgs {
  std::string role = "client";
  std::string cert;
  std::string key;
  std::string chain;
  std::string p12;
  std::vector<std::string> cacert;
  std::vector<std::string> crl;
  std::string host;
  std::string at;
  int seclevel = 2;
  int warn_days = 30;
  PasswordOptions password;
};

struct CheckRun {
  chain::CheckResult result;
  chain::Role role = chain::Role::Client;
  core::TimePoint at;
  chain::Identity identity;
};

struct CheckFailure {
  core::Error error;
  bool identity_unreadable = false;  // the identity judged could not be read (vs. a CA or CRL file)
  chain::Role role = chain::Role::Client;
};

// The identity of --cert/--key/--chain or --p12: the leaf is the certificate the key belongs to.
[[nodiscard]] core::Result<chain::Identity> load_identity(const CheckArgs& args, const x509::PasswordProvider& password);
[[nodiscard]] core::Result<std::vector<x509::Certificate>> load_anchors(const std::vector<std::string>& files,
                                                                        const x509::PasswordProvider& password);
[[nodiscard]] core::Result<std::vector<x509::Crl>> load_crls(const std::vector<std::string>& files,
                                                             const x509::PasswordProvider& password);

[[nodiscard]] std::expected<CheckRun, CheckFailure> run_check(const CheckArgs& args, const core::Clock& clock);

}  // namespace mtlsdoctor::cli
