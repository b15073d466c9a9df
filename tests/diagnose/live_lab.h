// The lab that the live diagnose tests share (live_test.cpp, live_runtimes_test.cpp): one
// `mtls-doctor lab create` per test binary, and diagnose run against a loopback port with its
// identities.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run.h"

namespace mtlsdoctor::testsupport {

extern const std::string kBinary;

struct Lab {
  TempDir dir{"mtlsd-live"};
  nlohmann::json manifest;
  Lab();
  [[nodiscard]] const nlohmann::json& entry(const std::string& name) const;
};

// Made on first use, removed at exit.
Lab& lab();

struct Verdict {
  std::string cause;
  std::string rejected_by;
  int exit_code = -1;
  nlohmann::json json;
  std::string raw;
};

// `mtls-doctor diagnose 127.0.0.1:PORT --format json --timeout 3 EXTRA…` in the lab's directory.
[[nodiscard]] Verdict diagnose(std::uint16_t port, const std::vector<std::string>& extra);

// --cert/--key/--chain/--p12/--password-file of a lab identity, and its --crl unless !with_crl.
[[nodiscard]] std::vector<std::string> identity_args(const std::string& name, bool with_crl = true);

extern const std::vector<std::string> kServerTrust;

// openssl s_server as the lab expects it: requires a client certificate under client-ca.pem,
// checks the leaf's CRL, answers -www; `version` "-tls1_2" or "-tls1_3".
[[nodiscard]] std::vector<std::string> s_server_args(const std::string& version,
                                                     const std::string& server_identity = "server-good");

}  // namespace mtlsdoctor::testsupport
