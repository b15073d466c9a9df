// `check` as one library call: the files named in, the verdict and the path out. The CLI's
// `check` and `lab verify` (which replays a manifest) both go through it.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::chain {

struct CheckRequest {
  Role role = Role::Client;
  x509::IdentityFiles identity;
  std::vector<std::string> cacert;  // what the judging peer trusts
  std::vector<std::string> crl;
  std::optional<std::string> host;  // server role: the name or IP clients connect to
  core::TimePoint at;
  int security_level = 2;
  std::chrono::days expiry_warning{30};
};

struct CheckRun {
  CheckResult result;
  Role role = Role::Client;
  core::TimePoint at;
  Identity identity;
};

struct CheckFailure {
  core::Error error;
  bool identity_unreadable = false;  // the identity judged could not be read (vs. a CA or CRL file)
  Role role = Role::Client;

  // The cause a JSON verdict names when the identity itself is unreadable (DIAGNOSES.md).
  [[nodiscard]] std::optional<core::FindingId> identity_cause() const noexcept;
};

[[nodiscard]] std::expected<CheckRun, CheckFailure> check_files(const CheckRequest& request,
                                                                const x509::PasswordProvider& password);

}  // namespace mtlsdoctor::chain
