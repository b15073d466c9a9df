// diagnose against gnutls-serv, which answers access_denied (49) for every verification
// failure, decode_error (50) for a missing certificate under TLS 1.2, and does not enforce the
// clientAuth EKU: the generic alert must still end in the identity's real fault.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace gnutls_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

class Gnutls : public ::testing::TestWithParam<std::string> {};

TEST_P(Gnutls, GenericAccessDeniedIsExplainedByTheIdentity) {
  TempDir lab("mtlsd-gnutls");
  auto made = run_program(kBinary, {"lab", "create", lab.path().string()});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  write_foreign_leaf_alone(lab.path());
  write_server_fullchain(lab.path());
  const auto port = closed_port();
  ServerProcess server("gnutls-serv",
                       {"--http", "--verify-client-cert", "--require-client-cert", "--x509certfile",
                        "server-fullchain.pem", "--x509keyfile", "server-good.key", "--x509cafile", "client-ca.pem",
                        "--x509crlfile", "client-crl.pem", "--port", std::to_string(port)},
                       lab.path(), port);
  ASSERT_TRUE(server.ok()) << server.output();

  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"client-good", "ok", "none"},
      {"", "client-cert-missing", "server"},
      {"client-other-ca", "client-cert-untrusted-issuer", "server"},
      {"client-no-intermediate", "client-chain-incomplete", "server"},
      // The foreign leaf alone, as clients send it (issue 11): not a missing intermediate.
      {kForeignLeafAlone, "client-cert-untrusted-issuer", "server"},
      {"client-expired", "client-cert-expired", "server"},
      {"client-not-yet-valid", "client-cert-not-yet-valid", "server"},
      {"client-revoked", "client-cert-revoked", "server"},
      // gnutls does not check the EKU: accepted, and the fault is still reported as a warning.
      {"client-no-clientauth-eku", "ok", "none"},
  };
  for (const auto& [identity, cause, side] : cases) {
    SCOPED_TRACE(identity + " " + GetParam());
    auto args = lab_diagnose_args(lab.path(), port, identity);
    args.push_back(GetParam());
    auto r = run_program(kBinary, args, {.cwd = lab.path(), .timeout = std::chrono::seconds(30)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.describe();
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], side) << j.dump(2);
    if (identity == "client-no-clientauth-eku") {
      bool warned = false;
      for (const auto& f : j["findings"]) {
        warned = warned || (f["id"] == "client-cert-missing-clientauth-eku" && f["severity"] == "warning");
      }
      EXPECT_TRUE(warned) << j.dump(2);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Tls, Gnutls, ::testing::Values("--tls1.2", "--tls1.3"),
                         [](const auto& info) { return info.param == "--tls1.2" ? "TLS12" : "TLS13"; });

}  // namespace
}  // namespace gnutls_test
}  // namespace mtlsdoctor::testsupport
