// diagnose --starttls postgres against a real PostgreSQL (Debian 12: 15) on loopback: a fresh
// cluster per test process, TLS with the lab's server identity, the lab's client CA and CRLs.
//
// What PostgreSQL 15 did, observed here (TLS 1.2 and 1.3 alike, except when the alert comes):
// - Every fault OpenSSL finds while verifying the client chain (ssl_ca_file, ssl_crl_file) is a
//   TLS alert, as from any OpenSSL server: unknown_ca 48 (foreign CA, missing intermediate),
//   certificate_expired 45, bad_certificate 42 (not yet valid, weak key, SHA-1),
//   unsupported_certificate 43 (no clientAuth EKU, key usage without digitalSignature),
//   certificate_revoked 44. TLS 1.2: during the handshake. TLS 1.3: after the client's
//   Finished, on the first read — here, the read that follows our StartupMessage.
// - No certificate: the handshake completes (PostgreSQL asks but does not require one at the
//   TLS level); pg_hba.conf then answers the StartupMessage with
//   ErrorResponse FATAL 28000 "connection requires a valid client certificate".
// - A valid certificate whose CN is not the user: FATAL 28000 "certificate authentication failed
//   for user "u"" (`cert`), or ""trust" authentication failed for user "u"" (trust with
//   clientcert=verify-full); no pg_hba.conf line for the user: FATAL 28000 "no pg_hba.conf entry
//   for host …". All three after a completed handshake.
// - A valid certificate whose CN is the user: AuthenticationOk (R 0), then ReadyForQuery, or
//   FATAL 3D000 when the database (named like the user by default) does not exist.
// - ssl = off: 'N' to the SSLRequest. Without ssl_ca_file: no CertificateRequest at all, and a
//   `cert` line fails after TLS with FATAL F0000 (a configuration error, not the certificate).
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "peers.h"
#include "postgres_server.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace postgres_test {
namespace {

const std::string kBinary = MTLSD_BINARY;
const std::string kCertAuth = "hostssl all all 127.0.0.1/32 cert";

class PostgresBase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (PostgresServer::bin_dir().empty() || s_server) return;
    s_lab = std::make_unique<TempDir>("mtlsd-pg-lab");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    // The bootstrap superuser is named like client-good's CN: `cert` authentication accepts it.
    s_server = std::make_unique<PostgresServer>(s_lab->path(), "client-good");
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_lab.reset();
  }
  void SetUp() override {
    if (PostgresServer::bin_dir().empty())
      GTEST_SKIP() << "PostgreSQL is not installed (initdb, postgres): scripts/install-deps.sh";
    ASSERT_TRUE(s_server && s_server->error().empty()) << (s_server ? s_server->error() : "no lab");
  }

  void start(const std::string& hba, const std::vector<std::string>& settings = {}) {
    ASSERT_TRUE(s_server->start(hba, settings)) << s_server->error();
  }

  // diagnose --starttls postgres with the lab identity `identity` ("" for none), then `extra`.
  static nlohmann::json diagnose(const std::string& identity, const std::vector<std::string>& extra = {}) {
    auto args = lab_diagnose_args(s_lab->path(), s_server->port(), identity);
    args.insert(args.end(), {"--starttls", "postgres"});
    args.insert(args.end(), extra.begin(), extra.end());
    return run_json(s_lab->path(), args);
  }

  static std::unique_ptr<TempDir> s_lab;
  static std::unique_ptr<PostgresServer> s_server;
};

std::unique_ptr<TempDir> PostgresBase::s_lab;
std::unique_ptr<PostgresServer> PostgresBase::s_server;

class Postgres : public PostgresBase, public ::testing::WithParamInterface<std::string> {
 protected:
  [[nodiscard]] bool tls13() const { return GetParam() == "--tls1.3"; }
};

struct Case {
  std::string identity;
  std::vector<std::string> extra;
  std::string cause;
  std::string side;
};

void expect_verdicts(const std::vector<Case>& cases, const std::string& version,
                     const std::function<nlohmann::json(const std::string&, const std::vector<std::string>&)>& run) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.identity + " " + (c.extra.empty() ? "" : c.extra.front()) + " " + version);
    auto extra = c.extra;
    extra.push_back(version);
    const auto j = run(c.identity, extra);
    EXPECT_EQ(j["verdict"]["cause"], c.cause) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], c.side) << j.dump(2);
  }
}

