// How an alert from the server becomes the verdict: read through explain's knowledge base (the
// one table `explain --alert` answers from), then decided by the lab identity's own faults.
// Transcripts are made by hand so that every alert can meet every identity, including the
// readings of stacks the live tests do not run (Go's bad_certificate for everything).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/x509/loader.h"
#include "support/run.h"

namespace mtlsdoctor::diagnose {
namespace {

namespace fs = std::filesystem;
using core::Confidence;
using core::FindingId;

struct Lab {
  testsupport::TempDir dir{"mtlsd-alert-reading"};
  core::TimePoint now;
  std::string client_root;
  Lab() {
    auto r = testsupport::run_program(MTLSD_BINARY, {"lab", "create", dir.path().string()});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    const auto manifest = nlohmann::json::parse(testsupport::read_file(dir.path() / "manifest.json"));
    auto created = core::parse_time(manifest["created"].get<std::string>(), core::FixedClock(core::TimePoint{}));
    EXPECT_TRUE(created);
    now = created ? *created : core::TimePoint{};
    client_root = load("client-ca.pem").certificates.at(0).facts().subject.rfc4514;
  }
  [[nodiscard]] x509::Bundle load(const std::string& file) const {
    auto b = x509::load_file(dir.path() / file, x509::no_password());
    EXPECT_TRUE(b) << file;
    return b ? std::move(*b) : x509::Bundle{};
  }
  [[nodiscard]] chain::Identity identity(const std::string& name) const {
    chain::Identity id{
        load(name + ".crt").certificates.at(0), {}, std::nullopt, false, name + ".crt", name + ".key", ""};
    if (fs::exists(dir.path() / (name + "-chain.pem"))) id.offered = load(name + "-chain.pem").certificates;
    auto keys = load(name + ".key").keys;
    if (!keys.empty()) id.key = std::move(keys.front());
    return id;
  }
};

const Lab& lab() {
  static const Lab instance;
  return instance;
}

// A TLS 1.2 handshake in which the server asked for a certificate naming the lab's client root,
// got `identity`'s chain, and answered with `alert`.
probe::Transcript refused_with(int alert, const chain::Identity& identity, std::string ca_name = "") {
  probe::Transcript t;
  t.target = "127.0.0.1:8443";
  t.version = "TLSv1.2";
  t.certificate_requested = true;
  t.ca_names_sent = true;
  t.acceptable_ca_names = {ca_name.empty() ? lab().client_root : ca_name};
  t.client_certificate_message = true;
  t.client_certificates_sent = 1 + identity.offered.size();
  t.alerts.push_back({probe::Direction::Received, true, alert, "alert", false, 7});
  t.error = probe::TransportError::TlsError;
  t.stopped_at = probe::Stage::Handshake;
  return t;
}

struct Judged {
  core::Report report;
  const core::Finding& cause() const { return report.findings.front(); }
};

Judged judge(int alert, const std::string& name, bool with_crl = false, const explain::KnowledgeBase* kb = nullptr) {
  const auto id = lab().identity(name);
  const auto t = refused_with(alert, id);
  Inputs in{t, id, {}, {}, "localhost", lab().now, 2, kb};
  if (with_crl) in.client_crls = lab().load("client-crl.pem").crls;
  auto r = diagnose(in);
  EXPECT_TRUE(r);
  return {r ? std::move(*r) : core::Report{}};
}

TEST(AlertReading, ADedicatedAlertConfirmsTheFaultTheIdentityShows) {
  struct Case {
    int alert;
    std::string identity;
    FindingId cause;
  };
  for (const auto& c : std::vector<Case>{{45, "client-expired", FindingId::ClientCertExpired},
                                         {42, "client-not-yet-valid", FindingId::ClientCertNotYetValid},
                                         {42, "client-weak-key", FindingId::ClientCertWeak},
                                         {43, "client-no-clientauth-eku", FindingId::ClientCertMissingClientAuthEku},
                                         {43, "client-bad-key-usage", FindingId::ClientCertBadKeyUsage}}) {
    SCOPED_TRACE(c.identity + " " + std::to_string(c.alert));
    const auto j = judge(c.alert, c.identity);
    EXPECT_EQ(j.report.verdict.cause, c.cause);
    EXPECT_EQ(j.report.verdict.rejected_by, core::Side::Server);
    EXPECT_EQ(j.report.verdict.confidence, Confidence::Certain);
    ASSERT_TRUE(j.cause().evidence.contains("alert"));
    EXPECT_EQ(j.cause().evidence["alert"]["code"], c.alert);
    EXPECT_TRUE(j.cause().evidence["alert"]["kb_entry"].get<std::string>().starts_with("tls-alert-" +
                                                                                       std::to_string(c.alert) + "-"));
  }
}

TEST(AlertReading, AnotherStacksGenericAlertLeavesTheFaultLikely) {
  // Go answers bad_certificate (42) for an expired certificate, Java certificate_unknown (46):
  // the identity still names the fault, less surely than OpenSSL's certificate_expired would.
  for (int alert : {42, 46}) {
    const auto j = judge(alert, "client-expired");
    EXPECT_EQ(j.report.verdict.cause, FindingId::ClientCertExpired) << alert;
    EXPECT_EQ(j.report.verdict.confidence, Confidence::Likely) << alert;
  }
  // Nothing is certain from an alert OpenSSL sends for other faults: 45 meets a weak key.
  const auto j = judge(45, "client-weak-key");
  EXPECT_EQ(j.report.verdict.cause, FindingId::ClientCertWeak);
  EXPECT_EQ(j.report.verdict.confidence, Confidence::Likely);
}

TEST(AlertReading, AValidIdentityLeavesTheAlertsOtherReadingsAsHypotheses) {
  const auto hypotheses = [](const core::Finding& f) {
    std::string all;
    for (const auto& h : f.evidence["hypotheses"]) all += h.get<std::string>() + "\n";
    return all;
  };
  // unknown_ca from an OpenSSL server about a chain that reaches the CA it names: OpenSSL also
  // sends it when it lacks a CRL for a CA of the chain (verify code 3).
  auto j = judge(48, "client-good");
  EXPECT_EQ(j.report.verdict.cause, FindingId::ClientCertRejected);
  EXPECT_EQ(j.report.verdict.confidence, Confidence::Possible);
  std::string h = hypotheses(j.cause());
  EXPECT_NE(h.find("revocation-unknown"), std::string::npos) << h;
  EXPECT_NE(h.find("client-cert-untrusted-issuer"), std::string::npos) << h;
  EXPECT_EQ(h.find("client-cert-revoked"), std::string::npos) << h;  // no stack sends 48 for it
  EXPECT_EQ(h.find("client-cert-missing"), std::string::npos) << h;  // one was sent

  // certificate_unknown (Java's catch-all) may mean revoked: open without --crl, ruled out with it.
  j = judge(46, "client-good");
  h = hypotheses(j.cause());
  EXPECT_NE(h.find("client-cert-revoked"), std::string::npos) << h;
  EXPECT_EQ(h.find("client-cert-expired"), std::string::npos) << h;  // checked: fine
  EXPECT_NE(h.find("client-access-denied"), std::string::npos) << h;
  // With --crl every reading of 46 but a policy is checked: Java's catch-all on an identity that
  // passes everything is an access policy (issue 11).
  j = judge(46, "client-good", true);
  EXPECT_EQ(j.report.verdict.cause, FindingId::ClientAccessDenied);
  EXPECT_EQ(j.report.verdict.confidence, Confidence::Likely);

  // access_denied reads as an access policy in every stack.
  j = judge(49, "client-good");
  EXPECT_EQ(j.report.verdict.cause, FindingId::ClientAccessDenied);
  EXPECT_EQ(j.report.verdict.confidence, Confidence::Likely);
  // certificate_required: no certificate arrived, whatever was configured.
  EXPECT_EQ(judge(116, "client-good").report.verdict.cause, FindingId::ClientCertMissing);
}

// Two faults, one alert: the alert picks the fault it fits. OpenSSL stops at the first error
// it meets and sends 48 for a foreign CA, so a 42 about a not-yet-valid certificate whose CA
// the server does not name means the server trusts that CA after all.
TEST(AlertReading, WithTwoFaultsTheAlertPicksTheOneItFits) {
  const auto id = lab().identity("client-not-yet-valid");
  for (const auto& [alert, cause] : std::vector<std::pair<int, FindingId>>{
           {42, FindingId::ClientCertNotYetValid}, {48, FindingId::ClientCertUntrustedIssuer}}) {
    const auto t = refused_with(alert, id, "CN=Some Other Root,O=elsewhere");
    const Inputs in{t, id, {}, {}, "localhost", lab().now, 2};
    const auto r = diagnose(in);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->verdict.cause, cause) << alert;
    // The other fault is still reported.
    const auto other = cause == FindingId::ClientCertNotYetValid ? FindingId::ClientCertUntrustedIssuer
                                                                 : FindingId::ClientCertNotYetValid;
    EXPECT_TRUE(std::any_of(r->findings.begin(), r->findings.end(), [&](const core::Finding& f) {
      return f.id == other;
    })) << alert;
  }
}

// The verdict follows the table it is given: change the knowledge base and the reading changes,
// so diagnose holds no alert table of its own.
TEST(AlertReading, TheKnowledgeBaseIsTheOneTable) {
  static const std::string guides =
      "cause: client-cert-expired\nfix: renew\n\ncause: client-cert-weak\nfix: rekey\n\n"
      "cause: server-cert-expired\nfix: renew\n";
  static const std::string alerts =
      "id: a42\npattern: x\nalert: 42\ncauses: client-cert-weak\nsummary: s\n\n"
      "id: v10\npattern: y\nverify-code: 10\nopenssl-alert: 42\ncauses: server-cert-expired\nsummary: s\n";
  const explain::Source sources[] = {{"causes", guides}, {"test", alerts}};
  auto kb = explain::parse(sources);
  ASSERT_TRUE(kb) << kb.error().describe();
  // In this knowledge base OpenSSL sends 42 for an expired certificate (code 10, read for the client).
  auto j = judge(42, "client-expired", false, &*kb);
  EXPECT_EQ(j.report.verdict.cause, FindingId::ClientCertExpired);
  EXPECT_EQ(j.report.verdict.confidence, Confidence::Certain);
  // And certificate_expired (45) means nothing to it.
  j = judge(45, "client-expired", false, &*kb);
  EXPECT_EQ(j.report.verdict.cause, FindingId::ClientCertExpired);
  EXPECT_EQ(j.report.verdict.confidence, Confidence::Likely);
  EXPECT_EQ(j.cause().evidence["alert"].value("kb_entry", ""), "");
}

// chain's verify-result findings and the knowledge base's verify-code entries agree: every
// finding a verify result leads to is one of that code's causes, for the role judged.
TEST(AlertReading, ServerChainFindingsNameTheirVerifyCodesEntry) {
  const auto& kb = explain::builtin_knowledge_base();
  for (const std::string name : {"server-expired", "server-untrusted", "server-no-intermediate", "server-wrong-name"}) {
    SCOPED_TRACE(name);
    const auto id = lab().identity(name);
    probe::Transcript t;
    t.handshake_done = true;
    const auto der = [](const x509::Certificate& c) {
      return std::vector<std::uint8_t>(c.der().begin(), c.der().end());
    };
    t.server_chain.push_back(der(id.leaf));
    for (const auto& c : id.offered) t.server_chain.push_back(der(c));
    Inputs in{t, std::nullopt, {}, {}, "localhost", lab().now, 2};
    in.server_trust.anchors = lab().load("server-ca.pem").certificates;
    auto r = diagnose(in);
    ASSERT_TRUE(r);
    std::size_t with_code = 0;
    for (const auto& f : r->findings) {
      if (!f.evidence.contains("verify_error")) continue;
      ++with_code;
      const auto* entry = kb.verify_entry(f.evidence["verify_error"].get<int>());
      ASSERT_NE(entry, nullptr) << f.evidence.dump();
      EXPECT_EQ(f.evidence["kb_entry"], entry->id);
      EXPECT_NE(std::find(entry->causes.begin(), entry->causes.end(), f.id), entry->causes.end())
          << core::slug(f.id) << " is not a cause of " << entry->id;
    }
    EXPECT_GT(with_code, 0u);
  }
}

}  // namespace
}  // namespace mtlsdoctor::diagnose
