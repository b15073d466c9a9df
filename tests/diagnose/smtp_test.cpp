// diagnose --starttls smtp against a small Python SMTP server (py_smtp_server.py): the clear-text
// dialogue of RFC 3207, then TLS requiring a client certificate (Python's ssl, which names no
// acceptable CAs), then EHLO again over TLS.
//
// What it did, observed here: every certificate fault is an OpenSSL alert (48, 45, 44, 43, and
// 40 under TLS 1.2 / 116 under TLS 1.3 for no certificate), during the handshake under TLS 1.2
// and in answer to our EHLO over TLS under TLS 1.3; an accepted certificate gets 250.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace smtp_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

class Smtp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_lab = std::make_unique<TempDir>("mtlsd-smtp");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    write_file(*s_lab / "server-fullchain.pem",
               read_file(*s_lab / "server-good.crt") + read_file(*s_lab / "server-good-chain.pem"));
  }
  static void TearDownTestSuite() { s_lab.reset(); }
  void SetUp() override {
    if (run_program("python3", {"--version"}).exit_code != 0) GTEST_SKIP() << "python3 is not installed";
  }

  // The server in `mode` (see py_smtp_server.py); the port it listens on.
  std::unique_ptr<ServerProcess> start(const std::string& mode) {
    const std::string script = std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/py_smtp_server.py";
    auto server =
        std::make_unique<ServerProcess>("python3",
                                        std::vector<std::string>{script, "server-fullchain.pem", "server-good.key",
                                                                 "client-ca.pem", "client-crl.pem", mode},
                                        s_lab->path());
    EXPECT_TRUE(server->ok()) << server->output();
    return server;
  }

  static nlohmann::json diagnose(std::uint16_t port, const std::string& identity,
                                 const std::vector<std::string>& extra = {}) {
    auto args = lab_diagnose_args(s_lab->path(), port, identity);
    args[1] = "smtp://127.0.0.1:" + std::to_string(port);
    args.insert(args.end(), extra.begin(), extra.end());
    return run_json(s_lab->path(), args);
  }

  static std::unique_ptr<TempDir> s_lab;
};

std::unique_ptr<TempDir> Smtp::s_lab;

class SmtpTls : public Smtp, public ::testing::WithParamInterface<std::string> {};

// Each lab identity, the verdict on it and its confidence.
const std::vector<std::tuple<std::string, std::string, std::string>> kClientFaults = {
    {"client-good", "ok", "certain"},
    {"", "client-cert-missing", "certain"},
    // No acceptable CA names from Python: the chain's shape is the only clue.
    {"client-other-ca", "client-cert-untrusted-issuer", "possible"},
    {"client-no-intermediate", "client-chain-incomplete", "possible"},
    {"client-expired", "client-cert-expired", "certain"},
    {"client-revoked", "client-cert-revoked", "certain"},
    {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "certain"},
};

TEST_P(SmtpTls, EveryClientFaultGetsItsVerdict) {
  auto server = start("starttls");
  ASSERT_TRUE(server->ok());
  for (const auto& [identity, cause, confidence] : kClientFaults) {
    SCOPED_TRACE(identity + " " + GetParam());
    const auto j = diagnose(server->port(), identity, {GetParam()});
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], cause == "ok" ? "none" : "server") << j.dump(2);
    EXPECT_EQ(j["verdict"]["confidence"], confidence) << j.dump(2);
  }
}

TEST_P(SmtpTls, TheTranscriptShowsTheDialogueAndTheAnswer) {
  auto server = start("starttls");
  ASSERT_TRUE(server->ok());
  auto j = diagnose(server->port(), "client-good", {GetParam()});
  const auto& h = j["handshake"];
  EXPECT_EQ(h["starttls"], "smtp");
  std::vector<std::string> clear_text;
  for (const auto& m : h["messages"]) {
    if (m["stage"] == "starttls") clear_text.push_back(m["direction"].get<std::string>());
  }
  // 220 greeting, EHLO, 250, STARTTLS, 220.
  EXPECT_EQ(clear_text, (std::vector<std::string>{"received", "sent", "received", "sent", "received"})) << h.dump(2);
  EXPECT_EQ(h["smtp"]["code"], 250) << h.dump(2);
  EXPECT_GT(h["timings_ms"]["starttls"].get<double>(), 0.0);

  j = diagnose(server->port(), "client-expired", {GetParam()});
  ASSERT_FALSE(j["handshake"]["alerts"].empty()) << j.dump(2);
  EXPECT_EQ(j["handshake"]["alerts"][0]["code"], 45);
  EXPECT_EQ(j["handshake"]["alerts"][0]["after_handshake"].get<bool>(), GetParam() == "--tls1.3");
}

