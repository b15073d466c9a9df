// How a refusal is ranked from hand-made transcripts (issue 11, diagnose): a leaf sent without
// its issuer (a foreign CA, or an intermediate left out), concrete faults before the unverifiable
// "the server may not trust your CA" when no CA names came, and a catch-all alert on an identity
// that passes every check read as an access policy. Certificates made by the openssl CLI, and by
// `mtls-doctor lab create` for the lab's faults.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/x509/identity.h"
#include "mtlsdoctor/x509/loader.h"
#include "openssl_pki.h"
#include "support/run.h"

namespace mtlsdoctor::diagnose {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace issuer_ranking_test {
namespace {

using testsupport::run_program;
using testsupport::TempDir;

// Two organisations' hierarchies (root → issuing CA → leaf), a CA without an organisation, and
// CRLs, made once.
struct Pki : testsupport::OpensslPki {
  Pki() : OpensslPki("mtlsd-issuer-rank") {
    root("partner-root", "/O=Partner Corp/CN=Partner Root");
    root("acme-root", "/O=Acme Corp/CN=Acme Root");
    root("plain-root", "/CN=Plain Root");
    const std::string& ca = testsupport::kCaExtensions;
    const std::string& leaf = testsupport::kClientLeafExtensions;
    issue("partner-int", "/O=Partner Corp/CN=Partner Issuing CA", "partner-root", ca);
    issue("acme-int", "/O=Acme Corp/CN=Acme Issuing CA", "acme-root", ca);
    issue("partner-leaf", "/O=Partner Corp/OU=payments/CN=partner-client", "partner-int", leaf);
    issue("acme-leaf", "/O=Acme Corp/CN=acme-client", "acme-int", leaf);
    issue("plain-leaf", "/CN=plain-client", "plain-root", leaf);
    issue("aia-leaf", "/O=Acme Corp/CN=aia-client", "acme-int",
          leaf + "authorityInfoAccess=caIssuers;URI:http://pki.acme.example/issuing.cer\n");
    for (const std::string name : {"partner-int", "partner-root"}) {
      testsupport::write_file(dir / "index.txt", "");
      testsupport::write_file(dir / "ca.cnf", "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ndefault_md=sha256\n");
      openssl({"ca", "-config", "ca.cnf", "-gencrl", "-keyfile", name + ".key", "-cert", name + ".pem", "-crldays",
               "30", "-out", name + ".crl"});
    }
  }
  [[nodiscard]] std::string path(const std::string& file) const { return (dir / file).string(); }
  [[nodiscard]] x509::Certificate cert(const std::string& name) const {
    auto c = x509::load_anchors({path(name + ".pem")}, x509::no_password());
    EXPECT_TRUE(c.has_value());
    return c->front();
  }
  [[nodiscard]] chain::Identity identity(const std::string& name, const std::vector<std::string>& chain = {}) const {
    auto id = x509::load_identity({path(name + ".pem"), path(name + ".key"), "", ""}, x509::no_password());
    EXPECT_TRUE(id.has_value());
    for (const auto& c : chain) id->offered.push_back(cert(c));
    return *id;
  }
  [[nodiscard]] std::vector<x509::Crl> crls(const std::vector<std::string>& names) const {
    std::vector<std::string> files;
    for (const auto& n : names) files.push_back(path(n + ".crl"));
    auto c = x509::load_crls(files, x509::no_password());
    EXPECT_TRUE(c.has_value());
    return *c;
  }
};

Pki& pki() {
  static Pki instance;
  return instance;
}

core::TimePoint now() {
  return core::TimePoint{
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())};
}

// A TLS 1.2 refusal: the server asked (naming `names`), the client sent `sent` certificates and
// the server answered with alert `code`.
probe::Transcript refused(const std::vector<std::string>& names, std::size_t sent, int code, const std::string& name) {
  probe::Transcript t;
  t.target = "partner.example:443";
  t.certificate_requested = true;
  t.acceptable_ca_names = names;
  t.ca_names_sent = !names.empty();
  t.client_certificates_sent = sent;
  t.client_certificate_message = true;
  t.alerts.push_back({probe::Direction::Received, true, code, name, false, 5});
  t.error = probe::TransportError::TlsError;
  t.stopped_at = probe::Stage::Handshake;
  return t;
}

struct Judged {
  core::Report report;
  nlohmann::json cause_evidence;
};

Judged judge(const probe::Transcript& t, const chain::Identity& id, std::vector<x509::Crl> crls = {},
             std::vector<x509::Certificate> anchors = {}, core::TimePoint at = now()) {
  Inputs in{t, id, std::move(crls), {}, "", at, 2};
  in.server_trust.anchors = std::move(anchors);
  auto r = diagnose(in);
  EXPECT_TRUE(r.has_value());
  Judged j{r ? *r : core::Report{}, {}};
  if (!j.report.findings.empty()) j.cause_evidence = j.report.findings.front().evidence;
  return j;
}

std::string partner_root() {
  return pki().cert("partner-root").facts().subject.rfc4514;
}

// The usual real case: a leaf from another organisation's CA, sent alone. Before, it was read as
// a missing intermediate whatever the evidence.
TEST(UnsentIssuer, AForeignOrganisationsLeafAloneIsAnUntrustedIssuer) {
  const auto t = refused({partner_root()}, 1, 48, "unknown_ca");
  const auto j = judge(t, pki().identity("acme-leaf"));
  EXPECT_EQ(j.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(j.report.verdict.confidence, core::Confidence::Possible);  // one reason: the organisation
  EXPECT_EQ(j.cause_evidence["alternative"], "client-chain-incomplete");
  EXPECT_EQ(j.cause_evidence["issuer_evidence"]["client-cert-untrusted-issuer"]["score"], 1);
  // The server's CRLs cover its own root and not this issuer: a second reason, so likely.
  const auto with_crls = judge(t, pki().identity("acme-leaf"), pki().crls({"partner-root", "partner-int"}));
  EXPECT_EQ(with_crls.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(with_crls.report.verdict.confidence, core::Confidence::Likely);
}

TEST(UnsentIssuer, HoldingTheForeignChainMakesItCertain) {
  const auto j = judge(refused({partner_root()}, 1, 48, "unknown_ca"), pki().identity("acme-leaf"), {},
                       {pki().cert("acme-int"), pki().cert("acme-root")});
  EXPECT_EQ(j.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(j.report.verdict.confidence, core::Confidence::Certain);
}

TEST(UnsentIssuer, TheServersOwnOrganisationReadsAsAMissingIntermediate) {
  const auto t = refused({partner_root()}, 1, 48, "unknown_ca");
  const auto j = judge(t, pki().identity("partner-leaf"));
  EXPECT_EQ(j.report.verdict.cause, core::FindingId::ClientChainIncomplete);
  EXPECT_EQ(j.report.verdict.confidence, core::Confidence::Possible);
  EXPECT_EQ(j.cause_evidence["alternative"], "client-cert-untrusted-issuer");
  // The issuer's CRL among the server's places it in the server's hierarchy.
  const auto crl = judge(t, pki().identity("partner-leaf"), pki().crls({"partner-int", "partner-root"}));
  EXPECT_EQ(crl.report.verdict.cause, core::FindingId::ClientChainIncomplete);
  EXPECT_EQ(crl.report.verdict.confidence, core::Confidence::Likely);
  // Holding the intermediate, whose AKI path reaches the accepted root: certain.
  const auto held = judge(t, pki().identity("partner-leaf"), {}, {pki().cert("partner-int")});
  EXPECT_EQ(held.report.verdict.cause, core::FindingId::ClientChainIncomplete);
  EXPECT_EQ(held.report.verdict.confidence, core::Confidence::Certain);
}

// Nothing speaks for either: the foreign CA, the usual case, at the lowest confidence.
TEST(UnsentIssuer, NoEvidenceEitherWayFavoursAForeignCa) {
  const auto j = judge(refused({partner_root()}, 1, 48, "unknown_ca"), pki().identity("plain-leaf"));
  EXPECT_EQ(j.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(j.report.verdict.confidence, core::Confidence::Possible);
  EXPECT_EQ(j.cause_evidence["issuer_evidence"]["client-chain-incomplete"]["score"], 0);
  EXPECT_EQ(j.cause_evidence["issuer_evidence"]["client-cert-untrusted-issuer"]["score"], 0);
}

// AIA points at a fetchable issuer certificate: it weighs for the intermediate and gives the
// command, but does not outweigh a foreign organisation on its own.
TEST(UnsentIssuer, AiaIsWeighedAndGivesTheFetchCommand) {
  const auto j = judge(refused({partner_root()}, 1, 48, "unknown_ca"), pki().identity("aia-leaf"));
  EXPECT_EQ(j.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(j.cause_evidence["issuer_evidence"]["aia_ca_issuers"][0], "http://pki.acme.example/issuing.cer");
  EXPECT_NE(nlohmann::json(j.report.findings.front().fixes).dump().find("pki.acme.example/issuing.cer"),
            std::string::npos);
  const auto same_org = judge(refused({pki().cert("acme-root").facts().subject.rfc4514}, 1, 48, "unknown_ca"),
                              pki().identity("aia-leaf"));
  EXPECT_EQ(same_org.report.verdict.cause, core::FindingId::ClientChainIncomplete);
  EXPECT_EQ(same_org.report.verdict.confidence, core::Confidence::Likely);
}

// A leaf whose chain reaches an accepted name is not touched by any of this.
TEST(UnsentIssuer, AChainThatReachesTheNameIsNoIssuerFault) {
  const auto j = judge(refused({partner_root()}, 2, 48, "unknown_ca"), pki().identity("partner-leaf", {"partner-int"}));
  EXPECT_NE(j.report.verdict.cause, core::FindingId::ClientChainIncomplete);
  EXPECT_NE(j.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
}

// The lab's identities, made by the binary, for the faults the openssl CLI cannot date.
struct Lab {
  TempDir dir{"mtlsd-rank-lab"};
  Lab() {
    const auto r = run_program(MTLSD_BINARY, {"lab", "create", dir.path().string()});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
  }
  [[nodiscard]] chain::Identity identity(const std::string& name, bool chain = true) const {
    auto id = x509::load_identity({(dir / (name + ".crt")).string(), (dir / (name + ".key")).string(),
                                   chain ? (dir / (name + "-chain.pem")).string() : "", ""},
                                  x509::no_password());
    EXPECT_TRUE(id.has_value()) << name;
    return *id;
  }
  [[nodiscard]] std::vector<x509::Crl> crls() const {
    auto c = x509::load_crls({(dir / "client-crl.pem").string()}, x509::no_password());
    EXPECT_TRUE(c.has_value());
    return *c;
  }
  [[nodiscard]] std::string client_root() const {
    return x509::load_anchors({(dir / "client-ca.pem").string()}, x509::no_password())->front().facts().subject.rfc4514;
  }
};

Lab& lab() {
  static Lab instance;
  return instance;
}

// Issue 11, point 8: a server that names no CAs (Python's ssl, Go with RequireAnyClientCert, some
// Java) cannot show that it distrusts the issuer; a fault of the identity itself outranks that
// guess, whatever the catch-all alert lists first.
TEST(NoCaNames, AConcreteFaultOutranksTheUnverifiableIssuer) {
  struct Case {
    std::string identity;
    bool chain;
    int code;
    std::string alert;
    core::FindingId cause;
  };
  const std::vector<Case> cases = {
      {"client-not-yet-valid", true, 46, "certificate_unknown", core::FindingId::ClientCertNotYetValid},
      {"client-not-yet-valid", true, 42, "bad_certificate", core::FindingId::ClientCertNotYetValid},
      {"client-not-yet-valid", false, 46, "certificate_unknown", core::FindingId::ClientCertNotYetValid},
      {"client-expired", true, 46, "certificate_unknown", core::FindingId::ClientCertExpired},
      {"client-expired", false, 42, "bad_certificate", core::FindingId::ClientCertExpired},
      {"client-no-clientauth-eku", true, 42, "bad_certificate", core::FindingId::ClientCertMissingClientAuthEku},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.identity + " " + c.alert + (c.chain ? " with its chain" : " alone"));
    const auto j =
        judge(refused({}, c.chain ? 2 : 1, c.code, c.alert), lab().identity(c.identity, c.chain), lab().crls());
    EXPECT_EQ(j.report.verdict.cause, c.cause);
    EXPECT_EQ(j.report.verdict.rejected_by, core::Side::Server);
  }
  // The guess stays the verdict where nothing else explains the refusal.
  const auto foreign =
      judge(refused({}, 2, 46, "certificate_unknown"), lab().identity("client-other-ca"), lab().crls());
  EXPECT_EQ(foreign.report.verdict.cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(foreign.report.verdict.confidence, core::Confidence::Possible);
}

// Issue 11, point 9: Go (42) and Java (46) send one alert for every refusal. An identity that
// passes every offline check — validity, EKU, key usage, strength, the CRL, the server's CA
// names — was most likely refused by an access policy.
TEST(OneAlertForEverything, AValidIdentityIsAnAccessPolicyDenial) {
  const std::vector<std::string> names{lab().client_root()};
  for (const auto& [code, name] : {std::pair{42, "bad_certificate"}, std::pair{46, "certificate_unknown"}}) {
    SCOPED_TRACE(name);
    const auto j = judge(refused(names, 2, code, name), lab().identity("client-wrong-ou"), lab().crls());
    EXPECT_EQ(j.report.verdict.cause, core::FindingId::ClientAccessDenied);
    EXPECT_EQ(j.report.verdict.confidence, core::Confidence::Likely);
    EXPECT_EQ(j.report.verdict.rejected_by, core::Side::Server);
    EXPECT_EQ(j.cause_evidence["alert"]["code"], code);
  }
}

// Negative cases: what an offline check could not rule out keeps the verdict open.
TEST(OneAlertForEverything, AnUncheckedReadingKeepsItOpen) {
  const std::vector<std::string> names{lab().client_root()};
  // No CRL given: revocation was not checked, whether the alert's readings list it (46) or not
  // (42, which Go sends for a revoked certificate too).
  for (const auto& [code, name] : {std::pair{42, "bad_certificate"}, std::pair{46, "certificate_unknown"}}) {
    const auto no_crl = judge(refused(names, 2, code, name), lab().identity("client-wrong-ou"));
    EXPECT_EQ(no_crl.report.verdict.cause, core::FindingId::ClientCertRejected) << name;
  }
  // No CA names: the issuer could not be compared, and stays the (possible) reading.
  const auto no_names = judge(refused({}, 2, 42, "bad_certificate"), lab().identity("client-wrong-ou"), lab().crls());
  EXPECT_NE(no_names.report.verdict.cause, core::FindingId::ClientAccessDenied);
  EXPECT_EQ(no_names.report.verdict.confidence, core::Confidence::Possible);
  // unknown_ca (48) does not mean an access policy on any stack.
  const auto unknown_ca = judge(refused(names, 2, 48, "unknown_ca"), lab().identity("client-wrong-ou"), lab().crls());
  EXPECT_EQ(unknown_ca.report.verdict.cause, core::FindingId::ClientCertRejected);
}

}  // namespace
}  // namespace issuer_ranking_test
}  // namespace mtlsdoctor::diagnose
