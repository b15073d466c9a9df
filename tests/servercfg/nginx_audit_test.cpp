// check --server-config against nginx itself: for hand-written configurations, the audit's
// answer (and the line it names) must be what the real nginx does with the same identity
// (started on loopback from that configuration, asked with curl).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "diagnose/peers.h"
#include "mtlsdoctor/servercfg/config.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
namespace {

const std::string kBinary = MTLSD_BINARY;

class NginxAudit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_lab = std::make_unique<TempDir>("mtlsd-audit");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const auto& d = s_lab->path();
    write_file(d / "server-fullchain.pem", read_file(d / "server-good.crt") + read_file(d / "server-good-chain.pem"));
    for (const char* id : {"client-good", "client-wrong-ou", "client-expired", "client-other-ca", "client-revoked"}) {
      std::string full = read_file(d / (std::string(id) + ".crt"));
      if (std::filesystem::exists(d / (std::string(id) + "-chain.pem"))) {
        full += read_file(d / (std::string(id) + "-chain.pem"));
      }
      write_file(d / (std::string(id) + "-full.pem"), full);
    }
    std::filesystem::create_directories(d / "www");
    write_file(d / "www" / "index.html", "ok\n");
    write_file(d / "maps.conf", "map $ssl_client_s_dn $allowed {\n  default 0;\n  ~OU=payments 1;\n}\n");
  }
  static void TearDownTestSuite() { s_lab.reset(); }

  // nginx.conf with `server_body` in the TLS server block (its first line is line 15).
  std::filesystem::path write_conf(const std::string& name, const std::string& server_body) {
    const auto& dir = s_lab->path();
    m_port = closed_port();
    const std::string d = dir.string();
    const std::string conf =
        "worker_processes 1;\nuser root;\ndaemon off;\npid " + d + "/" + name + ".pid;\nerror_log " + d + "/" + name +
        "-error.log info;\nevents { worker_connections 64; }\n"
        "http {\n  access_log off;\n  include maps.conf;\n  client_body_temp_path " +
        d + "/tmp-body;\n  server {\n    listen 127.0.0.1:" + std::to_string(m_port) +
        " ssl;\n    ssl_certificate server-fullchain.pem;\n    ssl_certificate_key server-good.key;\n" + server_body +
        "  }\n}\n";
    const auto path = dir / (name + ".conf");
    write_file(path, conf);
    return path;
  }

  // What nginx answers this identity from `source`: the HTTP status (0: no answer).
  int curl(const std::string& identity, const std::string& source = "127.0.0.1") {
    const auto& dir = s_lab->path();
    auto r = run_program(
        "curl",
        {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", "server-ca.pem", "--cert", identity + "-full.pem",
         "--key", identity + ".key", "--interface", source, "--resolve",
         "localhost:" + std::to_string(m_port) + ":127.0.0.1", "https://localhost:" + std::to_string(m_port) + "/"},
        {.cwd = dir, .timeout = std::chrono::seconds(20)});
    return std::atoi(r.out.c_str());
  }

  nlohmann::json audit(const std::filesystem::path& conf, const std::string& identity,
                       const std::string& source = "127.0.0.1") {
    auto r = run_program(kBinary,
                         {"check", "--cert", identity + "-full.pem", "--server-config", conf.string(), "--server-name",
                          "localhost", "--source-address", source, "--format", "json"},
                         {.cwd = s_lab->path(), .timeout = std::chrono::seconds(20)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.describe();
    return j.is_discarded() ? nlohmann::json::object() : j;
  }

  static std::string config_of(const nlohmann::json& j) {
    for (const auto& f : j["findings"]) {
      if (f["id"] == j["verdict"]["cause"] && f["evidence"].contains("config")) return f["evidence"]["config"];
    }
    return "";
  }

  // The audit's verdict must be what nginx does: 200 ↔ ok, 400 ↔ a certificate fault, 403 ↔
  // access denied; and the line named must be `line` of `conf`.
  void expect_same(const std::filesystem::path& conf, const std::string& identity, int status, const std::string& cause,
                   int line, const std::string& source = "127.0.0.1") {
    SCOPED_TRACE(identity + " from " + source + " with " + conf.filename().string());
    EXPECT_EQ(curl(identity, source), status);
    const auto j = audit(conf, identity, source);
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    if (line) {
      EXPECT_EQ(config_of(j), conf.string() + ":" + std::to_string(line)) << j.dump(2);
    }
  }

  static std::unique_ptr<TempDir> s_lab;
  std::uint16_t m_port = 0;
};

std::unique_ptr<TempDir> NginxAudit::s_lab;

TEST_F(NginxAudit, AMapOnTheSubjectAndTheCertificateFaults) {
  const auto conf = write_conf("map",
                               "    ssl_client_certificate client-ca.pem;\n"  // line 15
                               "    ssl_crl client-crl.pem;\n"                // 16
                               "    ssl_verify_client on;\n"                  // 17
                               "    ssl_verify_depth 3;\n"                    // 18
                               "    location / {\n"                           // 19
                               "      if ($allowed = 0) { return 403; }\n"    // 20
                               "      return 200 \"ok\\n\";\n    }\n");
  ServerProcess nginx("nginx", {"-c", conf.string()}, s_lab->path(), m_port);
  ASSERT_TRUE(nginx.ok()) << nginx.output();
  expect_same(conf, "client-good", 200, "ok", 0);
  expect_same(conf, "client-wrong-ou", 403, "client-access-denied", 20);
  expect_same(conf, "client-expired", 400, "client-cert-expired", 17);
  expect_same(conf, "client-other-ca", 400, "client-cert-untrusted-issuer", 15);
  expect_same(conf, "client-revoked", 400, "client-cert-revoked", 16);
}

// ssl_verify_depth counts intermediates (OpenSSL: neither the leaf nor the trust anchor counts):
// nginx's default of 1 takes the lab's leaf → intermediate → root; 0 refuses it.
TEST_F(NginxAudit, VerifyDepthCountsIntermediates) {
  for (const std::string depth : {"", "    ssl_verify_depth 0;\n"}) {
    const auto conf = write_conf("depth",
                                 "    ssl_client_certificate client-ca.pem;\n"
                                 "    ssl_verify_client on;\n" +
                                     depth + "    location / { return 200 \"ok\\n\"; }\n");
    ServerProcess nginx("nginx", {"-c", conf.string()}, s_lab->path(), m_port);
    ASSERT_TRUE(nginx.ok()) << nginx.output();
    if (depth.empty()) {
      expect_same(conf, "client-good", 200, "ok", 0);
    } else {
      expect_same(conf, "client-good", 400, "client-chain-too-long", 17);
    }
  }
}

TEST_F(NginxAudit, SourceRulesAndASerialBlock) {
  auto serial =
      run_program("openssl", {"x509", "-in", "client-wrong-ou.crt", "-noout", "-serial"}, {.cwd = s_lab->path()});
  const std::string hex = serial.out.substr(serial.out.find('=') + 1, serial.out.find('\n') - serial.out.find('=') - 1);
  const std::string www = (s_lab->path() / "www").string();
  const auto conf = write_conf("source",
                               "    ssl_client_certificate client-ca.pem;\n"  // 15
                               "    ssl_verify_client on;\n"                  // 16
                               "    ssl_verify_depth 2;\n"                    // 17
                               "    if ($ssl_client_serial = " +
                                   hex +
                                   ") { return 403; }\n"  // 18
                                   "    location / { root " +
                                   www + "; allow 127.0.0.2; deny all; }\n");  // 19
  ServerProcess nginx("nginx", {"-c", conf.string()}, s_lab->path(), m_port);
  ASSERT_TRUE(nginx.ok()) << nginx.output();
  expect_same(conf, "client-good", 200, "ok", 0, "127.0.0.2");
  expect_same(conf, "client-good", 403, "client-access-denied", 19, "127.0.0.1");
  expect_same(conf, "client-wrong-ou", 403, "client-access-denied", 18, "127.0.0.2");
}

TEST(NginxAuditOffline, RulesItCannotEvaluateAreNeverAPass) {
  TempDir dir;
  auto lab = run_program(kBinary, {"lab", "create", dir.path().string()});
  ASSERT_EQ(lab.exit_code, 0);
  write_file(dir / "n.conf",
             "http {\n server {\n  listen 443 ssl;\n  ssl_client_certificate client-ca.pem;\n"
             "  ssl_verify_client on;\n  ssl_verify_depth 3;\n  location / {\n   auth_request /auth;\n"
             "   if ($http_x_token = \"\") { return 403; }\n  }\n }\n}\n");
  auto r = run_program(kBinary,
                       {"check", "--cert", "client-good.crt", "--chain", "client-good-chain.pem", "--server-config",
                        "n.conf", "--format", "json"},
                       {.cwd = dir.path()});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"]["cause"], "policy-not-evaluated");
  int not_evaluated = 0;
  for (const auto& f : j["findings"]) not_evaluated += f["id"] == "policy-not-evaluated";
  EXPECT_EQ(not_evaluated, 2) << j.dump(2);
}

TEST(NginxConfigParse, ErrorsNameFileAndLine) {
  for (const auto& [text, line] : std::vector<std::pair<std::string, int>>{
           {"http {\n server {\n", 3}, {"events { }\n}\n", 2}, {"a \"unterminated;\n\n", 1}, {"x;\n{\n", 2}}) {
    auto r = servercfg::parse_nginx(text, "t.conf", ".");
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().subject, "t.conf:" + std::to_string(line)) << text << r.error().describe();
  }
  // Includes that are not configuration files: named, never read forever.
  for (const char* include : {"include /dev/zero;\n", "include /;\n", "include /nonexistent/x.conf;\n"}) {
    auto r = servercfg::parse_nginx(include, "t.conf", ".");
    ASSERT_FALSE(r.has_value()) << include;
    EXPECT_FALSE(r.error().subject.empty());
  }
  auto ok = servercfg::parse_nginx("# c\nhttp { map $a $b { default 0; \"~x y\" 1; } server { listen 1 ssl; } }\n",
                                   "t.conf", ".");
  ASSERT_TRUE(ok.has_value()) << ok.error().describe();
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].children[0].children[1].name, "~x y");
}

}  // namespace
}  // namespace mtlsdoctor::testsupport