// Through an https:// proxy: TLS with the proxy, CONNECT inside it, then the SMTP dialogue and
// the target's TLS inside that tunnel; the verdicts are those of the direct connection.
TEST_P(SmtpTls, ThroughAnHttpsProxyTheVerdictsAreTheSame) {
  auto server = start("starttls");
  ASSERT_TRUE(server->ok());
  const auto recorded = s_lab->path() / ("smtp-connects" + GetParam() + ".txt");
  auto proxy = https_connect_proxy(s_lab->path(), recorded);
  ASSERT_TRUE(proxy->ok()) << proxy->output();
  const std::vector<std::string> via{"--proxy", https_proxy_url(*proxy), "--proxy-cacert", "server-ca.pem", GetParam()};
  for (const auto& [identity, cause, confidence] : kClientFaults) {
    SCOPED_TRACE(identity + " " + GetParam());
    auto j = diagnose(server->port(), identity, via);  // not const: a missing key fails, not aborts
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], cause == "ok" ? "none" : "server") << j.dump(2);
    EXPECT_EQ(j["verdict"]["confidence"], confidence) << j.dump(2);
    auto& h = j["handshake"];
    EXPECT_EQ(h["proxy"]["scheme"], "https") << h.dump(2);
    EXPECT_EQ(h["proxy"]["status"], 200) << h.dump(2);
    EXPECT_EQ(h["starttls"], "smtp");
    EXPECT_EQ(h["version"], GetParam() == "--tls1.3" ? "TLSv1.3" : "TLSv1.2") << h.dump(2);
    if (cause == "ok") {
      EXPECT_EQ(h["smtp"]["code"], 250) << h.dump(2);
    }
  }
  EXPECT_NE(read_file(recorded).find("CONNECT 127.0.0.1:" + std::to_string(server->port()) + " HTTP/1.1\r\n"),
            std::string::npos);
  // What goes wrong in the dialogue inside the tunnel is still named.
  auto plain = start("no-starttls");
  ASSERT_TRUE(plain->ok());
  auto j = diagnose(plain->port(), "client-good", via);
  EXPECT_EQ(j["verdict"]["cause"], "starttls-not-offered") << j.dump(2);
  EXPECT_EQ(j["handshake"]["stopped_at"], "starttls") << j.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Tls, SmtpTls, ::testing::Values("--tls1.2", "--tls1.3"),
                         [](const auto& info) { return info.param == "--tls1.2" ? "TLS12" : "TLS13"; });

// What goes wrong before TLS gets its own name, within the timeout.
TEST_F(Smtp, FaultsBeforeTlsAreNamed) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"no-starttls", "starttls-not-offered", "negotiation"},
      {"refuse", "starttls-refused", "negotiation"},
      {"not-smtp", "unexpected-protocol", "network"},
      {"endless", "unexpected-protocol", "network"},
  };
  for (const auto& [mode, cause, side] : cases) {
    SCOPED_TRACE(mode);
    auto server = start(mode);
    ASSERT_TRUE(server->ok());
    const auto j = diagnose(server->port(), "client-good");
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], side) << j.dump(2);
    EXPECT_EQ(j["handshake"]["stopped_at"], "starttls") << j.dump(2);
  }
  // A server that never greets (a TLS-first port, or anything waiting for the client).
  HostileServer silent(Hostility::Silent);
  const auto j = run_json(s_lab->path(), {"diagnose", "127.0.0.1:" + std::to_string(silent.port()), "--starttls",
                                          "smtp", "--timeout", "2", "--format", "json"});
  EXPECT_EQ(j["verdict"]["cause"], "connection-timeout") << j.dump(2);
  EXPECT_EQ(j["handshake"]["stopped_at"], "starttls") << j.dump(2);
}

TEST_F(Smtp, StartTlsAndAnotherSchemeContradict) {
  auto r = run_program(kBinary, {"diagnose", "smtp://127.0.0.1:25", "--starttls", "postgres", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  r = run_program(kBinary, {"diagnose", "127.0.0.1:25", "--starttls", "imap"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
}

}  // namespace
}  // namespace smtp_test
}  // namespace mtlsdoctor::testsupport
