// diagnose against servers of language runtimes on loopback — Python ssl, Java JSSE, Node.js,
// Go crypto/tls — each configured as the lab expects. Their refusals say little (no CA names, one
// alert for everything, a silent close): the identity's own checks must name the cause.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <tuple>

#include "live_lab.h"
#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
namespace {

struct LiveCase {
  std::string identity;  // a lab identity, "" for none
  std::string cause;
  std::string confidence;
};

// Each case against 127.0.0.1:`port` under TLS 1.2 and 1.3: its cause and confidence, the side
// (`none` for the good identity, else the server), then `more` for anything peer-specific.
void expect_live_verdicts(std::uint16_t port, const std::vector<LiveCase>& cases,
                          const std::function<void(const LiveCase&, const Verdict&)>& more = {}) {
  for (const std::string version : {"--tls1.2", "--tls1.3"}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(c.identity + " " + version);
      auto args = kServerTrust;
      args.push_back(version);
      if (!c.identity.empty()) {
        auto id = identity_args(c.identity);
        args.insert(args.end(), id.begin(), id.end());
      }
      const auto v = diagnose(port, args);
      EXPECT_EQ(v.cause, c.cause) << v.raw;
      EXPECT_EQ(v.rejected_by, c.cause == "ok" ? "none" : "server") << v.raw;
      EXPECT_EQ(v.json["verdict"]["confidence"], c.confidence) << v.raw;
      if (more) more(c, v);
    }
  }
}

std::string server_fullchain() {
  return write_server_fullchain(lab().dir.path());
}

// Python's ssl server names no acceptable CAs: the missing-intermediate and foreign-CA cases
// get their cause from the chain's shape and what the client holds, with confidence lowered to
// "possible"; a fault of the identity itself (not yet valid, weak) outranks them (issue 11).
TEST(PythonSsl, NoCaNamesStillLeadsToTheCause) {
  const std::string script = std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/py_mtls_server.py";
  ServerProcess server("python3", {script, server_fullchain(), "server-good.key", "client-ca.pem", "client-crl.pem"},
                       lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"client-good", "ok", "certain"},
      {"", "client-cert-missing", "certain"},
      {"client-no-intermediate", "client-chain-incomplete", "possible"},
      {"client-other-ca", "client-cert-untrusted-issuer", "possible"},
      {kForeignLeafAlone, "client-cert-untrusted-issuer", "possible"},
      {"client-expired", "client-cert-expired", "certain"},
      {"client-revoked", "client-cert-revoked", "certain"},
      {"client-not-yet-valid", "client-cert-not-yet-valid", "certain"},
      {"client-weak-key", "client-cert-weak", "certain"},
  };
  for (const auto& [identity, cause, confidence] : cases) {
    SCOPED_TRACE(identity);
    auto args = kServerTrust;
    if (!identity.empty()) {
      auto id = identity_args(identity);
      args.insert(args.end(), id.begin(), id.end());
    }
    if (identity == "client-weak-key") args.insert(args.end(), {"--seclevel", "0"});  // sent anyway
    const auto v = diagnose(server.port(), args);
    EXPECT_EQ(v.cause, cause) << v.raw;
    EXPECT_EQ(v.json["verdict"]["confidence"], confidence) << v.raw;
    EXPECT_TRUE(v.json["handshake"]["acceptable_ca_names"].empty());
  }
}

// Issue 15, M14: a server that accepts the certificate and answers something that is not HTTP let
// the session through: ok, and the transcript says the answer was not HTTP.
// The Python server in one of its modes (--garbage, --old-date), and client-good's verdict from it.
struct PythonPeer {
  ServerProcess server;
  explicit PythonPeer(const std::string& mode)
      : server("python3",
               {std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/py_mtls_server.py", server_fullchain(),
                "server-good.key", "client-ca.pem", mode},
               lab().dir.path()) {}
  [[nodiscard]] Verdict good_client() const {
    auto args = kServerTrust;
    const auto id = identity_args("client-good", false);
    args.insert(args.end(), id.begin(), id.end());
    return diagnose(server.port(), args);
  }
};

TEST(PythonSsl, AnAnswerThatIsNotHttpStillMeansAccepted) {
  PythonPeer peer("--garbage");
  ASSERT_TRUE(peer.server.ok()) << peer.server.output();
  const auto v = peer.good_client();
  EXPECT_EQ(v.cause, "ok") << v.raw;
  EXPECT_EQ(v.exit_code, 0) << v.raw;
  EXPECT_NE(v.json["handshake"].dump().find("not HTTP"), std::string::npos) << v.raw;
}

