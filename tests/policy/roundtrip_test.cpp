// The round trip (issue 12, "Done when"): for each policy below and 12 openssl-made client
// certificates (tests/fixtures/policy_pki.sh), `mtls-doctor policy test` decides, and nginx,
// Apache httpd and HAProxy started on loopback from the configuration `policy export` wrote
// answer curl presenting that certificate: 200 is allow, 403 is deny. Every export passes the
// server's own configuration test first (nginx -t, apache2 -t, haproxy -c). One server process
// per policy; one ctest entry per server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "diagnose/peers.h"
#include "mtlsdoctor/policy/export.h"
#include "pki.h"

namespace mtlsdoctor::policy::test {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace roundtrip_test {
namespace {

using testsupport::read_file;
using testsupport::run_program;
using testsupport::write_file;

const std::string kBinary = MTLSD_BINARY;

// Every fixture client that the servers' verification accepts (small-rsa's 1024-bit key fails
// OpenSSL's security level 2, server-only lacks clientAuth): 12 certificates.
const std::vector<std::string> kClients = {"pay-de", "pay-fr",     "sales",  "us-ops", "two-ous",  "short-life",
                                           "ed",     "policy-oid", "dc-uid", "spaced", "other-ou", "no-eku"};

struct Query {
  std::string sni;  // "": curl connects to 127.0.0.1 and sends no SNI
  std::string source = "127.0.0.1";
};

struct PolicyCase {
  std::string name;
  std::string yaml;
  std::vector<Query> queries = {Query{}};
};

std::string fingerprint(const std::string& client) {
  auto r = run_program("openssl",
                       {"x509", "-in", Pki::get().cert_file(client).string(), "-noout", "-fingerprint", "-sha256"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  std::string fp = r.out.substr(r.out.find('=') + 1);
  while (!fp.empty() && fp.back() == '\n') fp.pop_back();
  return fp;
}

std::vector<PolicyCase> policies() {
  // One fingerprint as openssl prints it, one in lower case without colons.
  std::string sales = fingerprint("sales");
  std::erase(sales, ':');
  for (char& c : sales) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {
      {"subject-first-match",
       "version: 1\ndefault: deny\nrules:\n"
       "  - name: block-ledger\n    action: deny\n    match: {subject: {CN: svc-ledger}}\n"
       "  - name: payments\n    action: allow\n"
       "    match: {subject: {OU: payments, C: [DE, FR]}, issuer: {CN: policy test client ca}}\n"
       "  - name: people\n    action: allow\n    match: {subject: {DC: example, UID: 'u1*', CN: jane  doe}}\n"
       "  - name: ops\n    action: allow\n    match: {subject: {O: example corp, CN: 'ops-?unner'}}\n"},
      {"serials-default-allow",
       "version: 1\ndefault: allow\nrules:\n"
       "  - name: exact-first\n    action: allow\n    match: {serial: ['1B:A0:77:02:C4:E7:32:D0', '0x00005000']}\n"
       "  - name: ranges\n    action: deny\n    match: {serial: ['1000-1FFF', '3001-7FFF', '9000', 'A000-1F000']}\n"},
      {"fingerprints", "version: 1\nrules:\n  - name: pinned\n    action: allow\n    match: {sha256: ['" +
                           fingerprint("pay-fr") + "', '" + sales + "']}\n"},
      {"source-networks",
       "version: 1\nrules:\n"
       "  - name: second-loopback\n    action: deny\n    match: {source: [127.0.0.2/32]}\n"
       "  - name: loopback-payments\n    action: allow\n"
       "    match: {source: ['127.1.2.3/8', '2001:db8::/32'], subject: {OU: payments}}\n"
       "  - name: ten\n    action: allow\n    match: {source: [10.0.0.0/8]}\n",
       {Query{"", "127.0.0.1"}, Query{"", "127.0.0.2"}}},
      {"sni",
       "version: 1\nrules:\n"
       "  - name: api\n    action: allow\n    match: {sni: [api.example.com]}\n"
       "  - name: internal-payments\n    action: allow\n"
       "    match: {sni: ['*.internal.example.com'], subject: {OU: payments}}\n",
       {Query{""}, Query{"api.example.com"}, Query{"x.internal.example.com"}, Query{"a.b.internal.example.com"},
        Query{"other.example.com"}}},
      {"order-shadow-default-allow",
       "version: 1\ndefault: allow\nrules:\n"
       "  - name: dry-run\n    action: deny\n    shadow: true\n"
       "  - name: deny-sales\n    action: deny\n    match: {subject: {OU: sales}}\n"
       "  - name: allow-two\n    action: allow\n    match: {subject: {CN: svc-two}}\n"
       "  - name: deny-fr\n    action: deny\n    match: {subject: {C: FR}}\n"},
      {"catch-all-deny",
       "version: 1\ndefault: allow\nrules:\n"
       "  - name: ops-or-serials\n    action: allow\n    match: {subject: {OU: [ops, research]}}\n"
       "  - name: dc-by-serial\n    action: allow\n    match: {serial: ['8000-9000']}\n"
       "  - name: everyone-else\n    action: deny\n"},
  };
}

// The server's files in the fixture directory: a certificate for every name the queries use,
// and the client CAs (root and intermediate, so that clients need not send the intermediate).
void make_server_files(const std::filesystem::path& dir) {
  if (std::filesystem::exists(dir / "server.pem")) return;
  auto r = run_program("openssl",
                       {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                        (dir / "server.key").string(), "-out", (dir / "server.pem").string(), "-days", "30", "-subj",
                        "/CN=api.example.com", "-addext",
                        "subjectAltName=DNS:api.example.com,DNS:*.internal.example.com,DNS:a.b.internal.example.com,"
                        "DNS:other.example.com,IP:127.0.0.1"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  write_file(dir / "clients-ca.pem", read_file(dir / "ca.pem") + read_file(dir / "chain.pem"));
  write_file(dir / "haproxy.pem", read_file(dir / "server.pem") + read_file(dir / "server.key"));
}

// How one server is configured, tested and started from a snippet.
struct ServerSetup {
  std::string program;
  std::vector<std::string> (*check_args)(const std::filesystem::path& conf);
  std::vector<std::string> (*run_args)(const std::filesystem::path& conf);
  std::string (*config)(const std::filesystem::path& pki, const std::filesystem::path& run, std::uint16_t port,
                        const std::filesystem::path& snippet);
};

std::string nginx_config(const std::filesystem::path& pki, const std::filesystem::path& run, std::uint16_t port,
                         const std::filesystem::path& snippet) {
  const std::string p = pki.string() + "/", d = run.string() + "/";
  std::string conf = "worker_processes 1;\nuser root;\ndaemon off;\npid " + d + "nginx.pid;\nerror_log " + d +
                     "error.log info;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n";
  for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    conf += "  " + std::string(t) + "_temp_path " + d + "tmp-" + t + ";\n";
  }
  return conf + "  include " + snippet.string() + ";\n  server {\n    listen 127.0.0.1:" + std::to_string(port) +
         " ssl;\n    ssl_certificate " + p + "server.pem;\n    ssl_certificate_key " + p +
         "server.key;\n    ssl_client_certificate " + p +
         "clients-ca.pem;\n    ssl_verify_client on;\n    ssl_verify_depth 2;\n    if (" +
         std::string(kNginxDecisionVariable) +
         " = deny) { return 403; }\n    location / { return 200 \"ok\\n\"; }\n  }\n}\n";
}

std::string apache_config(const std::filesystem::path& pki, const std::filesystem::path& run, std::uint16_t port,
                          const std::filesystem::path& snippet) {
  const std::string p = pki.string() + "/", d = run.string() + "/", listen = "127.0.0.1:" + std::to_string(port);
  std::string conf = "ServerRoot " + d + "\nServerName localhost\nPidFile " + d + "httpd.pid\nDefaultRuntimeDir " + d +
                     "\nMutex file:" + d + " default\nErrorLog " + d + "error.log\nLogLevel warn\n";
  for (const char* m : {"mpm_event", "authz_core", "dir", "ssl"}) {
    conf += "LoadModule " + std::string(m) + "_module /usr/lib/apache2/modules/mod_" + m + ".so\n";
  }
  if (geteuid() == 0) conf += "User www-data\nGroup www-data\n";
  return conf + "DocumentRoot " + d + "htdocs\nDirectoryIndex index.html\nListen " + listen + "\n<VirtualHost " +
         listen + ">\n  SSLEngine on\n  SSLCertificateFile " + p + "server.pem\n  SSLCertificateKeyFile " + p +
         "server.key\n  SSLCACertificateFile " + p +
         "clients-ca.pem\n  SSLVerifyClient require\n  SSLVerifyDepth 2\n  <Location />\n    Include " +
         snippet.string() + "\n  </Location>\n</VirtualHost>\n";
}

std::string haproxy_config(const std::filesystem::path& pki, const std::filesystem::path&, std::uint16_t port,
                           const std::filesystem::path& snippet) {
  const std::string p = pki.string() + "/";
  return "global\n  maxconn 100\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n"
         "  timeout server 5s\nfrontend fe\n  bind 127.0.0.1:" +
         std::to_string(port) + " ssl crt " + p + "haproxy.pem ca-file " + p + "clients-ca.pem verify required\n" +
         read_file(snippet) +
         "  default_backend ok\nbackend ok\n  http-request return status 200 content-type text/plain string ok\n";
}

const std::map<Server, ServerSetup> kSetups = {
    {Server::Nginx,
     {"nginx",
      [](const auto& c) {
        return std::vector<std::string>{"-t", "-c", c.string()};
      },
      [](const auto& c) {
        return std::vector<std::string>{"-c", c.string()};
      },
      nginx_config}},
    {Server::Apache,
     {"apache2",
      [](const auto& c) {
        return std::vector<std::string>{"-t", "-f", c.string()};
      },
      [](const auto& c) {
        return std::vector<std::string>{"-f", c.string(), "-DFOREGROUND"};
      },
      apache_config}},
    {Server::Haproxy,
     {"haproxy",
      [](const auto& c) {
        return std::vector<std::string>{"-c", "-f", c.string()};
      },
      [](const auto& c) {
        return std::vector<std::string>{"-db", "-f", c.string()};
      },
      haproxy_config}},
};

std::string query_label(const std::string& client, const Query& q) {
  return client + " from " + q.source + (q.sni.empty() ? " without SNI" : " with SNI " + q.sni);
}

// `policy test` as the server would decide (verification first, then the policy): true = allow.
// The same for every server, so decided once.
bool policy_allows(const std::filesystem::path& policy, const std::string& client, const Query& q) {
  // By the policy's text, not its path: each server's run has its own directory, and the
  // decision is the same for all three.
  static std::map<std::string, bool> decided;
  const std::string key = read_file(policy) + "\n" + query_label(client, q);
  if (auto it = decided.find(key); it != decided.end()) return it->second;
  const auto& dir = Pki::get().dir();
  std::vector<std::string> args = {"policy",   "test",
                                   "--policy", policy.string(),
                                   "--cert",   (dir / (client + ".pem")).string(),
                                   "--chain",  (dir / "chain.pem").string(),
                                   "--cacert", (dir / "ca.pem").string(),
                                   "--source", q.source};
  if (!q.sni.empty()) args.insert(args.end(), {"--sni", q.sni});
  auto r = run_program(kBinary, args);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.describe();
  return decided[key] = r.exit_code == 0;
}

int http_status(std::uint16_t port, const std::string& client, const Query& q) {
  const auto& dir = Pki::get().dir();
  const std::string host = q.sni.empty() ? "127.0.0.1" : q.sni;
  std::vector<std::string> args = {"-sS",
                                   "-o",
                                   "/dev/null",
                                   "-w",
                                   "%{http_code}",
                                   "--max-time",
                                   "10",
                                   "--cacert",
                                   (dir / "server.pem").string(),
                                   "--cert",
                                   (dir / (client + ".pem")).string(),
                                   "--key",
                                   (dir / (client + ".key")).string(),
                                   "--interface",
                                   q.source};
  if (!q.sni.empty()) args.insert(args.end(), {"--resolve", q.sni + ":" + std::to_string(port) + ":127.0.0.1"});
  args.push_back("https://" + host + ":" + std::to_string(port) + "/");
  auto r = run_program("curl", args, {.timeout = std::chrono::seconds(15)});
  return r.exit_code == 0 ? std::atoi(r.out.c_str()) : -1;
}

// `policy export --to` the server for `policy`, then the server's configuration around it, its
// config test, and the server on a free port; null (after a failure) when a step fails.
std::unique_ptr<testsupport::ServerProcess> export_and_start(Server server, const std::filesystem::path& run,
                                                             const std::filesystem::path& policy, std::uint16_t& port,
                                                             std::string& exported) {
  const ServerSetup& setup = kSetups.at(server);
  auto r =
      run_program(kBinary, {"policy", "export", "--policy", policy.string(), "--to", std::string(to_string(server))});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  if (r.exit_code != 0) return nullptr;
  exported = r.out;
  auto snippet = policy;
  write_file(snippet.replace_extension(".conf"), exported);
  port = testsupport::closed_port();
  auto conf = policy;
  conf.replace_extension(".server.conf");
  write_file(conf, setup.config(Pki::get().dir(), run, port, snippet));
  auto check = run_program(setup.program, setup.check_args(conf));
  EXPECT_EQ(check.exit_code, 0) << check.describe() << "\n" << read_file(conf);
  if (check.exit_code != 0) return nullptr;
  auto process = std::make_unique<testsupport::ServerProcess>(setup.program, setup.run_args(conf), run, port);
  EXPECT_TRUE(process->ok()) << process->output();
  return process->ok() ? std::move(process) : nullptr;
}

class PolicyRoundTrip : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override {
    const auto& program = kSetups.at(GetParam()).program;
    if (run_program(program, {"-v"}).exit_code != 0) GTEST_SKIP() << program << " is not installed";
    make_server_files(Pki::get().dir());
    m_run = std::make_unique<testsupport::TempDir>("mtlsd-roundtrip");
    std::filesystem::create_directories(*m_run / "htdocs");
    write_file(*m_run / "htdocs" / "index.html", "ok\n");
    for (const auto& p : {m_run->path(), *m_run / "htdocs"}) {
      std::filesystem::permissions(p, static_cast<std::filesystem::perms>(0755));  // Apache's children read htdocs
    }
  }

  // Every client and query against the running server; counts what `policy test` decided.
  void compare(std::uint16_t port, const std::filesystem::path& policy, const std::vector<std::string>& clients,
               const std::vector<Query>& queries, const std::string& exported) {
    for (const auto& client : clients) {
      for (const auto& q : queries) {
        const bool allow = policy_allows(policy, client, q);
        (allow ? m_allowed : m_denied)++;
        EXPECT_EQ(http_status(port, client, q), allow ? 200 : 403) << query_label(client, q) << "\n" << exported;
      }
    }
  }

  std::unique_ptr<testsupport::TempDir> m_run;
  int m_allowed = 0, m_denied = 0;
};

TEST_P(PolicyRoundTrip, ServerAnswersAsPolicyTestDecides) {
  int compared = 0;
  for (const auto& pc : policies()) {
    SCOPED_TRACE(pc.name + " on " + std::string(to_string(GetParam())));
    const auto policy = *m_run / (pc.name + ".yaml");
    write_file(policy, pc.yaml);
    if (pc.name == "fingerprints" && GetParam() != Server::Haproxy) {
      auto r = run_program(
          kBinary, {"policy", "export", "--policy", policy.string(), "--to", std::string(to_string(GetParam()))});
      EXPECT_EQ(r.exit_code, 2) << r.describe();  // nginx and mod_ssl have no SHA-256 fingerprint
      EXPECT_NE(r.err.find("rule 'pinned': sha256 cannot be exported"), std::string::npos) << r.err;
      continue;
    }
    std::uint16_t port = 0;
    std::string exported;
    auto server = export_and_start(GetParam(), m_run->path(), policy, port, exported);
    ASSERT_TRUE(server);
    m_allowed = m_denied = 0;
    compare(port, policy, kClients, pc.queries, exported);
    // A policy whose certificates all get the same answer would test little.
    EXPECT_GT(m_allowed, 0);
    EXPECT_GT(m_denied, 0);
    compared += m_allowed + m_denied;
  }
  EXPECT_GE(compared, 12 * 11);  // every certificate, every query of every exportable policy
}

// A certificate whose CN holds every character that could end a quote, a block or a directive
// in one of the servers' syntaxes, a policy that names it (and a rule name and an SNI value of the
// same kind): the export passes the config test, and the server lets exactly that certificate in.
TEST_P(PolicyRoundTrip, HostileValuesAreQuotedNotObeyed) {
  const auto& dir = Pki::get().dir();
  const std::string cn = "ev\\il\"; } $x {y} 'q',<>#%{z};";
  if (!std::filesystem::exists(dir / "hostile.pem")) {
    std::string subj = "/O=Hostile/OU=payments/CN=";
    for (char c : cn) {
      if (c == '\\' || c == '/' || c == '+') subj += '\\';
      subj += c;
    }
    const std::string key = (dir / "hostile.key").string(), csr = (dir / "hostile.csr").string();
    write_file(dir / "hostile.ext", "extendedKeyUsage=clientAuth\n");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key},
             {"req", "-new", "-key", key, "-subj", subj, "-out", csr},
             {"x509", "-req", "-in", csr, "-CA", (dir / "chain.pem").string(), "-CAkey", (dir / "int.key").string(),
              "-set_serial", "0xBEEF", "-days", "30", "-extfile", (dir / "hostile.ext").string(), "-out",
              (dir / "hostile.pem").string()}}) {
      auto r = run_program("openssl", args);
      ASSERT_EQ(r.exit_code, 0) << r.describe();
    }
  }
  std::string yaml_cn;  // the CN in a YAML double-quoted string
  for (char c : cn) {
    if (c == '\\' || c == '"') yaml_cn += '\\';
    yaml_cn += c;
  }
  const auto policy = *m_run / "hostile.yaml";
  write_file(policy,
             "version: 1\nrules:\n  - name: \"x\\\"; }\\nserver { listen 1; } $y\\n\"\n    action: allow\n"
             "    match: {subject: {CN: \"" +
                 yaml_cn +
                 "\"}}\n"
                 "  - name: odd-sni\n    action: allow\n    match: {sni: [\"a\\\";}{$y'.example.com\"]}\n");
  std::uint16_t port = 0;
  std::string exported;
  auto server = export_and_start(GetParam(), m_run->path(), policy, port, exported);
  ASSERT_TRUE(server);
  EXPECT_EQ(exported.find("$x {y}"), std::string::npos) << exported;  // the value, only \xHH-escaped
  compare(port, policy, {"hostile", "pay-de", "pay-fr"}, {Query{}}, exported);
  EXPECT_EQ(m_allowed, 1);
  EXPECT_EQ(m_denied, 2);
}

INSTANTIATE_TEST_SUITE_P(, PolicyRoundTrip, ::testing::Values(Server::Nginx, Server::Apache, Server::Haproxy),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace roundtrip_test
}  // namespace mtlsdoctor::policy::test