TEST_P(Postgres, EveryLabFaultGetsItsVerdictUnderCertAuthentication) {
  start(kCertAuth);
  const std::vector<Case> cases = {
      // Valid, but the CN (client-good) is not the default user mtls-doctor: pg_hba's `cert`.
      {"client-good", {}, "client-access-denied", "server"},
      // The CN's role: authenticated; its database does not exist, which is not about TLS.
      {"client-good", {"--pg-user", "client-good"}, "ok", "none"},
      {"client-wrong-ou", {"--pg-user", "client-good"}, "client-access-denied", "server"},
      {"", {}, "client-cert-missing", "server"},
      {"client-other-ca", {}, "client-cert-untrusted-issuer", "server"},
      {"client-no-intermediate", {}, "client-chain-incomplete", "server"},
      {"client-expired", {}, "client-cert-expired", "server"},
      {"client-not-yet-valid", {}, "client-cert-not-yet-valid", "server"},
      {"client-no-clientauth-eku", {}, "client-cert-missing-clientauth-eku", "server"},
      {"client-bad-key-usage", {}, "client-cert-bad-key-usage", "server"},
      {"client-revoked", {}, "client-cert-revoked", "server"},
      {"client-weak-key", {"--seclevel", "0"}, "client-cert-weak", "server"},
  };
  expect_verdicts(cases, GetParam(), diagnose);
}

TEST_P(Postgres, TheTranscriptShowsBothProtocols) {
  start(kCertAuth);
  auto j = diagnose("client-expired", {GetParam()});
  const auto& h = j["handshake"];
  EXPECT_EQ(h["starttls"], "postgres");
  ASSERT_GE(h["messages"].size(), 2u) << h.dump(2);
  EXPECT_EQ(h["messages"][0]["stage"], "starttls");
  EXPECT_EQ(h["messages"][0]["direction"], "sent");
  EXPECT_EQ(h["messages"][1]["stage"], "starttls");
  EXPECT_EQ(h["messages"][1]["direction"], "received");
  EXPECT_EQ(h["version"], tls13() ? "TLSv1.3" : "TLSv1.2");
  ASSERT_FALSE(h["alerts"].empty()) << h.dump(2);
  EXPECT_EQ(h["alerts"][0]["code"], 45);
  // TLS 1.3: PostgreSQL judges the certificate after our Finished; the alert answers our read.
  EXPECT_EQ(h["alerts"][0]["after_handshake"].get<bool>(), tls13());
  EXPECT_EQ(h["handshake_completed"].get<bool>(), tls13());

  j = diagnose("", {GetParam()});
  EXPECT_EQ(j["verdict"]["confidence"], "certain") << j.dump(2);
  EXPECT_EQ(j["handshake"]["postgres"]["error"]["sqlstate"], "28000") << j.dump(2);

  j = diagnose("client-good", {GetParam()});
  const auto& cause = j["findings"][0];
  EXPECT_EQ(cause["id"], "client-access-denied");
  EXPECT_EQ(cause["evidence"]["sqlstate"], "28000") << cause.dump(2);
  EXPECT_EQ(cause["evidence"]["certificate_cn"], "client-good") << cause.dump(2);
  EXPECT_EQ(cause["evidence"]["user"], "mtls-doctor") << cause.dump(2);
  EXPECT_EQ(j["verdict"]["confidence"], "certain");
}

TEST_P(Postgres, AUrlNamesTheRoleAndTheDatabase) {
  start(kCertAuth);
  auto args = lab_diagnose_args(s_lab->path(), s_server->port(), "client-good");
  args[1] = "postgresql://client-good@127.0.0.1:" + std::to_string(s_server->port()) + "/postgres";
  args.push_back(GetParam());
  const auto j = run_json(s_lab->path(), args);
  EXPECT_EQ(j["verdict"]["cause"], "ok") << j.dump(2);
  EXPECT_EQ(j["handshake"]["postgres"]["authentication"], 0) << j.dump(2);
  EXPECT_TRUE(j["handshake"]["postgres"]["ready"].get<bool>()) << j.dump(2);
  EXPECT_TRUE(j["handshake"]["postgres"]["error"].is_null()) << j.dump(2);
}

TEST_P(Postgres, VerifyFullComparesTheCnWithTheUser) {
  start("hostssl all all 127.0.0.1/32 trust clientcert=verify-full");
  expect_verdicts({{"client-good", {}, "client-access-denied", "server"},
                   {"client-good", {"--pg-user", "client-good"}, "ok", "none"},
                   {"", {}, "client-cert-missing", "server"},
                   {"client-expired", {}, "client-cert-expired", "server"}},
                  GetParam(), diagnose);
}