// Issue 15, L11: a clock years behind is told in days; without --cacert the trust store is the
// system's, named as such rather than by three of its roots.
TEST(PythonSsl, ClockSkewInDaysAndTheSystemTrustStoreByName) {
  PythonPeer peer("--old-date");
  ASSERT_TRUE(peer.server.ok()) << peer.server.output();
  const auto v = peer.good_client();
  EXPECT_EQ(v.cause, "ok") << v.raw;
  std::string skew;
  for (const auto& f : v.json["findings"]) {
    if (f["id"] == "clock-skew") skew = f["message"];
  }
  EXPECT_NE(skew.find("days behind"), std::string::npos) << v.raw;
  if (!std::filesystem::exists("/etc/ssl/certs/ca-certificates.crt")) GTEST_SKIP() << "no system CA bundle";
  const auto untrusted = diagnose(peer.server.port(), {"--servername", "localhost", "--cert", "client-good.crt",
                                                       "--key", "client-good.key", "--chain", "client-good-chain.pem"});
  EXPECT_EQ(untrusted.cause, "server-cert-untrusted") << untrusted.raw;
  EXPECT_NE(untrusted.json["verdict"]["summary"].get<std::string>().find("(the system trust store)"), std::string::npos)
      << untrusted.raw;
  EXPECT_EQ(untrusted.json["verdict"]["summary"].get<std::string>().find(" more"), std::string::npos) << untrusted.raw;
}

