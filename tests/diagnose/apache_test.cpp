// diagnose against a real Apache httpd 2.4 with mod_ssl: OpenSSL underneath, so the handshake
// ends in OpenSSL's alerts for every certificate fault, and an access rule (Require expr on the
// OU, Require ip) answers HTTP 403 after a completed handshake. A second virtual host asks for the
// certificate only inside a <Location> (after the handshake). One server for the whole suite,
// probed under TLS 1.2 and 1.3.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace apache_test {
namespace {

const std::string kBinary = MTLSD_BINARY;
const std::string kModules = "/usr/lib/apache2/modules";

class Apache : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    if (run_program("apache2", {"-v"}).exit_code != 0) return;  // each test skips
    s_lab = std::make_unique<TempDir>("mtlsd-apache-lab");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const auto& lab = s_lab->path();
    write_server_fullchain(lab);
    // Apache's own files in a second directory: run as root, its children serve the document
    // root as www-data, which must not be able to read the lab's keys (the root parent loads them).
    s_run = std::make_unique<TempDir>("mtlsd-apache-run");
    const auto& run = s_run->path();
    std::filesystem::create_directories(run / "htdocs" / "net");
    std::filesystem::create_directories(run / "htdocs" / "pha");
    write_file(run / "htdocs" / "index.html", "ok\n");
    write_file(run / "htdocs" / "net" / "index.html", "ok\n");
    write_file(run / "htdocs" / "pha" / "index.html", "ok\n");
    for (const auto& p : {run, run / "htdocs", run / "htdocs" / "net", run / "htdocs" / "pha"}) {
      std::filesystem::permissions(p, static_cast<std::filesystem::perms>(0755));
    }
    s_port = closed_port();
    s_pha_port = closed_port();
    const std::string pha_port = std::to_string(s_pha_port);
    const std::string l = lab.string() + "/";
    const std::string d = run.string() + "/";
    const std::string port = std::to_string(s_port);
    // Nothing from /etc/apache2: every module loaded here, pid, logs and mutexes in the temp dir.
    // mod_dir: without DirectoryIndex, GET / would be a 403 of its own (no Options Indexes).
    std::string conf = "ServerRoot " + d + "\nServerName localhost\nPidFile " + d + "httpd.pid\nDefaultRuntimeDir " +
                       d + "\nMutex file:" + d + " default\nErrorLog " + d + "error.log\nLogLevel warn\n";
    for (const char* m : {"mpm_event", "authz_core", "authz_host", "dir", "ssl"}) {
      conf += "LoadModule " + std::string(m) + "_module " + kModules + "/mod_" + m + ".so\n";
    }
    if (geteuid() == 0) conf += "User www-data\nGroup www-data\n";
    // A TLS virtual host on its own port, with the lab's server identity and client CA.
    const auto tls_host = [&](const std::string& on, const std::string& body) {
      return "Listen 127.0.0.1:" + on + "\n<VirtualHost 127.0.0.1:" + on + ">\n  SSLEngine on\n  SSLCertificateFile " +
             l + "server-fullchain.pem\n  SSLCertificateKeyFile " + l + "server-good.key\n  SSLCACertificateFile " + l +
             "client-ca.pem\n"
             // The default depth 1 refuses leaf + intermediate anchored at the root (alert 80).
             "  SSLVerifyDepth 2\n" +
             body + "</VirtualHost>\n";
    };
    conf += "DocumentRoot " + d + "htdocs\nDirectoryIndex index.html\n";
    conf +=
        tls_host(port, "  SSLCARevocationFile " + l +
                           "client-crl.pem\n"
                           "  SSLCARevocationCheck chain\n"
                           "  SSLVerifyClient require\n"
                           "  <Location />\n    Require expr \"%{SSL_CLIENT_S_DN_OU} == 'payments'\"\n  </Location>\n"
                           // Replaces the OU rule below /net/ (AuthMerging Off): only the address is checked.
                           "  <Location /net/>\n    Require ip 192.0.2.1\n  </Location>\n");
    // No client certificate asked for in the handshake; /pha/ asks when the request comes: TLS 1.2
    // renegotiates, TLS 1.3 needs the client's post_handshake_auth extension.
    conf += tls_host(pha_port, "  <Location /pha/>\n    SSLVerifyClient require\n  </Location>\n");
    write_file(run / "httpd.conf", conf);
    s_server = std::make_unique<ServerProcess>(
        "apache2", std::vector<std::string>{"-f", d + "httpd.conf", "-DFOREGROUND"}, run, s_port);
  }
  static void TearDownTestSuite() {
    s_server.reset();  // stops Apache (SIGTERM to its PID and process group) before its files go
    s_run.reset();
    s_lab.reset();
  }
  void SetUp() override {
    if (!s_server) GTEST_SKIP() << "apache2 is not installed (scripts/install-deps.sh)";
    ASSERT_TRUE(s_server->ok()) << s_server->output() << error_log();
  }
  static std::string error_log() {
    const auto log = s_run->path() / "error.log";
    return std::filesystem::exists(log) ? read_file(log) : std::string();
  }

  static std::unique_ptr<TempDir> s_lab;
  static std::unique_ptr<TempDir> s_run;
  static std::unique_ptr<ServerProcess> s_server;
  static std::uint16_t s_port;
  static std::uint16_t s_pha_port;
};

