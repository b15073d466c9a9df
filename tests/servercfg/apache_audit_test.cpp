// check --server-config against Apache httpd itself: for hand-written configurations (an OU
// allow list in an included file, a serial refused by SSLRequire, Require ip with a DN rule in
// <RequireAll>, SSLVerifyClient optional with advertised CA names, the verify depth, a Lua
// access checker), the audit's answer and the line it names are what Apache does with the same
// openssl-made certificate (started on loopback, asked with curl).
#include <unistd.h>

#include "live.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg::test {
namespace {

class ApacheAudit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (run_program("apache2", {"-v"}).exit_code != 0) return;
    s_run = std::make_unique<testsupport::TempDir>("mtlsd-apache-audit");
    std::filesystem::create_directories(*s_run / "htdocs");
    std::filesystem::create_directories(*s_run / "conf.d");
    write_file(*s_run / "htdocs" / "index.html", "ok\n");
    for (const auto& p : {s_run->path(), *s_run / "htdocs"}) {
      std::filesystem::permissions(p, static_cast<std::filesystem::perms>(0755));
    }
  }
  static void TearDownTestSuite() {
    // The figures for docs/policy.md: every comparison asserted the same answer.
    std::printf("apache: %d comparisons (%d allowed, %d refused)\n", s_tally.compared, s_tally.allowed,
                s_tally.refused);
    s_run.reset();
  }

  void SetUp() override {
    if (!s_run) GTEST_SKIP() << "apache2 is not installed";
  }

  // httpd.conf with `vhost` inside the TLS <VirtualHost> (and `top` before it), ServerRoot the
  // run directory; checked with apache2 -t, then started on a free port.
  std::filesystem::path write_conf(const std::string& name, const std::string& vhost, const std::string& top = "") {
    const std::string d = s_run->path().string() + "/", p = pki_dir().string() + "/";
    m_port = testsupport::closed_port();
    const std::string listen = "127.0.0.1:" + std::to_string(m_port);
    std::string conf = "ServerRoot " + d + "\nServerName localhost\nPidFile " + d + name + ".pid\nDefaultRuntimeDir " +
                       d + "\nMutex file:" + d + " default\nErrorLog " + d + name + "-error.log\nLogLevel warn\n";
    for (const char* m : {"mpm_event", "authz_core", "authz_host", "dir", "ssl", "lua"}) {
      conf += "LoadModule " + std::string(m) + "_module /usr/lib/apache2/modules/mod_" + m + ".so\n";
    }
    if (geteuid() == 0) conf += "User www-data\nGroup www-data\n";
    conf += "DocumentRoot " + d + "htdocs\nDirectoryIndex index.html\nListen " + listen + "\n" + top + "<VirtualHost " +
            listen + ">\n  ServerName localhost\n  SSLEngine on\n  SSLCertificateFile " + p +
            "server.pem\n  SSLCertificateKeyFile " + p + "server.key\n" + vhost + "</VirtualHost>\n";
    const auto path = *s_run / (name + ".conf");
    write_file(path, conf);
    return path;
  }

  std::unique_ptr<testsupport::ServerProcess> start(const std::filesystem::path& conf) {
    auto check = run_program("apache2", {"-t", "-f", conf.string()});
    EXPECT_EQ(check.exit_code, 0) << check.describe() << read_file(conf);
    auto p = std::make_unique<testsupport::ServerProcess>(
        "apache2", std::vector<std::string>{"-f", conf.string(), "-DFOREGROUND"}, s_run->path(), m_port);
    EXPECT_TRUE(p->ok()) << p->output();
    return p;
  }

  // Starts Apache from `conf` and compares every query; the lines named are looked up in `file`
  // (the configuration itself when empty).
  void compare(const std::filesystem::path& conf, const std::vector<Expect>& expects,
               const std::filesystem::path& file = {}) {
    auto server = start(conf);
    ASSERT_TRUE(server->ok());
    expect_all(s_tally, m_port, conf, file.empty() ? conf : file, expects);
  }

  static std::string trust() {
    return "  SSLCACertificateFile " + (pki_dir() / "clients-ca.pem").string() +
           "\n  SSLVerifyClient require\n  SSLVerifyDepth 2\n";
  }

  static std::unique_ptr<testsupport::TempDir> s_run;
  static Tally s_tally;
  std::uint16_t m_port = 0;
};

