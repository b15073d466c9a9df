// diagnose against nginx, which never fails the handshake over a client certificate: it
// answers HTTP 400 ("No required SSL certificate was sent", "The SSL certificate error"), and
// 403 where an access rule refuses a valid certificate.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace nginx_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

class Nginx : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    s_lab = std::make_unique<TempDir>("mtlsd-nginx");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    write_server_fullchain(s_lab->path());
    write_foreign_leaf_alone(s_lab->path());
  }
  static void TearDownTestSuite() { s_lab.reset(); }

  // nginx with ssl_verify_client `mode`, an OU=payments allowlist answering 403, CRLs.
  // `h2`: `listen … ssl http2`, so ALPN may choose h2.
  std::unique_ptr<ServerProcess> start(const std::string& mode, bool h2 = false) {
    const auto& dir = s_lab->path();
    m_port = closed_port();
    const std::string d = dir.string();
    // `user root`: the lab lives in a 0700 temp dir the default worker user could not read.
    const std::string conf =
        "worker_processes 1;\nuser root;\ndaemon off;\npid " + d + "/nginx-" + mode + ".pid;\nerror_log " + d +
        "/nginx-error.log info;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n"
        "  client_body_temp_path " +
        d + "/tmp-body;\n  proxy_temp_path " + d +
        "/tmp-proxy;\n"
        "  fastcgi_temp_path " +
        d + "/tmp-fcgi;\n  uwsgi_temp_path " + d +
        "/tmp-uwsgi;\n"
        "  scgi_temp_path " +
        d +
        "/tmp-scgi;\n"
        "  map $ssl_client_s_dn $allowed { default 0; ~OU=payments 1; }\n"
        "  server {\n    listen 127.0.0.1:" +
        std::to_string(m_port) + (h2 ? " ssl http2;\n" : " ssl;\n") + "    ssl_certificate " + d +
        "/server-fullchain.pem;\n"
        "    ssl_certificate_key " +
        d +
        "/server-good.key;\n"
        "    ssl_client_certificate " +
        d +
        "/client-ca.pem;\n"
        "    ssl_crl " +
        d +
        "/client-crl.pem;\n"
        "    ssl_verify_client " +
        mode +
        ";\n    ssl_verify_depth 3;\n"
        "    location /net/ { root " +
        d +
        "/www; allow 127.0.0.2; deny all; }\n"
        "    location / {\n"
        "      if ($ssl_client_verify != SUCCESS) { return 400 \"The SSL certificate error\\n\"; }\n"
        "      if ($allowed = 0) { return 403; }\n      return 200 \"ok\\n\";\n    }\n  }\n}\n";
    write_file(dir / ("nginx-" + mode + ".conf"), conf);
    std::filesystem::create_directories(dir / "www" / "net");
    write_file(dir / "www" / "net" / "index.html", "ok\n");
    return std::make_unique<ServerProcess>("nginx", std::vector<std::string>{"-c", d + "/nginx-" + mode + ".conf"}, dir,
                                           m_port);
  }

  nlohmann::json diagnose(const std::string& identity) {
    auto r = run_program(kBinary, lab_diagnose_args(s_lab->path(), m_port, identity),
                         {.cwd = s_lab->path(), .timeout = std::chrono::seconds(30)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.describe();
    return j.is_discarded() ? nlohmann::json::object() : j;
  }

  static std::unique_ptr<TempDir> s_lab;
  std::uint16_t m_port = 0;
};

std::unique_ptr<TempDir> Nginx::s_lab;

TEST_P(Nginx, HttpAnswersBecomeTheRightCause) {
  auto server = start(GetParam());
  ASSERT_TRUE(server->ok()) << server->output() << read_file(*s_lab / "nginx-error.log");
  const bool required = GetParam() == "on";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"client-good", "ok", "none"},
      {"", "client-cert-missing", "server"},
      {"client-other-ca", "client-cert-untrusted-issuer", "server"},
      {"client-no-intermediate", "client-chain-incomplete", "server"},
      // The foreign leaf alone, as clients send it (issue 11): not a missing intermediate.
      {kForeignLeafAlone, "client-cert-untrusted-issuer", "server"},
      {"client-expired", "client-cert-expired", "server"},
      {"client-not-yet-valid", "client-cert-not-yet-valid", "server"},
      {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "server"},
      {"client-bad-key-usage", "client-cert-bad-key-usage", "server"},
      {"client-revoked", "client-cert-revoked", "server"},
      {"client-wrong-ou", "client-access-denied", "server"},
  };
  for (const auto& [identity, cause, side] : cases) {
    SCOPED_TRACE(identity + " with ssl_verify_client " + GetParam());
    const auto j = diagnose(identity);
    // With `optional` and no certificate, nginx's own check answers 400 "The SSL certificate error".
    const std::string want = !required && identity.empty() ? "client-cert-missing" : cause;
    EXPECT_EQ(j["verdict"]["cause"], want) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], side) << j.dump(2);
  }
}

