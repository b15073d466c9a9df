// The flags of `diagnose` and their translation into a typed diagnose::Request.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "mtlsdoctor/diagnose/session.h"
#include "password.h"

namespace mtlsdoctor::cli {

struct DiagnoseArgs {
  std::string target;
  std::string cert, key, chain, p12;
  std::vector<std::string> cacert, crl;
  std::string servername, connect_to, source_address;
  bool tls12 = false;
  bool tls13 = false;
  int seclevel = 2;
  double timeout = 10;
  bool no_request = false;
  std::string starttls;  // "postgres", "smtp" (validated by CLI11)
  std::string pg_user = "mtls-doctor";
  std::string pg_database;
  std::string targets_file;
  int concurrency = 50;
  std::vector<std::string> identities;
  int try_best = 3;
  std::string policy;                      // read the verdict against this access policy
  std::string server_config, server_type;  // … or against this server configuration
  PasswordOptions password;
};

// --policy: the access denial read against the policy (the rule that denies, near misses), or the
// disagreement between the server and the policy; the connection's source is --source-address.
// --server-config: the live verdict read against the configuration's prediction (the line that
// refuses, or the disagreement).
[[nodiscard]] std::expected<void, core::Error> apply_server_config(const DiagnoseArgs& args,
                                                                   const diagnose::Prepared& prepared,
                                                                   core::Report& report, core::TimePoint now);
[[nodiscard]] std::expected<void, core::Error> apply_policy(const DiagnoseArgs& args,
                                                            const diagnose::Prepared& prepared, core::Report& report,
                                                            core::TimePoint now);

// The flags checked and typed; usage errors name the flag.
[[nodiscard]] std::expected<diagnose::Request, core::Error> request_from(const DiagnoseArgs& args);

}  // namespace mtlsdoctor::cli