std::unique_ptr<testsupport::TempDir> ApacheAudit::s_run;
Tally ApacheAudit::s_tally;

// SSL_CLIENT_S_DN_OU is the first OU in the certificate's order: two-ous (OU=sales, then
// OU=payments) is refused. The rule sits in conf.d/ou.conf, included relative to ServerRoot.
TEST_F(ApacheAudit, OuAllowListInAnIncludedFile) {
  const auto ou = *s_run / "conf.d" / "ou.conf";
  write_file(ou,
             "# the OU allow list\n<Location />\n  Require expr \"%{SSL_CLIENT_S_DN_OU} in {'payments', 'ops'}\"\n"
             "</Location>\n");
  const auto conf = write_conf("ou", trust() + "  IncludeOptional conf.d/*.conf\n");
  // The stranger's CA is not sent and not trusted: refused in the handshake (OpenSSL code 20).
  compare(conf,
          {{"pay-de"},
           {"us-ops"},
           {"ed"},
           {"sales", 403, "client-access-denied", "Require expr"},
           {"two-ous", 403, "client-access-denied", "Require expr"},
           {"other-ou", 403, "client-access-denied", "Require expr"},
           {"dc-uid", 403, "client-access-denied", "Require expr"},
           {"stranger", 0, "client-chain-incomplete", "SSLCACertificateFile", "127.0.0.1", conf}},
          ou);
}

// SSLRequire (mod_ssl's access checker) runs before Require: a serial deny, then a CN regex.
TEST_F(ApacheAudit, SerialDenyBySslRequireThenCnRegex) {
  const auto conf = write_conf("serial", trust() +
                                             "  <Location />\n"
                                             "    SSLRequire %{SSL_CLIENT_M_SERIAL} ne \"2000\" and "
                                             "%{SSL_CLIENT_M_SERIAL} != \"1234\"\n"
                                             "    Require expr %{SSL_CLIENT_S_DN_CN} =~ /^svc-/\n"
                                             "  </Location>\n");
  compare(conf, {{"pay-de"},
                 {"two-ous"},
                 {"pay-fr", 403, "client-access-denied", "SSLRequire"},
                 {"sales", 403, "client-access-denied", "SSLRequire"},
                 {"us-ops", 403, "client-access-denied", "Require expr"},
                 {"other-ou", 403, "client-access-denied", "Require expr"}});
}

// <RequireAll> of Require ip and a DN rule: the source address decides as much as the certificate.
TEST_F(ApacheAudit, RequireIpInRequireAll) {
  const auto conf = write_conf("ip", trust() + "  <Directory " + s_run->path().string() +
                                         "/htdocs>\n"
                                         "    <RequireAll>\n"
                                         "      Require ip 127.0.0.2 10.0.0.0/8\n"
                                         "      Require expr \"%{SSL_CLIENT_S_DN_O} == 'Example Corp' && "
                                         "%{SSL_CLIENT_S_DN_C} != 'US'\"\n"
                                         "    </RequireAll>\n"
                                         "  </Directory>\n");
  compare(conf, {{"pay-de", 200, "ok", "", "127.0.0.2"},
                 {"pay-de", 403, "client-access-denied", "Require ip", "127.0.0.1"},
                 {"us-ops", 403, "client-access-denied", "Require expr", "127.0.0.2"},
                 {"other-ou", 403, "client-access-denied", "Require expr", "127.0.0.2"},
                 {"sales", 200, "ok", "", "127.0.0.2"}});
  // Without --source-address the ip rule cannot be decided: never a pass.
  const auto j = audit(conf, "pay-de", "");
  EXPECT_EQ(j["verdict"]["cause"], "policy-not-evaluated") << j.dump(2);
}

