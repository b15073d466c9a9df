// monitor serve --web-config, from outside with curl: HTTPS with client certificates verified by
// a CA and judged by a POLICY.md policy or by SANs, bcrypt basic auth (hashes made by Apache's
// htpasswd, not by the library that checks them), exporter-toolkit's headers, plain HTTP on the
// HTTPS port answered 400, every refusal counted and logged without a password, and a reload on
// a changed file (a broken one keeps the configuration in force).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "pki.h"
#include "running_exporter.h"

namespace mtlsdoctor::monitor {
namespace {

struct Answer {
  int status = 0;  // 0: no HTTP answer (curl failed)
  std::string head, body, err;
};

// One curl request to https://localhost:PORT (or `url` as given), its head and body apart.
Answer curl(const std::string& url, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"-sS", "--max-time", "60", "-i", "-w", "\n%{http_code}"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(url);
  const auto r = testsupport::run_program("curl", args, {.timeout = std::chrono::seconds(90)});
  Answer a;
  a.err = r.err;
  const auto nl = r.out.rfind('\n');
  if (nl == std::string::npos) return a;
  a.status = std::atoi(r.out.c_str() + nl + 1);
  const std::string all = r.out.substr(0, nl);
  const auto split = all.find("\r\n\r\n");
  a.head = all.substr(0, split);
  if (split != std::string::npos) a.body = all.substr(split + 4);
  return a;
}

std::string bcrypt_hash(const std::string& password) {
  // Apache's htpasswd, its own bcrypt code ($2y$): not the libxcrypt that checks it.
  const auto r = testsupport::run_program("htpasswd", {"-nbBC", "5", "", password});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string h = r.out;
  while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) h.pop_back();
  return h.substr(h.find(':') + 1);
}

class MonitorServeWeb : public ::testing::Test {
 protected:
  std::string lab(std::string_view n) const { return (test::pki("lab").dir / n).string(); }
  std::filesystem::path dir() const { return m_dir.path(); }

  void SetUp() override {
    const auto& d = m_dir.path();
    // Full chains as curl presents them: the leaf, then its intermediate.
    for (const char* who : {"client-good", "client-wrong-ou", "client-other-ca"}) {
      testsupport::write_file(d / fmt::format("{}.pem", who),
                              testsupport::read_file(lab(fmt::format("{}.crt", who))) +
                                  testsupport::read_file(lab(fmt::format("{}-chain.pem", who))));
    }
    testsupport::write_file(d / "server.pem", testsupport::read_file(lab("server-good.crt")) +
                                                  testsupport::read_file(lab("server-good-chain.pem")));
    testsupport::write_file(
        d / "policy.yaml",
        "version: 1\nrules:\n  - {name: payments, action: allow, match: {subject: {OU: payments}}}\n");
  }

  std::string monitor_yaml() const {
    return fmt::format("version: 1\ninterval: 1h\ndatabase: history.db\nfiles:\n  - path: {}\n",
                       lab("client-good.crt"));
  }

  // monitor serve with dir()/web.yml.
  std::unique_ptr<Running> start() const {
    exporter::ExporterOptions o;
    o.web_config = dir() / "web.yml";
    return std::make_unique<Running>(monitor_yaml(), dir(), std::move(o));
  }

  // https://localhost:PORT/PATH as a client holding `who` (empty: no certificate).
  std::vector<std::string> as(const std::string& who, std::uint16_t port) const {
    std::vector<std::string> a{"--cacert", lab("server-ca.pem"), "--resolve",
                               fmt::format("localhost:{}:127.0.0.1", port)};
    if (!who.empty()) {
      a.insert(a.end(), {"--cert", (m_dir.path() / (who + ".pem")).string(), "--key", lab(who + ".key")});
    }
    return a;
  }

  testsupport::TempDir m_dir{"mtlsd-monitor-web"};
};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(MonitorServeWeb, ClientCertificatesPolicyAndBasicAuthGuardEveryPath) {
  const std::string password = "s3cret-Pa55";
  testsupport::write_file(dir() / "web.yml",
                          fmt::format(R"(tls_server_config:
  cert_file: server.pem
  key_file: {}
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: {}
  client_policy: policy.yaml
http_server_config:
  headers:
    X-Content-Type-Options: nosniff
basic_auth_users:
  prometheus: '{}'
)",
                                      lab("server-good.key"), lab("client-ca.pem"), bcrypt_hash(password)));
  const auto started = start();
  Running& serve = *started;
  ASSERT_TRUE(serve.ok());
  const auto port = serve.port();
  const std::string base = fmt::format("https://localhost:{}", port);
  const std::vector<std::string> auth{"-u", "prometheus:" + password};

