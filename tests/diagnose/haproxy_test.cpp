// diagnose against a real HAProxy 2.6 terminating mTLS (`bind ... ssl verify required`):
// OpenSSL underneath, so every certificate fault ends in OpenSSL's alert, and an ACL on the
// certificate's OU or on the source address answers HTTP 403 after a completed handshake. One
// HAProxy for the whole suite, probed under TLS 1.2 and 1.3.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace haproxy_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

class Haproxy : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    if (run_program("haproxy", {"-v"}).exit_code != 0) return;  // each test skips
    s_lab = std::make_unique<TempDir>("mtlsd-haproxy");
    const auto& lab = s_lab->path();
    auto r = run_program(kBinary, {"lab", "create", lab.string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    // HAProxy takes the certificate, its key and its chain from one file.
    write_file(lab / "haproxy-server.pem", read_file(lab / "server-good.crt") + read_file(lab / "server-good.key") +
                                               read_file(lab / "server-good-chain.pem"));
    s_port = closed_port();
    const std::string l = lab.string() + "/";
    // No `log` line: HAProxy would write to the pipe ServerProcess no longer reads. The /net/
    // rule comes first so that a good certificate reaches it; the OU rule covers the rest.
    const std::string conf =
        "global\n  maxconn 100\n"
        "defaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n  timeout server 5s\n"
        "frontend fe_mtls\n"
        "  bind 127.0.0.1:" +
        std::to_string(s_port) + " ssl crt " + l + "haproxy-server.pem ca-file " + l + "client-ca.pem crl-file " + l +
        "client-crl.pem verify required\n"
        "  http-request deny if { path_beg /net/ } !{ src 192.0.2.1 }\n"
        "  http-request deny unless { ssl_c_s_dn(OU) -m str payments }\n"
        "  http-request return status 200 content-type text/plain string ok\n";
    write_file(lab / "haproxy.cfg", conf);
    // -db: stay in the foreground, so the PID ServerProcess holds is HAProxy itself.
    s_server = std::make_unique<ServerProcess>("haproxy", std::vector<std::string>{"-db", "-f", l + "haproxy.cfg"}, lab,
                                               s_port);
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_lab.reset();
  }
  void SetUp() override {
    if (!s_server) GTEST_SKIP() << "haproxy is not installed (scripts/install-deps.sh)";
    ASSERT_TRUE(s_server->ok()) << s_server->output();
  }

  static std::unique_ptr<TempDir> s_lab;
  static std::unique_ptr<ServerProcess> s_server;
  static std::uint16_t s_port;
};

std::unique_ptr<TempDir> Haproxy::s_lab;
std::unique_ptr<ServerProcess> Haproxy::s_server;
std::uint16_t Haproxy::s_port = 0;

TEST_P(Haproxy, EveryLabFaultGetsItsVerdict) {
  expect_openssl_peer_verdicts(s_lab->path(), s_port, GetParam());
}

// `http-request deny if !{ src 192.0.2.1 }` refuses 127.0.0.1: a valid certificate, an HTTP
// 403, the same cause as an OU rule.
TEST_P(Haproxy, SourceAddressRuleIsAccessDenied) {
  expect_source_rule_denies(s_lab->path(), s_port, GetParam());
}

INSTANTIATE_TEST_SUITE_P(, Haproxy, ::testing::Values("--tls1.2", "--tls1.3"),
                         [](const auto& info) { return info.param == "--tls1.2" ? "TLS12" : "TLS13"; });

}  // namespace
}  // namespace haproxy_test
}  // namespace mtlsdoctor::testsupport