// SSLVerifyClient optional still refuses a certificate that fails verification; the CA names
// advertised by SSLCADNRequestFile do not include the clients' issuer: a warning, and curl (an
// OpenSSL client) sends its certificate anyway.
TEST_F(ApacheAudit, VerifyOptionalAndAdvertisedCaNames) {
  const auto conf = write_conf("optional", "  SSLCACertificateFile " + (pki_dir() / "clients-ca.pem").string() +
                                               "\n  SSLCADNRequestFile " + (pki_dir() / "stranger-ca.pem").string() +
                                               "\n  SSLVerifyClient optional\n  SSLVerifyDepth 2\n"
                                               "  <Location />\n    Require expr %{SSL_CLIENT_VERIFY} == 'SUCCESS'\n"
                                               "  </Location>\n");
  compare(conf, {{"pay-de"}, {"stranger", 0, "client-chain-incomplete", "SSLCACertificateFile"}});
  const auto j = audit(conf, "pay-de");
  EXPECT_TRUE(has_finding(j, "client-issuer-not-advertised")) << j.dump(2);
  // Advertising the right names: no warning.
  const auto fine = write_conf("advertised", trust());
  EXPECT_FALSE(has_finding(audit(fine, "pay-de"), "client-issuer-not-advertised"));
}

// SSLCARevocationFile is read only with SSLCARevocationCheck chain (httpd's default is none).
TEST_F(ApacheAudit, RevocationOnlyWhenChecked) {
  const std::string crl = "  SSLCARevocationFile " + (pki_dir() / "crls.pem").string() + "\n";
  compare(write_conf("crl-unchecked", trust() + crl), {{"sales"}, {"pay-de"}});
  const auto conf = write_conf("crl", trust() + crl + "  SSLCARevocationCheck chain\n");
  compare(conf, {{"pay-de"}, {"sales", 0, "client-cert-revoked", "SSLCARevocationFile"}});
}

// mod_ssl counts every certificate above the leaf (the root too): depth 1 refuses
// leaf → intermediate → root.
TEST_F(ApacheAudit, VerifyDepthCountsTheRoot) {
  const auto conf = write_conf("depth", "  SSLCACertificateFile " + (pki_dir() / "clients-ca.pem").string() +
                                            "\n  SSLVerifyClient require\n  SSLVerifyDepth 1\n");
  compare(conf, {{"pay-de", 0, "client-chain-too-long", "SSLVerifyDepth"}});
}

// A Lua access checker refuses everyone; the audit cannot read Lua and says so, naming the line,
// instead of passing the certificate.
TEST_F(ApacheAudit, LuaAccessCheckerIsNotEvaluated) {
  write_file(*s_run / "deny.lua", "function deny_all(r)\n  return 403\nend\n");
  const auto conf =
      write_conf("lua", trust() + "  <Location />\n    LuaHookAccessChecker " + (s_run->path() / "deny.lua").string() +
                            " deny_all\n    Require all granted\n  </Location>\n");
  auto server = start(conf);
  ASSERT_TRUE(server->ok());
  EXPECT_EQ(curl(m_port, "pay-de"), 403);
  auto r = audit_run(conf, "pay-de", "127.0.0.1");
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"]["cause"], "policy-not-evaluated");
  EXPECT_EQ(j["verdict"]["confidence"], "possible");
  bool named = false;
  for (const auto& f : j["findings"]) {
    named = named || (f["id"] == "policy-not-evaluated" &&
                      f["evidence"]["config"] == conf.string() + ":" + std::to_string(line_of(conf, "LuaHook")));
  }
  EXPECT_TRUE(named) << j.dump(2);
}

// diagnose --server-config: a live 403 read against the configuration names the refusing line;
// read against another configuration, the disagreement is a finding of its own.
TEST_F(ApacheAudit, DiagnoseNamesTheRefusingLine) {
  const auto open = write_conf("diag-open", trust());
  const auto closed = write_conf("diag-closed", trust() + "  <Location />\n    Require all denied\n  </Location>\n");
  const auto conf = write_conf("diag", trust() +
                                           "  <Location />\n    Require expr %{SSL_CLIENT_S_DN_OU} == 'payments'\n"
                                           "  </Location>\n");  // the one started: m_port is its port
  auto server = start(conf);
  ASSERT_TRUE(server->ok());
  const auto diagnose = [&](const std::string& client, const std::filesystem::path& config) {
    const auto& d = pki_dir();
    auto r = run_program(kBinary,
                         {"diagnose", "127.0.0.1:" + std::to_string(m_port), "--servername", "localhost", "--cacert",
                          (d / "server.pem").string(), "--cert", (d / (client + ".pem")).string(), "--key",
                          (d / (client + ".key")).string(), "--server-config", config.string(), "--format", "json"},
                         {.timeout = std::chrono::seconds(30)});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.describe();
    return j;
  };
  auto denied = diagnose("sales", conf);
  EXPECT_EQ(denied["verdict"]["cause"], "client-access-denied") << denied.dump(2);
  EXPECT_EQ(config_of(denied), conf.string() + ":" + std::to_string(line_of(conf, "Require expr"))) << denied.dump(2);
  EXPECT_TRUE(has_finding(diagnose("sales", open), "policy-allows-refused"));
  auto accepted = diagnose("pay-de", closed);
  EXPECT_EQ(accepted["verdict"]["cause"], "ok") << accepted.dump(2);
  EXPECT_TRUE(has_finding(accepted, "policy-denies-accepted")) << accepted.dump(2);
  EXPECT_FALSE(has_finding(diagnose("pay-de", conf), "policy-denies-accepted"));
}

