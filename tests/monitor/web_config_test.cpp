// --web-config: exporter-toolkit's format read into typed values (relative paths from the file's
// directory), every mistake an error at file:line:column, keys we do not honour refused rather
// than ignored, and a password hash never echoed in an error; Basic credentials decoded.
#include "mtlsdoctor/exporter/web_config.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "web_gate.h"

namespace mtlsdoctor::exporter {
namespace {

constexpr const char* kHash = "$2y$10$AEkM6CP4SmBmapRJwqqHNuteZ790S6XsPKwUAaoThBOJvUqs3HtQC";

std::string error_of(std::string_view yaml) {
  auto c = parse_web_config(yaml, "web.yml", "/etc/mon");
  return c ? std::string("(parsed)") : c.error().describe();
}

TEST(WebConfig, ReadsExporterToolkitsFormat) {
  const std::string yaml = fmt::format(R"(tls_server_config:
  cert_file: exporter.crt
  key_file: /secret/exporter.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: scrapers-ca.pem
  client_allowed_sans: [prometheus.example.net, 192.0.2.9]
  client_policy: scrapers.yaml
  min_version: TLS13
http_server_config:
  http2: true
  headers:
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  prometheus: '{}'
)",
                                       kHash);
  auto c = parse_web_config(yaml, "/etc/mon/web.yml", "/etc/mon");
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_TRUE(c->tls);
  EXPECT_EQ(c->tls->cert_file, "/etc/mon/exporter.crt");
  EXPECT_EQ(c->tls->key_file, "/secret/exporter.key");
  EXPECT_EQ(c->tls->client_auth, ClientAuth::RequireAndVerifyClientCert);
  EXPECT_EQ(*c->tls->client_ca_file, "/etc/mon/scrapers-ca.pem");
  EXPECT_EQ(c->tls->client_allowed_sans, (std::vector<std::string>{"prometheus.example.net", "192.0.2.9"}));
  EXPECT_EQ(*c->tls->client_policy, "/etc/mon/scrapers.yaml");
  EXPECT_EQ(c->tls->min_version, TlsLevel::Tls13);
  EXPECT_EQ(c->tls->max_version, TlsLevel::Tls13);
  ASSERT_EQ(c->headers.size(), 1u);
  EXPECT_EQ(c->headers[0].first, "Strict-Transport-Security");
  ASSERT_EQ(c->basic_auth_users.size(), 1u);
  EXPECT_EQ(c->basic_auth_users[0].first, "prometheus");
  EXPECT_EQ(c->basic_auth_users[0].second, kHash);
  // What a reload watches: the file itself, then every file it names.
  const auto files = c->files();
  ASSERT_EQ(files.size(), 5u);
  EXPECT_EQ(files[0], "/etc/mon/web.yml");
}

TEST(WebConfig, AnEmptyFileIsPlainHttpWithoutAuthentication) {
  auto c = parse_web_config("", "web.yml", "/etc/mon");
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_FALSE(c->tls);
  EXPECT_TRUE(c->basic_auth_users.empty());
}

TEST(WebConfig, EveryMistakeIsAnErrorAtItsPlace) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tls_config:\n  cert_file: a\n", "web.yml:1:1: unknown key 'tls_config' in the web configuration"},
      {"tls_server_config:\n  cert_file: a\n", "needs cert_file and key_file"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireClientCert\n",
       "web.yml:4:21: 'client_auth_type': 'RequireClientCert' is not one of NoClientCert, RequestClientCert"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n",
       "needs client_ca_file"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n",
       "client_auth_type NoClientCert does not verify client certificates"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  client_policy: p.yaml\n",
       "NoClientCert does not ask for one"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS10\n",
       "web.yml:4:16: 'min_version': TLS10 is not supported by mtls-doctor"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n",
       "min_version TLS13 is above max_version TLS12"},
      {"tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n",
       "web.yml:4:3: 'cipher_suites' is not supported by mtls-doctor"},
      {"http_server_config:\n  headers:\n    Server: x\n", "web.yml:3:5: header 'Server' cannot be set here"},
      {"http_server_config:\n  http2: maybe\n", "'http2': 'maybe' is not true or false"},
      {"basic_auth_users:\n  'a:b': x\n", "a user name is printable ASCII without ':'"},
      {"tls_server_config: [a]\n", "tls_server_config must be a mapping"},
      {"basic_auth_users: {a: 1, a: 2}\n", "key 'a' appears twice"},
      {"tls_server_config:\n  cert_file: [a\n", "web.yml:3:1: not valid YAML"},
  };
  for (const auto& [yaml, want] : cases) {
    const auto got = error_of(yaml);
    EXPECT_NE(got.find(want), std::string::npos) << yaml << "\n  got: " << got << "\n  want: " << want;
  }
}

TEST(WebConfig, APasswordGivenForAHashIsRefusedAndNeverEchoed) {
  const auto got = error_of("basic_auth_users:\n  prometheus: hunter2-plain\n");
  EXPECT_NE(got.find("web.yml:2:15: basic_auth_users: the value for 'prometheus' is not a bcrypt hash"),
            std::string::npos)
      << got;
  EXPECT_EQ(got.find("hunter2"), std::string::npos) << got;
}

TEST(WebConfig, AFileThatCannotBeReadIsNamed) {
  auto c = load_web_config("/nonexistent/web.yml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().describe().find("/nonexistent/web.yml"), std::string::npos);
  EXPECT_NE(c.error().describe().find("cannot read the web configuration"), std::string::npos);
  auto d = load_web_config("/");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().describe().find("is a directory"), std::string::npos);
}

TEST(BasicCredentials, DecodesRfc7617AndRefusesTheMalformed) {
  using detail::basic_credentials;
  // base64("prom:s3cret:with:colons") — the password may hold colons, the user may not.
  auto c = basic_credentials("Basic cHJvbTpzM2NyZXQ6d2l0aDpjb2xvbnM=");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first, "prom");
  EXPECT_EQ(c->second, "s3cret:with:colons");
  auto lower = basic_credentials("basic YTpi");  // the scheme is case-insensitive
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->first, "a");
  EXPECT_EQ(lower->second, "b");
  auto empty_password = basic_credentials("Basic YTo=");  // "a:"
  ASSERT_TRUE(empty_password);
  EXPECT_EQ(empty_password->second, "");
  EXPECT_FALSE(basic_credentials("Bearer YTpi"));
  EXPECT_FALSE(basic_credentials("Basic "));
  EXPECT_FALSE(basic_credentials("Basic YWJj"));   // "abc": no colon
  EXPECT_FALSE(basic_credentials("Basic YTpi="));  // not a multiple of 4
  EXPECT_FALSE(basic_credentials("Basic ****"));
  EXPECT_FALSE(basic_credentials(std::string(5000, 'A')));
}

}  // namespace
}  // namespace mtlsdoctor::exporter