std::unique_ptr<TempDir> Apache::s_lab;
std::unique_ptr<TempDir> Apache::s_run;
std::unique_ptr<ServerProcess> Apache::s_server;
std::uint16_t Apache::s_port = 0;
std::uint16_t Apache::s_pha_port = 0;

TEST_P(Apache, EveryLabFaultGetsItsVerdict) {
  expect_openssl_peer_verdicts(s_lab->path(), s_port, GetParam());
  if (HasFailure()) ADD_FAILURE() << "Apache error log:\n" << error_log();
}

// `Require ip 192.0.2.1` refuses 127.0.0.1: a valid certificate, an HTTP 403, the same cause as
// an OU rule (diagnose cannot tell which policy it was).
TEST_P(Apache, SourceAddressRuleIsAccessDenied) {
  expect_source_rule_denies(s_lab->path(), s_port, GetParam());
}

// SSLVerifyClient only inside a <Location>: Apache asks for the certificate when the request comes.
// Under TLS 1.2 it renegotiates and judges the certificate. Under TLS 1.3 that is post-handshake
// authentication, which diagnose (like Chromium, Go, Java and Node.js) does not offer: Apache logs
// AH10158 and answers a 403 that says so, and no certificate was judged.
TEST_P(Apache, CertificateAskedForOnlyInALocation) {
  const std::string p = std::to_string(s_pha_port);
  auto args = lab_diagnose_args(s_lab->path(), s_pha_port, "client-good");
  args[1] = "https://localhost:" + p + "/pha/";
  args.insert(args.end(), {"--connect-to", "127.0.0.1:" + p, GetParam()});
  std::string raw;
  const auto j = run_json(s_lab->path(), args, &raw);
  ASSERT_TRUE(j.contains("verdict")) << raw;
  if (GetParam() == "--tls1.3") {
    EXPECT_EQ(j["verdict"]["cause"], "post-handshake-auth-unsupported") << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], "negotiation") << j.dump(2);
    EXPECT_EQ(j["verdict"]["confidence"], "certain") << j.dump(2);
    EXPECT_EQ(j["handshake"]["http"]["status"], 403) << j.dump(2);
    EXPECT_NE(error_log().find("AH10158"), std::string::npos) << error_log();
  } else {
    EXPECT_EQ(j["verdict"]["cause"], "ok") << j.dump(2);
    EXPECT_EQ(j["handshake"]["http"]["status"], 200) << j.dump(2);
  }
}

// The same location with --post-handshake-auth (as curl offers it): under TLS 1.3 Apache asks after
// the handshake and judges the certificate — accepted for a good one, with the warning that most
// clients would not get that far; refused for an expired one, by its fault.
TEST_P(Apache, PostHandshakeAuthOfferedLetsTheCertificateBeJudged) {
  const std::string p = std::to_string(s_pha_port);
  for (const std::string identity : {"client-good", "client-expired"}) {
    auto args = lab_diagnose_args(s_lab->path(), s_pha_port, identity);
    args[1] = "https://localhost:" + p + "/pha/";
    args.insert(args.end(), {"--connect-to", "127.0.0.1:" + p, "--post-handshake-auth", GetParam()});
    std::string raw;
    const auto j = run_json(s_lab->path(), args, &raw);
    ASSERT_TRUE(j.contains("verdict")) << raw;
    bool warned = false;
    for (const auto& f : j["findings"]) warned |= f["id"] == "post-handshake-auth-unsupported";
    EXPECT_EQ(warned, GetParam() == "--tls1.3") << j.dump(2);
    if (identity == "client-good") {
      EXPECT_EQ(j["verdict"]["cause"], "ok") << j.dump(2);
    } else {
      EXPECT_EQ(j["verdict"]["cause"], "client-cert-expired") << j.dump(2);
      EXPECT_EQ(j["verdict"]["rejected_by"], "server") << j.dump(2);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(, Apache, ::testing::Values("--tls1.2", "--tls1.3"),
                         [](const auto& info) { return info.param == "--tls1.2" ? "TLS12" : "TLS13"; });

}  // namespace
}  // namespace apache_test
}  // namespace mtlsdoctor::testsupport