// Access rules in sections the audit does not follow are never a pass.
TEST(ApacheAuditOffline, LimitSectionsAreNotEvaluated) {
  testsupport::TempDir dir;
  write_file(dir / "h.conf", "<VirtualHost *:443>\n  SSLEngine on\n  SSLCACertificateFile " +
                                 (pki_dir() / "clients-ca.pem").string() +
                                 "\n  SSLVerifyClient require\n  SSLVerifyDepth 2\n  <Location />\n"
                                 "    <Limit GET>\n      Require all denied\n    </Limit>\n  </Location>\n"
                                 "</VirtualHost>\n");
  const auto j = audit(dir / "h.conf", "pay-de");
  EXPECT_EQ(j["verdict"]["cause"], "policy-not-evaluated") << j.dump(2);
  EXPECT_EQ(config_of(j), (dir / "h.conf").string() + ":7") << j.dump(2);  // the <Limit> line
}

TEST(ApacheConfigParse, ErrorsNameFileAndLine) {
  for (const auto& [text, line] :
       std::vector<std::pair<std::string, int>>{{"ServerName x\n<VirtualHost *:443>\n  SSLEngine on\n", 2},
                                                {"<Location />\n</Directory>\n", 2},
                                                {"</Location>\n", 1},
                                                {"<VirtualHost *:443\n", 1},
                                                {"\n\nInclude /nonexistent/dir/x.conf\n", 3},
                                                {"Include /nonexistent/*.conf\n", 1}}) {
    auto r = parse_apache(text, "h.conf", "/tmp");
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().subject, "h.conf:" + std::to_string(line)) << text << r.error().describe();
  }
  // A section with spaces before its '>' (found by config_fuzz).
  auto spaced = parse_apache("<Location / >\n</Location >\n<X >\n</X>\n", "h.conf", "/tmp");
  ASSERT_TRUE(spaced.has_value()) << spaced.error().describe();
  EXPECT_EQ(spaced->front().args, std::vector<std::string>{"/"});
  auto ok = parse_apache(
      "Define ROOT /srv\nIncludeOptional /nonexistent/*.conf\n<IfModule ssl_module>\n  SSLEngine on\n</IfModule>\n"
      "DocumentRoot ${ROOT}/www\nRequire expr \\\n  true\n",
      "h.conf", "/tmp");
  ASSERT_TRUE(ok.has_value()) << ok.error().describe();
  ASSERT_EQ(ok->size(), 4u);
  EXPECT_TRUE((*ok)[1].block);
  EXPECT_EQ((*ok)[2].args, std::vector<std::string>{"/srv/www"});
  EXPECT_EQ((*ok)[3].raw, "expr   true");
  EXPECT_EQ((*ok)[3].line, 7);
}

TEST(ApacheConfigParse, TheCliExitsTwoNamingTheLine) {
  testsupport::TempDir dir;
  write_file(dir / "bad.conf", "ServerRoot /tmp\n<VirtualHost *:443>\n  SSLEngine on\n</Location>\n");
  auto r = run_program(kBinary, {"check", "--cert", (pki_dir() / "pay-de.pem").string(), "--server-config",
                                 (dir / "bad.conf").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find((dir / "bad.conf").string() + ":4"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mtlsdoctor::servercfg::test