TEST_P(Postgres, NoPgHbaLineIsAnAccessPolicy) {
  start("hostssl all client-good 127.0.0.1/32 cert");
  expect_verdicts({{"client-good", {}, "client-access-denied", "server"},
                   {"client-good", {"--pg-user", "client-good"}, "ok", "none"}},
                  GetParam(), diagnose);
}

// Through an https:// proxy: TLS with the proxy, CONNECT inside it, then the SSLRequest, the
// target's TLS and the StartupMessage inside that tunnel; the verdicts are those of the direct
// connection (EveryLabFaultGetsItsVerdictUnderCertAuthentication).
TEST_P(Postgres, ThroughAnHttpsProxyTheVerdictsAreTheSame) {
  start(kCertAuth);
  const auto recorded = s_lab->path() / ("pg-connects" + GetParam() + ".txt");
  auto proxy = https_connect_proxy(s_lab->path(), recorded);
  ASSERT_TRUE(proxy->ok()) << proxy->output();
  const std::vector<std::string> via{"--proxy", https_proxy_url(*proxy), "--proxy-cacert", "server-ca.pem"};
  const auto through = [&](const std::string& identity, const std::vector<std::string>& extra) {
    auto all = extra;
    all.insert(all.end(), via.begin(), via.end());
    auto j = diagnose(identity, all);
    EXPECT_EQ(j["handshake"]["proxy"]["scheme"], "https") << j.dump(2);
    EXPECT_EQ(j["handshake"]["proxy"]["status"], 200) << j.dump(2);
    EXPECT_EQ(j["handshake"]["starttls"], "postgres") << j.dump(2);
    return j;
  };
  expect_verdicts({{"client-good", {}, "client-access-denied", "server"},
                   {"client-good", {"--pg-user", "client-good"}, "ok", "none"},
                   {"", {}, "client-cert-missing", "server"},
                   {"client-other-ca", {}, "client-cert-untrusted-issuer", "server"},
                   {"client-expired", {}, "client-cert-expired", "server"},
                   {"client-revoked", {}, "client-cert-revoked", "server"}},
                  GetParam(), through);
  auto j =
      through("client-good", {"--pg-user", "client-good", GetParam()});  // not const: a missing key fails, not aborts
  EXPECT_EQ(j["handshake"]["postgres"]["authentication"], 0) << j.dump(2);
  EXPECT_EQ(j["handshake"]["version"], tls13() ? "TLSv1.3" : "TLSv1.2") << j.dump(2);
  EXPECT_NE(read_file(recorded).find("CONNECT 127.0.0.1:" + std::to_string(s_server->port()) + " HTTP/1.1\r\n"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Tls, Postgres, ::testing::Values("--tls1.2", "--tls1.3"),
                         [](const auto& info) { return info.param == "--tls1.2" ? "TLS12" : "TLS13"; });

TEST_F(PostgresBase, SslOffIsStartTlsNotOffered) {
  start(kCertAuth, {"ssl=off"});
  const auto j = diagnose("client-good");
  EXPECT_EQ(j["verdict"]["cause"], "starttls-not-offered") << j.dump(2);
  EXPECT_EQ(j["verdict"]["rejected_by"], "negotiation");
  EXPECT_EQ(j["handshake"]["stopped_at"], "starttls");
  EXPECT_FALSE(j["findings"][0]["fix"].empty());
}

// Without ssl_ca_file PostgreSQL cannot ask for a client certificate, so none is sent. A pg_hba
// `cert` line then fails as a configuration error after TLS (observed: FATAL F0000 "client
// certificates can only be checked if a root certificate store is available"): the service
// refused, not the certificate. `trust` lets the connection in without mutual TLS.
TEST_F(PostgresBase, WithoutAClientCaNoCertificateIsAskedFor) {
  start(kCertAuth, {"ssl_ca_file=", "ssl_crl_file="});
  auto j = diagnose("client-good");
  EXPECT_EQ(j["verdict"]["cause"], "service-refused") << j.dump(2);
  EXPECT_EQ(j["verdict"]["rejected_by"], "server");
  EXPECT_EQ(j["findings"][0]["evidence"]["sqlstate"], "F0000") << j.dump(2);
  EXPECT_FALSE(j["handshake"]["certificate_requested"].get<bool>());
  start("hostssl all all 127.0.0.1/32 trust", {"ssl_ca_file=", "ssl_crl_file="});
  j = diagnose("client-good");
  EXPECT_EQ(j["verdict"]["cause"], "mtls-not-requested") << j.dump(2);
}

// The engine's other modes speak PostgreSQL too: many postgres:// targets on one loop, and
// "which of my certificates does this server accept?".
TEST_F(PostgresBase, ManyTargetsAndIdentitiesOverStartTls) {
  start(kCertAuth);
  const std::string host = "127.0.0.1:" + std::to_string(s_server->port());
  // client-good's CN is a role; connecting as another user is refused by pg_hba's `cert` rule.
  write_file(s_lab->path() / "pg-targets.txt", "postgres://client-good@" + host + "/postgres\n" +
                                                   "postgres://someone-else@" + host + "/postgres\n" +
                                                   "postgresql://client-good@" + host + "\n");
  auto args = lab_diagnose_args(s_lab->path(), s_server->port(), "client-good");
  args.erase(args.begin() + 1);  // no single target
  args.insert(args.begin() + 1, {"--targets", "pg-targets.txt", "--concurrency", "3"});
  const auto r = run_program(kBinary, args, {.cwd = s_lab->path(), .timeout = std::chrono::seconds(60)});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  std::vector<std::string> causes;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    causes.push_back(j["verdict"]["cause"]);
    EXPECT_EQ(j["handshake"]["starttls"], "postgres") << line;
  }
  // The database defaults to the user's name: client-good has none, which is past the certificate.
  EXPECT_EQ(causes, (std::vector<std::string>{"ok", "client-access-denied", "ok"})) << r.describe();

  TempDir mine("mtlsd-pg-mine");
  for (const std::string id : {"client-expired", "client-other-ca", "client-good"}) {
    for (const std::string ext : {".crt", ".key", "-chain.pem"})
      write_file(mine / (id + ext), read_file(s_lab->path() / (id + ext)));
  }
  const auto j = run_json(s_lab->path(), {"diagnose", "postgres://client-good@" + host + "/postgres", "--identities",
                                          mine.path().string(), "--try", "2", "--cacert", "server-ca.pem",
                                          "--servername", "localhost", "--timeout", "5", "--format", "json"});
  ASSERT_FALSE(j["identities"].empty()) << j.dump(2);
  EXPECT_EQ(j["identities"][0]["subject"], "CN=client-good,OU=payments,O=mtls-doctor lab") << j.dump(2);
  EXPECT_EQ(j["acceptable_ca_names"], nlohmann::json::array({"CN=Lab Client Root,O=mtls-doctor lab"})) << j.dump(2);
}

// What is not PostgreSQL before TLS: a named verdict within the timeout, never a hang.
TEST(PostgresStartTls, NotPostgresIsNamed) {
  TempDir lab("mtlsd-pg-hostile");
  auto made = run_program(kBinary, {"lab", "create", lab.path().string()});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::vector<std::pair<Hostility, std::string>> cases = {
      {Hostility::PlainHttp, "unexpected-protocol"}, {Hostility::Garbage, "unexpected-protocol"},
      {Hostility::Drip, "unexpected-protocol"},      {Hostility::HugeRecord, "unexpected-protocol"},
      {Hostility::Silent, "connection-timeout"},
  };
  for (const auto& [kind, cause] : cases) {
    SCOPED_TRACE(static_cast<int>(kind));
    HostileServer server(kind);
    const auto j = run_json(lab.path(), {"diagnose", "127.0.0.1:" + std::to_string(server.port()), "--starttls",
                                         "postgres", "--timeout", "2", "--format", "json"});
    EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
    EXPECT_EQ(j["handshake"]["stopped_at"], "starttls") << j.dump(2);
  }
  // A port that speaks TLS from the first byte.
  ServerProcess tls(
      "openssl", {"s_server", "-accept", "127.0.0.1:0", "-cert", "server-good.crt", "-key", "server-good.key", "-www"},
      lab.path());
  ASSERT_TRUE(tls.ok()) << tls.output();
  const auto j = run_json(lab.path(), {"diagnose", "127.0.0.1:" + std::to_string(tls.port()), "--starttls", "postgres",
                                       "--timeout", "2", "--format", "json"});
  EXPECT_EQ(j["verdict"]["cause"], "unexpected-protocol") << j.dump(2);
}

}  // namespace
}  // namespace postgres_test
}  // namespace mtlsdoctor::testsupport
