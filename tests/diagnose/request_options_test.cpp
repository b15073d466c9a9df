// Issue 15: diagnose's request options against real peers on loopback: --alpn (openssl s_server
// choosing h2 it does not speak, Python's ssl choosing http/1.1), --request-method and --header as a server
// receives them, and --save-chain writing the chain the server sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace request_options_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

class RequestOptions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_lab = std::make_unique<TempDir>("mtlsd-request");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    write_file(*s_lab / "server-fullchain.pem",
               read_file(*s_lab / "server-good.crt") + read_file(*s_lab / "server-good-chain.pem"));
  }
  static void TearDownTestSuite() { s_lab.reset(); }
  static const std::filesystem::path& dir() { return s_lab->path(); }

  static std::unique_ptr<ServerProcess> python(const std::vector<std::string>& modes) {
    std::vector<std::string> args{std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/py_mtls_server.py",
                                  "server-fullchain.pem", "server-good.key", "client-ca.pem"};
    args.insert(args.end(), modes.begin(), modes.end());
    return std::make_unique<ServerProcess>("python3", args, dir());
  }
  static nlohmann::json diagnose(std::uint16_t port, const std::vector<std::string>& more, std::string* raw = nullptr) {
    auto args = lab_diagnose_args(dir(), port, "client-good");
    args.insert(args.end(), more.begin(), more.end());
    return run_json(dir(), args, raw);
  }

  static std::unique_ptr<TempDir> s_lab;
};

std::unique_ptr<TempDir> RequestOptions::s_lab;

