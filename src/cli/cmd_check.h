// The flags of `check`, shared with `lab verify` (which replays a manifest through check).
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check_run.h"
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
  std::string server_config, server_type, server_name, source_address;  // check --server-config
  PasswordOptions password;
};

// The flags checked and typed; usage errors name the flag.
[[nodiscard]] std::expected<chain::CheckRequest, core::Error> check_request(const CheckArgs& args,
                                                                            const core::Clock& clock);

}  // namespace mtlsdoctor::cli