// Java (JSSE) sends certificate_unknown (46) for every validation failure and bad_certificate
// (42) for a missing certificate: a catch-all alert, so every fault is `likely`, never `certain`.
TEST(JavaJsse, ACatchAllAlertIsExplainedByTheIdentity) {
  if (run_program("java", {"-version"}).exit_code != 0)
    GTEST_SKIP() << "java is not installed (scripts/install-deps.sh)";
  const std::string source = std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/JavaMtlsServer.java";
  ServerProcess server("java", {source, server_fullchain(), "server-good.key", "client-ca.pem", "client-crl.pem"},
                       lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  expect_live_verdicts(server.port(),
                       {{"client-good", "ok", "certain"},
                        {"", "client-cert-missing", "certain"},  // none was sent: the 42 cannot mean anything else
                        {"client-other-ca", "client-cert-untrusted-issuer", "likely"},
                        {"client-no-intermediate", "client-chain-incomplete", "likely"},
                        {kForeignLeafAlone, "client-cert-untrusted-issuer", "possible"},
                        {"client-expired", "client-cert-expired", "likely"},
                        {"client-not-yet-valid", "client-cert-not-yet-valid", "likely"},
                        {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "likely"},
                        {"client-bad-key-usage", "client-cert-bad-key-usage", "likely"},
                        {"client-revoked", "client-cert-revoked", "likely"}},
                       [](const LiveCase& c, const Verdict& v) {
                         if (c.identity.empty() || c.cause == "ok") return;
                         EXPECT_EQ(v.json["findings"][0]["evidence"]["alert"]["code"], 46) << v.raw;
                       });
}

// Node.js closes the connection without an alert for every verification failure (TLS 1.2:
// during the handshake; TLS 1.3: after the client finished, on the first read): the identity
// alone names the cause, `likely`. OpenSSL 3 reports such a close as "unexpected eof while
// reading", which must read as a silent refusal, not as a broken TLS peer.
TEST(NodeHttps, ASilentCloseIsExplainedByTheIdentity) {
  if (run_program("node", {"--version"}).exit_code != 0)
    GTEST_SKIP() << "node is not installed (scripts/install-deps.sh)";
  const std::string script = std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/node_mtls_server.js";
  ServerProcess server("node", {script, server_fullchain(), "server-good.key", "client-ca.pem", "client-crl.pem"},
                       lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  expect_live_verdicts(server.port(),
                       {{"client-good", "ok", "certain"},
                        {"", "client-cert-missing", "certain"},  // a real alert: 40 (TLS 1.2), 116 (TLS 1.3)
                        {"client-other-ca", "client-cert-untrusted-issuer", "likely"},
                        {"client-no-intermediate", "client-chain-incomplete", "likely"},
                        {kForeignLeafAlone, "client-cert-untrusted-issuer", "possible"},
                        {"client-expired", "client-cert-expired", "likely"},
                        {"client-not-yet-valid", "client-cert-not-yet-valid", "likely"},
                        {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "likely"},
                        {"client-revoked", "client-cert-revoked", "likely"}});
}

// Go's crypto/tls answers every refusal with bad_certificate (42), built from
// tests/diagnose/go_mtls_server.go once per build. MODE: verify (CA names sent), policy (then
// only OU=payments), nonames (RequireAnyClientCert: no CA names, the chain verified in a callback).
struct GoPeer {
  ServerProcess server;
  explicit GoPeer(const std::string& mode)
      : server(MTLSD_GO_SERVER, {server_fullchain(), "server-good.key", "client-ca.pem", mode}, lab().dir.path()) {}
};

bool go_built() {
  return !std::string(MTLSD_GO_SERVER).empty() && std::filesystem::exists(MTLSD_GO_SERVER);
}

// One alert for everything: the identity's own faults name the cause; the 42 of a valid identity
// whose chain reaches the CA names the server sent is an access policy, `likely` (issue 11).
TEST(GoCryptoTls, OneAlertForEveryRefusalIsExplainedByTheIdentity) {
  if (!go_built()) GTEST_SKIP() << "go is not installed (scripts/install-deps.sh: golang-go)";
  GoPeer go("verify");
  ASSERT_TRUE(go.server.ok()) << go.server.output();
  expect_live_verdicts(go.server.port(),
                       {{"client-good", "ok", "certain"},
                        {"", "client-cert-missing", "certain"},
                        {"client-other-ca", "client-cert-untrusted-issuer", "likely"},
                        {"client-no-intermediate", "client-chain-incomplete", "likely"},
                        {kForeignLeafAlone, "client-cert-untrusted-issuer", "possible"},
                        {"client-expired", "client-cert-expired", "likely"},
                        // OpenSSL's alert for it is 42 too: the alert fits the fault.
                        {"client-not-yet-valid", "client-cert-not-yet-valid", "certain"},
                        {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "likely"}},
                       [](const LiveCase& c, const Verdict& v) {
                         if (c.cause == "ok") return;
                         EXPECT_EQ(v.json["handshake"]["alerts"][0]["code"], 42) << v.raw;
                       });
}

TEST(GoCryptoTls, AVerifyPeerCertificateDenialIsAnAccessPolicy) {
  if (!go_built()) GTEST_SKIP() << "go is not installed (scripts/install-deps.sh: golang-go)";
  GoPeer go("policy");
  ASSERT_TRUE(go.server.ok()) << go.server.output();
  expect_live_verdicts(go.server.port(),
                       {{"client-good", "ok", "certain"},
                        {"client-wrong-ou", "client-access-denied", "likely"},
                        {"client-expired", "client-cert-expired", "likely"}},
                       [](const LiveCase& c, const Verdict& v) {
                         if (c.cause == "ok") return;
                         EXPECT_EQ(v.json["handshake"]["alerts"][0]["code"], 42) << v.raw;
                       });
  // Without the CRL, revocation could not be ruled out: the refusal stays unexplained.
  auto args = kServerTrust;
  const auto id = identity_args("client-wrong-ou", false);
  args.insert(args.end(), id.begin(), id.end());
  const auto v = diagnose(go.server.port(), args);
  EXPECT_EQ(v.cause, "client-cert-rejected") << v.raw;
}

// No acceptable CA names (RequireAnyClientCert): a concrete fault of the identity outranks the
// unverifiable "the server may not trust your CA".
TEST(GoCryptoTls, WithoutCaNamesAConcreteFaultComesFirst) {
  if (!go_built()) GTEST_SKIP() << "go is not installed (scripts/install-deps.sh: golang-go)";
  GoPeer go("nonames");
  ASSERT_TRUE(go.server.ok()) << go.server.output();
  expect_live_verdicts(go.server.port(),
                       {{"client-good", "ok", "certain"},
                        {"client-not-yet-valid", "client-cert-not-yet-valid", "certain"},
                        {"client-expired", "client-cert-expired", "likely"},
                        {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "likely"},
                        {"client-other-ca", "client-cert-untrusted-issuer", "possible"},
                        {kForeignLeafAlone, "client-cert-untrusted-issuer", "possible"},
                        {"client-no-intermediate", "client-chain-incomplete", "possible"}},
                       [](const LiveCase&, const Verdict& v) {
                         EXPECT_TRUE(v.json["handshake"]["acceptable_ca_names"].empty()) << v.raw;
                       });
}

}  // namespace
}  // namespace mtlsdoctor::testsupport