TEST_F(RequestOptions, MethodAndHeadersReachTheServerAsGiven) {
  const auto recorded = dir() / "request.txt";
  auto server = python({"--record=" + recorded.string()});
  ASSERT_TRUE(server->ok()) << server->output();
  std::string raw;
  const auto j =
      diagnose(server->port(),
               {"--request-method", "POST", "--header", "X-Trace: abc 123", "--header", "Host: api.example"}, &raw);
  EXPECT_EQ(j["verdict"]["cause"], "ok") << raw;
  const std::string head = read_file(recorded);
  EXPECT_EQ(head.rfind("POST / HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("\r\nX-Trace: abc 123\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nHost: api.example\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Host: localhost"), std::string::npos) << "the user's Host replaces ours: " << head;
  EXPECT_NE(head.find("\r\nContent-Length: 0\r\n"), std::string::npos) << head;
  EXPECT_NE(j["handshake"].dump().find("POST / ("), std::string::npos) << "the transcript shows the method sent";
}

TEST_F(RequestOptions, HeaderWithCrLfIsRefusedBeforeAnythingIsSent) {
  const auto recorded = dir() / "injected.txt";
  auto server = python({"--record=" + recorded.string()});
  ASSERT_TRUE(server->ok()) << server->output();
  auto args = lab_diagnose_args(dir(), server->port(), "client-good");
  args.insert(args.end(), {"--header", "X-A: b\r\nX-Evil: 1"});
  const auto r = run_program(kBinary, args, {.cwd = dir()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("control character"), std::string::npos) << r.describe();
  EXPECT_FALSE(std::filesystem::exists(recorded)) << "no connection was made";
}

TEST_F(RequestOptions, AlpnChosenByTheServerIsRecordedAndHttp11StillGetsItsAnswer) {
  auto server = python({"--alpn=http/1.1"});
  ASSERT_TRUE(server->ok()) << server->output();
  std::string raw;
  const auto j = diagnose(server->port(), {"--alpn", "h2,http/1.1"}, &raw);
  EXPECT_EQ(j["handshake"]["alpn"], "http/1.1") << raw;
  EXPECT_EQ(j["handshake"]["http"]["status"], 200) << raw;
  EXPECT_EQ(j["verdict"]["cause"], "ok") << raw;
  // Without --alpn no protocol is offered, and none is chosen.
  const auto plain = diagnose(server->port(), {});
  EXPECT_FALSE(plain["handshake"].contains("alpn")) << plain.dump();
}

// openssl s_server offers h2 by ALPN (-alpn h2) but answers HTTP/1 only (-www): the HTTP/2
// request gets no answer. The mTLS part succeeded, and the verdict says so: the service behind
// TLS is silent (not "is it a TLS port?"), with the way out (--alpn http/1.1).
TEST_F(RequestOptions, H2ChosenByAServerThatDoesNotSpeakItIsASilentServiceNotANetworkFault) {
  ServerProcess server("openssl",
                       {"s_server", "-accept", "127.0.0.1:0", "-cert", "server-good.crt", "-key", "server-good.key",
                        "-cert_chain", "server-good-chain.pem", "-CAfile", "client-ca.pem", "-Verify", "3",
                        "-verify_return_error", "-alpn", "h2", "-www"},
                       dir());
  ASSERT_TRUE(server.ok()) << server.output();
  auto args = lab_diagnose_args(dir(), server.port(), "client-good");
  const auto timeout = std::ranges::find(args, "--timeout");
  ASSERT_NE(timeout, args.end());
  *std::next(timeout) = "2";
  args.insert(args.end(), {"--alpn", "h2"});
  std::string raw;
  const auto j = run_json(dir(), args, &raw);
  EXPECT_EQ(j["handshake"]["alpn"], "h2") << raw;
  EXPECT_NE(j["handshake"].dump().find("HTTP/2 GET /"), std::string::npos) << "the request went in HTTP/2: " << raw;
  EXPECT_TRUE(j["handshake"]["http"].is_null()) << raw;
  EXPECT_EQ(j["verdict"]["cause"], "connection-timeout") << raw;
  const auto& f = j["findings"][0];
  EXPECT_EQ(f["evidence"]["stage"], "response") << raw;
  EXPECT_EQ(f["evidence"]["handshake_completed"], true) << raw;
  const std::string message = f["message"];
  EXPECT_NE(message.find("handshake completed with the client certificate (TLSv1.3, ALPN h2)"), std::string::npos)
      << raw;
  EXPECT_NE(message.find("so it accepted the certificate"), std::string::npos) << "s_server sends tickets: " << raw;
  EXPECT_NE(f["fix"].dump().find("retry with --alpn http/1.1"), std::string::npos) << raw;
  EXPECT_EQ(f["fix"].dump().find("Is it a TLS port"), std::string::npos) << raw;
}

// A server that answers only once its SETTINGS are acknowledged (RFC 9113 §6.5.3): diagnose
// sends the acknowledgement while it reads, so the answer comes (before: GOAWAY SETTINGS_TIMEOUT).
TEST_F(RequestOptions, H2SettingsAreAcknowledgedSoAStrictServerAnswers) {
  auto server = python({"--alpn=h2", "--h2-strict"});
  ASSERT_TRUE(server->ok()) << server->output();
  std::string raw;
  const auto j = diagnose(server->port(), {"--alpn", "h2"}, &raw);
  EXPECT_EQ(j["handshake"]["alpn"], "h2") << raw;
  ASSERT_FALSE(j["handshake"]["http"].is_null()) << raw;
  EXPECT_EQ(j["handshake"]["http"]["status"], 403) << raw;
}

TEST_F(RequestOptions, SaveChainWritesTheChainAsSent) {
  auto server = python({});
  ASSERT_TRUE(server->ok()) << server->output();
  const auto saved = dir() / "saved-chain.pem";
  std::string raw;
  const auto j = diagnose(server->port(), {"--save-chain", saved.string()}, &raw);
  EXPECT_EQ(j["verdict"]["cause"], "ok") << raw;
  EXPECT_EQ(read_file(saved), read_file(dir() / "server-fullchain.pem"));
  // openssl reads it back: the leaf verifies against the root with the saved chain.
  const auto verified =
      run_program("openssl", {"verify", "-CAfile", "server-ca.pem", "-untrusted", saved.string(), "server-good.crt"},
                  {.cwd = dir()});
  EXPECT_EQ(verified.exit_code, 0) << verified.describe();
}

TEST_F(RequestOptions, SaveChainWithoutAServerChainWritesNothingAndSaysSo) {
  const auto saved = dir() / "never.pem";
  auto args = lab_diagnose_args(dir(), closed_port(), "client-good");
  args.insert(args.end(), {"--save-chain", saved.string()});
  const auto r = run_program(kBinary, args, {.cwd = dir()});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("sent no certificate"), std::string::npos) << r.describe();
  EXPECT_FALSE(std::filesystem::exists(saved));
}

}  // namespace
}  // namespace request_options_test
}  // namespace mtlsdoctor::testsupport
