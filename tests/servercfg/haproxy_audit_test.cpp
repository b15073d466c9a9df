// check --server-config against HAProxy itself: for hand-written configurations (ACLs on the
// subject's OU with -m str and -i -m beg, a serial and a SHA-1 fingerprint, src rules in
// `tcp-request connection` and `http-request`, a rule in the backend, verify optional), the
// audit's answer and the line it names are what HAProxy does with the same openssl-made
// certificate (started on loopback, asked with curl).
#include "haproxy_acl.h"
#include "live.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg::test {
namespace {

class HaproxyAudit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (run_program("haproxy", {"-v"}).exit_code != 0) return;
    s_run = std::make_unique<testsupport::TempDir>("mtlsd-haproxy-audit");
  }
  static void TearDownTestSuite() {
    std::printf("haproxy: %d comparisons (%d allowed, %d refused)\n", s_tally.compared, s_tally.allowed,
                s_tally.refused);
    s_run.reset();
  }
  void SetUp() override {
    if (!s_run) GTEST_SKIP() << "haproxy is not installed";
  }

  // haproxy.cfg: `bind_options` after `ssl crt …` (or after `ssl` alone when they name a
  // crt-list), then `frontend` lines, a backend `be` answering 200 after its own `backend` lines.
  std::filesystem::path write_conf(const std::string& name, const std::string& bind_options,
                                   const std::string& frontend, const std::string& backend = "") {
    m_port = testsupport::closed_port();
    const std::string conf =
        "global\n  maxconn 100\n  ca-base " + pki_dir().string() +
        "\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n"
        "  timeout server 5s\n\nfrontend fe\n  bind 127.0.0.1:" +
        std::to_string(m_port) + " ssl " +
        (bind_options.starts_with("crt-list") ? "" : "crt " + (pki_dir() / "haproxy.pem").string() + " ") +
        bind_options + "\n" + frontend + "  default_backend be\n\nbackend be\n" + backend +
        "  http-request return status 200 content-type text/plain string ok\n";
    const auto path = *s_run / (name + ".cfg");
    write_file(path, conf);
    return path;
  }

  std::unique_ptr<testsupport::ServerProcess> start(const std::filesystem::path& conf) {
    auto check = run_program("haproxy", {"-c", "-f", conf.string()});
    EXPECT_EQ(check.exit_code, 0) << check.describe() << read_file(conf);
    auto p = std::make_unique<testsupport::ServerProcess>(
        "haproxy", std::vector<std::string>{"-db", "-f", conf.string()}, s_run->path(), m_port);
    EXPECT_TRUE(p->ok()) << p->output();
    return p;
  }

  // Starts HAProxy from `conf` and compares every query; the lines named are looked up in `file`
  // (the configuration itself when empty).
  void compare(const std::filesystem::path& conf, const std::vector<Expect>& expects,
               const std::filesystem::path& file = {}) {
    auto server = start(conf);
    ASSERT_TRUE(server->ok());
    expect_all(s_tally, m_port, conf, file.empty() ? conf : file, expects);
  }

  static std::unique_ptr<testsupport::TempDir> s_run;
  static Tally s_tally;
  std::uint16_t m_port = 0;
};

std::unique_ptr<testsupport::TempDir> HaproxyAudit::s_run;
Tally HaproxyAudit::s_tally;

const std::string kRequired = "ca-file clients-ca.pem verify required";

// ssl_c_s_dn(OU) is the first OU: two-ous (OU=sales, then OU=payments) is refused.
TEST_F(HaproxyAudit, OuAllowList) {
  const auto conf = write_conf("ou", kRequired,
                               "  acl pay ssl_c_s_dn(OU) -m str payments\n"
                               "  acl ops ssl_c_s_dn(OU) -i -m beg OP\n"
                               "  http-request deny unless pay || ops\n");
  compare(conf, {{"pay-de"},
                 {"us-ops"},
                 {"short-life"},
                 {"sales", 403, "client-access-denied", "http-request deny"},
                 {"two-ous", 403, "client-access-denied", "http-request deny"},
                 {"dc-uid", 403, "client-access-denied", "http-request deny"},
                 {"spaced", 403, "client-access-denied", "http-request deny"},
                 {"stranger", 0, "client-chain-incomplete", "bind 127.0.0.1"}});
}

// A serial (binary match of ssl_c_serial) and a SHA-1 fingerprint, each refused by its own rule.
TEST_F(HaproxyAudit, SerialAndFingerprintDeny) {
  auto fp =
      run_program("openssl", {"x509", "-in", (pki_dir() / "pay-fr.pem").string(), "-noout", "-fingerprint", "-sha1"});
  std::string sha1 = fp.out.substr(fp.out.find('=') + 1);
  std::erase(sha1, ':');
  std::erase(sha1, '\n');
  const auto conf = write_conf("serial", kRequired,
                               "  acl banned ssl_c_serial -m bin 2000 01F000\n"
                               "  acl pinned ssl_c_sha1 -m bin " +
                                   sha1 +
                                   "\n"
                                   "  http-request deny if banned\n"
                                   "  http-request deny deny_status 403 if pinned\n"
                                   "  http-request deny if { ssl_c_s_dn(CN),lower -m end -- -runner }\n");
  compare(conf, {{"pay-de"},
                 {"two-ous"},
                 {"sales", 403, "client-access-denied", "deny if banned"},
                 {"other-ou", 403, "client-access-denied", "deny if banned"},
                 {"pay-fr", 403, "client-access-denied", "if pinned"},
                 {"us-ops", 403, "client-access-denied", "-runner"}});
}