  // Allowed: the right certificate and the right password, on every path.
  for (const char* path : {"/metrics", "/api/status", "/"}) {
    const auto ok = curl(base + path, as("client-good", port) + auth);
    EXPECT_TRUE(ok.status == 200 || (std::string_view(path) == "/api/status" && ok.status == 503))
        << path << ": " << ok.status << ok.err << ok.body;
    EXPECT_NE(ok.head.find("X-Content-Type-Options: nosniff"), std::string::npos) << ok.head;
  }
  // No certificate: the handshake fails with the alert (TLS 1.3 certificate_required).
  const auto none = curl(base + "/metrics", as("", port) + auth);
  EXPECT_EQ(none.status, 0);
  EXPECT_NE(none.err.find("certificate required"), std::string::npos) << none.err;
  // A certificate of another CA: unknown_ca.
  const auto foreign = curl(base + "/metrics", as("client-other-ca", port) + auth);
  EXPECT_EQ(foreign.status, 0);
  EXPECT_NE(foreign.err.find("unknown ca"), std::string::npos) << foreign.err;
  // Verified but refused by the policy: 403 naming the rule that would allow it.
  const auto ou = curl(base + "/metrics", as("client-wrong-ou", port) + auth);
  EXPECT_EQ(ou.status, 403) << ou.err;
  EXPECT_NE(ou.body.find("denies the client certificate CN=client-wrong-ou"), std::string::npos) << ou.body;
  EXPECT_NE(ou.body.find("rule payments (line 3) would allow you if your subject.OU were payments (it is marketing)"),
            std::string::npos)
      << ou.body;
  // The right certificate without credentials, or with a wrong password or user: 401 and a challenge.
  const auto anonymous = curl(base + "/metrics", as("client-good", port));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.head.find("WWW-Authenticate: Basic realm=\"mtls-doctor\""), std::string::npos) << anonymous.head;
  EXPECT_EQ(
      curl(base + "/metrics", as("client-good", port) + std::vector<std::string>{"-u", "prometheus:wrong"}).status,
      401);
  EXPECT_EQ(
      curl(base + "/metrics", as("client-good", port) + std::vector<std::string>{"-u", "mallory:" + password}).status,
      401);
  // Plain HTTP on the HTTPS port: Go's answer, not a reset.
  const auto plain = curl(fmt::format("http://127.0.0.1:{}/metrics", port), {});
  EXPECT_EQ(plain.status, 400) << plain.err;
  EXPECT_NE(plain.body.find("Client sent an HTTP request to an HTTPS server."), std::string::npos) << plain.body;

  // Each refusal counted by reason, the second time with cached bcrypt.
  const auto metrics = curl(base + "/metrics", as("client-good", port) + auth);
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("mtls_doctor_http_refused_total{reason=\"tls_handshake\"} 3\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("mtls_doctor_http_refused_total{reason=\"client_certificate\"} 1\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("mtls_doctor_http_refused_total{reason=\"basic_auth\"} 3\n"), std::string::npos);
  const std::string events = serve.events();
  EXPECT_NE(events.find("HTTPS, client certificates: RequireAndVerifyClientCert, client_policy"), std::string::npos)
      << events;
  EXPECT_NE(events.find("peer did not return a certificate"), std::string::npos) << events;
  EXPECT_NE(events.find("the client certificate did not verify: unable to get local issuer certificate"),
            std::string::npos)
      << events;
  EXPECT_NE(events.find("client_policy the default (no rule matches) denies CN=client-wrong-ou"), std::string::npos);
  EXPECT_NE(events.find("basic auth: wrong password for user 'prometheus'"), std::string::npos);
  EXPECT_NE(events.find("basic auth: no such user for user 'mallory'"), std::string::npos);
  EXPECT_NE(events.find("plain HTTP sent to the HTTPS port"), std::string::npos);
  EXPECT_EQ(events.find(password), std::string::npos) << "a password reached the log";
  EXPECT_EQ(events.find("wrong\n"), std::string::npos);
}