// A source-network rule: the certificate is fine, the address is not (nginx: allow/deny,
// checked on a static file since `return` runs before access rules).
TEST_P(Nginx, SourceAddressRuleIsAccessDenied) {
  auto server = start(GetParam());
  ASSERT_TRUE(server->ok()) << server->output();
  for (const std::string source : {"127.0.0.1", "127.0.0.2"}) {
    SCOPED_TRACE(source);
    auto args = lab_diagnose_args(s_lab->path(), m_port, "client-good");
    args[1] = "https://localhost:" + std::to_string(m_port) + "/net/";
    args.insert(args.end(), {"--connect-to", "127.0.0.1:" + std::to_string(m_port), "--source-address", source});
    auto r = run_program(kBinary, args, {.cwd = s_lab->path(), .timeout = std::chrono::seconds(30)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.describe();
    EXPECT_EQ(j["verdict"]["cause"], source == "127.0.0.2" ? "ok" : "client-access-denied") << j.dump(2);
  }
}

// diagnose --policy: the denial read against the policy the server is meant to enforce.
TEST_P(Nginx, PolicyNamesTheRuleOrTheDisagreement) {
  auto server = start(GetParam());
  ASSERT_TRUE(server->ok()) << server->output();
  const auto& dir = s_lab->path();
  write_file(dir / "same.yaml",
             "version: 1\nrules:\n  - name: payments\n    action: allow\n    match: {subject: {OU: payments}}\n");
  write_file(dir / "open.yaml", "version: 1\ndefault: allow\n");
  write_file(dir / "strict.yaml",
             "version: 1\nrules:\n  - name: only-sales\n    action: allow\n"
             "    match: {subject: {OU: sales}}\n");
  const auto run = [&](const std::string& identity, const std::string& policy) {
    auto args = lab_diagnose_args(dir, m_port, identity);
    args.insert(args.end(), {"--policy", policy});
    auto r = run_program(kBinary, args, {.cwd = dir, .timeout = std::chrono::seconds(30)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.describe();
    return j;
  };
  const auto has = [](const nlohmann::json& j, const std::string& id) {
    for (const auto& f : j["findings"]) {
      if (f["id"] == id) return true;
    }
    return false;
  };
  // The server denies, and so does the policy: the finding names the decision and the near miss.
  auto denied = run("client-wrong-ou", "same.yaml");
  EXPECT_EQ(denied["verdict"]["cause"], "client-access-denied") << denied.dump(2);
  bool named = false;
  for (const auto& f : denied["findings"]) {
    if (f["id"] != "client-access-denied") continue;
    named = f["evidence"]["policy"]["decision"] == "deny" && f["evidence"]["policy"]["rule"].is_null() &&
            f["fix"][0].get<std::string>().find(
                "rule payments (line 3) would allow you if your subject.OU were "
                "payments") == 0;
  }
  EXPECT_TRUE(named) << denied.dump(2);
  // The server denies what the policy allows, and accepts what it denies.
  EXPECT_TRUE(has(run("client-wrong-ou", "open.yaml"), "policy-allows-refused"));
  auto accepted = run("client-good", "strict.yaml");
  EXPECT_EQ(accepted["verdict"]["cause"], "ok");
  EXPECT_TRUE(has(accepted, "policy-denies-accepted")) << accepted.dump(2);
  EXPECT_FALSE(has(run("client-good", "same.yaml"), "policy-denies-accepted"));
}

// Issue 15: when ALPN chooses h2, the request goes in HTTP/2 (preface, SETTINGS, HEADERS) and
// nginx's answer is read from its frames: its 400 and 403 give the same causes as over HTTP/1.1.
TEST_P(Nginx, Http2AnswersGiveTheSameCauses) {
  auto server = start(GetParam(), true);
  ASSERT_TRUE(server->ok()) << server->output() << read_file(*s_lab / "nginx-error.log");
  const std::vector<std::tuple<std::string, std::string, int>> cases = {
      {"client-good", "ok", 200},
      {"client-wrong-ou", "client-access-denied", 403},
      {"client-expired", "client-cert-expired", 400},
      {"", "client-cert-missing", 400},
  };
  for (const auto& [identity, cause, status] : cases) {
    SCOPED_TRACE(identity + " with ssl_verify_client " + GetParam());
    auto args = lab_diagnose_args(s_lab->path(), m_port, identity);
    args.insert(args.end(), {"--alpn", "h2,http/1.1"});
    auto r = run_program(kBinary, args, {.cwd = s_lab->path(), .timeout = std::chrono::seconds(30)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.describe();
    EXPECT_EQ(j["handshake"]["alpn"], "h2") << j.dump(2);
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    ASSERT_TRUE(j["handshake"]["http"].is_object()) << j.dump(2);
    EXPECT_EQ(j["handshake"]["http"]["status"], status) << j.dump(2);
    EXPECT_EQ(j["handshake"]["http"]["server"].get<std::string>().rfind("nginx", 0), 0u) << j.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(VerifyClient, Nginx, ::testing::Values("on", "optional"));

}  // namespace
}  // namespace nginx_test
}  // namespace mtlsdoctor::testsupport