// src decides before the handshake (tcp-request connection: the connection is closed, no HTTP
// answer) and after it (http-request); the backend's rule runs after the frontend's.
TEST_F(HaproxyAudit, SourceRulesAndTheBackend) {
  const auto conf = write_conf("src", kRequired,
                               "  tcp-request connection reject if { src 127.0.0.3 }\n"
                               "  acl office src 127.0.0.0/30\n"
                               "  http-request deny if !office\n",
                               "  http-request deny if { ssl_c_s_dn(C) -m str FR }\n");
  compare(conf, {{"pay-de", 200, "ok", "", "127.0.0.2"},
                 {"pay-de", 0, "client-access-denied", "tcp-request connection", "127.0.0.3"},
                 {"pay-de", 403, "client-access-denied", "deny if !office", "127.0.0.4"},
                 {"sales", 403, "client-access-denied", "-m str FR", "127.0.0.1"}});
}

// `allow` ends only the frontend's rules: the backend's still run; `return` ends the request.
TEST_F(HaproxyAudit, AllowInTheFrontendStillRunsTheBackend) {
  const auto conf = write_conf("allow", kRequired,
                               "  http-request return status 200 content-type text/plain string early if "
                               "{ ssl_c_s_dn(CN) -m str svc-ledger }\n"
                               "  http-request allow if { ssl_c_s_dn(OU) -m str sales }\n",
                               "  http-request deny if { ssl_c_s_dn(C) -m str FR }\n");
  compare(conf, {{"pay-fr"}, {"pay-de"}, {"sales", 403, "client-access-denied", "-m str FR"}});
}

// verify optional still refuses a certificate that fails verification; ssl_c_used and
// ssl_c_verify see the verified certificate.
TEST_F(HaproxyAudit, VerifyOptional) {
  const auto conf = write_conf("optional", "ca-file clients-ca.pem verify optional",
                               "  http-request deny unless { ssl_c_used } { ssl_c_verify 0 }\n"
                               "  http-request deny if { ssl_c_s_dn(O) -m sub Other }\n");
  compare(conf, {{"pay-de"},
                 {"other-ou", 403, "client-access-denied", "-m sub Other"},
                 {"stranger", 0, "client-chain-incomplete", "verify optional"}});
}

// crl-file: the CRLs of the whole chain are checked; the refusal names the bind line.
TEST_F(HaproxyAudit, RevokedByTheCrlFile) {
  const auto conf = write_conf("crl", kRequired + " crl-file crls.pem", "");
  compare(conf, {{"pay-de"}, {"sales", 0, "client-cert-revoked", "crl-file"}});
}