TEST_F(MonitorServeWeb, RequireAnyClientCertJudgesBySanAlone) {
  // No CA: any certificate is taken, and client_allowed_sans decides (server-good has DNS:localhost).
  testsupport::write_file(dir() / "web.yml", fmt::format("tls_server_config:\n  cert_file: server.pem\n  key_file: {}\n"
                                                         "  client_auth_type: RequireAnyClientCert\n"
                                                         "  client_allowed_sans: [localhost]\n",
                                                         lab("server-good.key")));
  const auto started = start();
  Running& serve = *started;
  ASSERT_TRUE(serve.ok());
  const auto port = serve.port();
  const std::string url = fmt::format("https://localhost:{}/metrics", port);
  const auto with_san = curl(url, as("", port) + std::vector<std::string>{"--cert", (dir() / "server.pem").string(),
                                                                          "--key", lab("server-good.key")});
  EXPECT_EQ(with_san.status, 200) << with_san.err;
  const auto without = curl(url, as("client-other-ca", port));
  EXPECT_EQ(without.status, 403) << without.err;
  EXPECT_NE(without.body.find("has none of the allowed subjectAltNames"), std::string::npos) << without.body;
}

TEST_F(MonitorServeWeb, AChangedFileIsReloadedAndABrokenOneKeepsTheOldConfiguration) {
  const auto write_web = [&](const std::string& cert, const std::string& key) {
    testsupport::write_file(dir() / "web.yml",
                            fmt::format("tls_server_config:\n  cert_file: {}\n  key_file: {}\n", cert, key));
  };
  write_web("server.pem", lab("server-good.key"));
  const auto started = start();
  Running& serve = *started;
  ASSERT_TRUE(serve.ok());
  const auto port = serve.port();
  const std::string url = fmt::format("https://localhost:{}/metrics", port);
  EXPECT_EQ(curl(url, as("", port)).status, 200);

  // A new certificate (wrong.example): the next connection gets it, so localhost no longer verifies.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a later mtime on coarse clocks
  testsupport::write_file(dir() / "wrong.pem", testsupport::read_file(lab("server-wrong-name.crt")) +
                                                   testsupport::read_file(lab("server-wrong-name-chain.pem")));
  write_web("wrong.pem", lab("server-wrong-name.key"));
  const auto renamed = curl(url, as("", port));
  EXPECT_EQ(renamed.status, 0);
  EXPECT_NE(renamed.err.find("localhost"), std::string::npos)
      << renamed.err;  // "no alternative certificate subject name matches"
  const auto as_wrong_example = [&] {
    return curl(fmt::format("https://wrong.example:{}/metrics", port),
                {"--cacert", lab("server-ca.pem"), "--resolve", fmt::format("wrong.example:{}:127.0.0.1", port)});
  };
  EXPECT_EQ(as_wrong_example().status, 200);

  // A broken file: said once, the configuration in force kept, counted.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  testsupport::write_file(dir() / "web.yml", "tls_server_config:\n  cert_file: wrong.pem\n  key_fil: x\n");
  for (int i = 0; i < 2; ++i) EXPECT_EQ(as_wrong_example().status, 200);
  const auto m = as_wrong_example();
  EXPECT_NE(m.body.find("mtls_doctor_web_config_reloads_total{result=\"ok\"} 1\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("mtls_doctor_web_config_reloads_total{result=\"failed\"} 1\n"), std::string::npos) << m.body;
  const std::string events = serve.events();
  EXPECT_NE(events.find("web configuration reloaded: HTTPS"), std::string::npos) << events;
  EXPECT_NE(events.find("web configuration not reloaded, the one in force is kept:"), std::string::npos) << events;
  EXPECT_NE(events.find("unknown key 'key_fil' in tls_server_config"), std::string::npos) << events;
}

TEST_F(MonitorServeWeb, AStartWithABrokenConfigurationFailsNamingTheFile) {
  testsupport::write_file(dir() / "web.yml", "tls_server_config:\n  cert_file: missing.pem\n  key_file: missing.key\n");
  testsupport::write_file(dir() / "monitor.yaml", monitor_yaml());
  auto config = load_config(dir() / "monitor.yaml");
  ASSERT_TRUE(config);
  exporter::ExporterOptions o;
  o.port = 0;
  o.web_config = dir() / "web.yml";
  auto e = exporter::Exporter::start(std::move(*config), std::move(o), [](std::string_view) {});
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().describe().find("missing.pem"), std::string::npos) << e.error().describe();
}

}  // namespace
}  // namespace mtlsdoctor::monitor