// A crt-list line whose SNI filter names the server: its [verify … ca-file …] options apply, not
// the bind's (which asks for no certificate); the refusal names that line of the crt-list.
TEST_F(HaproxyAudit, CrtListLineChosenByName) {
  const auto list = *s_run / "certs.list";
  write_file(list, "# per-name options\n" + (pki_dir() / "haproxy.pem").string() +
                       " [verify required ca-file clients-ca.pem] localhost\n");
  const auto conf = write_conf("crtlist", "crt-list " + list.string(), "");
  compare(conf, {{"pay-de"}, {"stranger", 0, "client-chain-incomplete", "[verify"}}, list);
  // Another name: the bind's own options (HAProxy serves the first certificate of the list), which
  // request no certificate.
  auto r = run_program(kBinary, {"check", "--cert", (pki_dir() / "pay-de.pem").string(), "--server-config",
                                 conf.string(), "--server-name", "other.example", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(r.out)["verdict"]["cause"], "mtls-not-requested") << r.describe();
}

// Lua decides: never a pass.
TEST(HaproxyAuditOffline, LuaIsNotEvaluated) {
  testsupport::TempDir dir;
  write_file(dir / "h.cfg", "global\n  lua-load /etc/haproxy/check.lua\nfrontend fe\n  bind :443 ssl crt " +
                                (pki_dir() / "haproxy.pem").string() + " ca-file " +
                                (pki_dir() / "clients-ca.pem").string() +
                                " verify required\n  http-request lua.check_cert\n  default_backend be\n");
  auto r = audit_run(dir / "h.cfg", "pay-de", "127.0.0.1");
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"]["cause"], "policy-not-evaluated");
  bool named = false;
  for (const auto& f : j["findings"]) {
    named = named || (f["id"] == "policy-not-evaluated" && f["evidence"]["config"] == (dir / "h.cfg").string() + ":5");
  }
  EXPECT_TRUE(named) << j.dump(2);
  // The same configuration given as --server-type haproxy; as nginx it cannot be read (exit 2).
  EXPECT_EQ(audit_run(dir / "h.cfg", "pay-de", "", {"--server-type", "haproxy"}).exit_code, 1);
  EXPECT_EQ(audit_run(dir / "h.cfg", "pay-de", "", {"--server-type", "nginx"}).exit_code, 2);
}

TEST(HaproxyAcl, MatchMethodsBothWays) {
  auto& pki = policy::test::Pki::get();
  HaproxyFacts f{&pki.cert("two-ous"), true, true, "10.1.2.3", "api.example.com", "."};
  auto conf = parse_haproxy(
      "frontend fe\n  acl ou2 ssl_c_s_dn(OU,2) payments\n  acl last ssl_c_s_dn(OU,-1) -m str payments\n"
      "  acl dn ssl_c_s_dn -m beg /C=DE/O=Example Corp/OU=sales\n"
      "  acl dn2253 ssl_c_s_dn(,0,rfc2253) -m reg ^CN=svc-two,\n  acl sni ssl_fc_sni -i -m end .EXAMPLE.com\n"
      "  acl net src 10.0.0.0/8\n  acl serial ssl_c_serial,hex -m str 1FFF\n  acl cn ssl_c_s_dn(CN) -m sub vc-t\n"
      "  acl lenient ssl_c_s_dn(CN) -m len 7\n  acl none ssl_c_s_dn(UID) -m found\n",
      "h.cfg");
  ASSERT_TRUE(conf.has_value());
  const auto& fe = conf->front();
  for (const char* yes :
       {"ou2", "last", "dn", "dn2253", "sni", "net", "serial", "cn", "lenient", "!none", "none || net", "TRUE"}) {
    std::vector<std::string> words;
    for (const auto& w : std::vector<std::string>{yes}) {
      std::size_t at = 0;
      for (auto sp = w.find(' '); sp != std::string::npos; sp = w.find(' ', at)) {
        words.push_back(w.substr(at, sp - at));
        at = sp + 1;
      }
      words.push_back(w.substr(at));
    }
    EXPECT_EQ(evaluate_condition(words, fe, f).truth, Truth::True) << yes;
    if (words.size() == 1) {
      words[0] = words[0].starts_with("!") ? words[0].substr(1) : "!" + words[0];
      EXPECT_EQ(evaluate_condition(words, fe, f).truth, Truth::False) << yes;
    }
  }
  f.source.reset();
  EXPECT_EQ(evaluate_condition({"net"}, fe, f).truth, Truth::Unknown);
  EXPECT_EQ(evaluate_condition({"FALSE", "net"}, fe, f).truth, Truth::False);  // decided without src
  EXPECT_EQ(evaluate_condition({"undefined_acl"}, fe, f).truth, Truth::Unknown);
  EXPECT_EQ(evaluate_condition({"{", "ssl_c_s_dn(CN),base64", "x", "}"}, fe, f).truth, Truth::Unknown);
}

TEST(HaproxyConfigParse, ErrorsNameFileLineAndColumn) {
  auto quote = parse_haproxy("global\n  maxconn 1\nfrontend fe\n  acl x hdr(host) \"unterminated\n", "h.cfg");
  ASSERT_FALSE(quote.has_value());
  EXPECT_EQ(quote.error().subject, "h.cfg:4:19");
  auto outside = parse_haproxy("# comment\n  bind :443\n", "h.cfg");
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().subject, "h.cfg:2");
  auto ok = parse_haproxy("frontend fe # c\n  acl a ssl_c_s_dn(CN) -m str 'a b' \"c\\\"d\" e\\ f\n", "h.cfg");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->front().children.front().args,
            (std::vector<std::string>{"a", "ssl_c_s_dn(CN)", "-m", "str", "a b", "c\"d", "e f"}));
  testsupport::TempDir dir;
  write_file(dir / "bad.cfg", "frontend fe\n  bind :443 ssl crt 'x.pem\n");
  auto r = run_program(
      kBinary, {"check", "--cert", (pki_dir() / "pay-de.pem").string(), "--server-config", (dir / "bad.cfg").string()});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find((dir / "bad.cfg").string() + ":2:21"), std::string::npos) << r.err;
}

TEST(ServerConfigType, DetectedFromTheContent) {
  EXPECT_EQ(detect_server_type("# x\nuser root;\nhttp {\n"), ServerType::Nginx);
  EXPECT_EQ(detect_server_type("\nServerRoot /etc/apache2\n"), ServerType::Apache);
  EXPECT_EQ(detect_server_type("<VirtualHost *:443>\n"), ServerType::Apache);
  EXPECT_EQ(detect_server_type("global\n  maxconn 1\n"), ServerType::Haproxy);
  EXPECT_EQ(detect_server_type("frontend fe\n"), ServerType::Haproxy);
  EXPECT_EQ(detect_server_type("# nothing\n\n"), std::nullopt);
  EXPECT_EQ(detect_server_type("garbage words here\n"), std::nullopt);
}

}  // namespace
}  // namespace mtlsdoctor::servercfg::test
