// The knowledge base as data: it parses, every cause exists, every RFC alert and the verify
// codes people meet have a canonical entry, and the parser refuses malformed files.
#include "mtlsdoctor/explain/knowledge_base.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {
namespace {

const KnowledgeBase& builtin_kb() {
  return builtin_knowledge_base();
}

TEST(KnowledgeBase, BuiltinParsesAndCompiles) {
  auto kb = parse(builtin_sources());
  ASSERT_TRUE(kb) << kb.error().describe();
  auto explainer = Explainer::create(std::move(*kb));
  ASSERT_TRUE(explainer) << explainer.error().describe();
}

TEST(KnowledgeBase, HasAtLeast120PatternEntriesAcrossEcosystems) {
  std::set<std::string> ecosystems;
  for (const auto& e : builtin_kb().entries) ecosystems.insert(e.ecosystem);
  EXPECT_GE(builtin_kb().entries.size(), 120u);
  for (const char* eco : {"tls-alerts", "openssl", "openssl-verify", "curl", "go", "java", "python", "node", "browsers",
                          "nginx", "apache"}) {
    EXPECT_TRUE(ecosystems.count(eco)) << eco;
  }
}

TEST(KnowledgeBase, EveryCauseIsAKnownIdWithAGuide) {
  for (const auto& e : builtin_kb().entries) {
    ASSERT_FALSE(e.causes.empty()) << e.id;
    for (auto cause : e.causes) {
      EXPECT_EQ(core::finding_from_slug(core::slug(cause)), cause) << e.id;
      const auto* guide = builtin_kb().guide(cause);
      ASSERT_NE(guide, nullptr) << e.id << " " << core::slug(cause);
      EXPECT_FALSE(guide->fixes.empty()) << core::slug(cause);
    }
  }
}

TEST(KnowledgeBase, EveryEntryHasAnExampleAndASummary) {
  for (const auto& e : builtin_kb().entries) {
    EXPECT_FALSE(e.examples.empty()) << e.id;
    EXPECT_FALSE(e.summary.empty()) << e.id;
  }
}

TEST(KnowledgeBase, EveryRfcAlertHasACanonicalEntry) {
  // RFC 8446 section 6 plus the TLS 1.2-and-older alerts of RFC 5246 section 7.2.
  const std::set<int> rfc = {0,  10, 20, 21, 22, 30, 40, 41,  42,  43,  44,  45,  46,  47,  48,  49,  50,
                             51, 60, 70, 71, 80, 86, 90, 100, 109, 110, 111, 112, 113, 114, 115, 116, 120};
  std::set<int> have;
  for (const auto& e : builtin_kb().entries) {
    if (e.alert) have.insert(*e.alert);
  }
  EXPECT_EQ(have, rfc);
}

TEST(KnowledgeBase, CommonVerifyCodesHaveACanonicalEntry) {
  std::set<int> have;
  for (const auto& e : builtin_kb().entries) {
    if (e.verify_code) have.insert(*e.verify_code);
  }
  for (int code : {2, 9, 10, 18, 19, 20, 21, 23, 26, 62, 66, 67, 68}) EXPECT_TRUE(have.count(code)) << code;
}

core::Result<KnowledgeBase> parse_one(std::string_view text) {
  static const std::string guides = "cause: client-cert-missing\nfix: send it\n";
  const Source sources[] = {{"causes", guides}, {"test", text}};
  return parse(sources);
}

TEST(KnowledgeBaseParser, AcceptsAMinimalEntry) {
  auto kb = parse_one("# comment\nid: t-1\npattern: foo\ncauses: client-cert-missing\nsummary: s\nexample: foo\n");
  ASSERT_TRUE(kb) << kb.error().describe();
  ASSERT_EQ(kb->entries.size(), 1u);
  EXPECT_EQ(kb->entries[0].ecosystem, "test");
  EXPECT_EQ(kb->entries[0].effective_confidence(), core::Confidence::Certain);
}

TEST(KnowledgeBaseParser, RefusesUnknownCauseKeyDuplicateAndMissingPattern) {
  EXPECT_FALSE(parse_one("id: t\npattern: x\ncauses: no-such-cause\nsummary: s\n"));
  EXPECT_FALSE(parse_one("id: t\npattern: x\ncauses: client-cert-missing\nsummary: s\ncolour: red\n"));
  EXPECT_FALSE(parse_one("id: t\ncauses: client-cert-missing\nsummary: s\n"));
  EXPECT_FALSE(
      parse_one("id: t\npattern: x\ncauses: client-cert-missing\nsummary: s\n\n"
                "id: t\npattern: y\ncauses: client-cert-missing\nsummary: s\n"));
  EXPECT_FALSE(parse_one("pattern: x\n"));
  // A cause without a guide in causes.kb.
  EXPECT_FALSE(parse_one("id: t\npattern: x\ncauses: client-cert-expired\nsummary: s\n"));
}

TEST(KnowledgeBaseParser, FragmentsExpandIntoTheFilesLaterPatterns) {
  auto kb = parse_one(
      "fragment: wrap\npattern: code=|\\[3:\n\n"
      "fragment: err\npattern: {{wrap}}-98\n\n"
      "id: t\npattern: {{err}}07\\b|x{{wrap}}y\ncauses: client-cert-missing\nsummary: s\nexample: code=-9807\n");
  ASSERT_TRUE(kb) << kb.error().describe();
  ASSERT_EQ(kb->entries.size(), 1u);
  EXPECT_EQ(kb->entries[0].patterns[0], "(?:(?:code=|\\[3:)-98)07\\b|x(?:code=|\\[3:)y");
  auto explainer = Explainer::create(std::move(*kb));
  ASSERT_TRUE(explainer) << explainer.error().describe();
  EXPECT_TRUE(explainer->explain_text("CFNetwork SSLHandshake failed [3:-9807]").explained());
}

TEST(KnowledgeBaseParser, RefusesFragmentsUnknownTwiceOrMalformed) {
  const std::string entry = "id: t\npattern: {{f}}\ncauses: client-cert-missing\nsummary: s\n";
  // Not defined, defined below its use, or in another file: each file's fragments are its own.
  auto unknown = parse_one(entry);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().subject, "kb/test.kb:2");
  EXPECT_FALSE(parse_one(entry + "\nfragment: f\npattern: a\n"));
  EXPECT_FALSE(parse_one("fragment: f\npattern: a\n\nfragment: f\npattern: b\n\n" + entry));
  EXPECT_FALSE(parse_one("fragment: f\npattern: a\npattern: b\n\n" + entry));
  EXPECT_FALSE(parse_one("fragment: f\n\n" + entry));
  EXPECT_FALSE(parse_one("fragment: f\npattern: a\nsummary: s\n\n" + entry));
  EXPECT_FALSE(parse_one("fragment: F_1\npattern: a\n\n" + entry));
  EXPECT_FALSE(parse_one("fragment: f\npattern: a\n\nid: t\npattern: {{f\ncauses: client-cert-missing\nsummary: s\n"));
  EXPECT_TRUE(parse_one("fragment: f\npattern: a\n\n" + entry));
}

// fragments.kb's fragments are every file's, wherever it is in the list; it holds nothing else, and
// a file cannot define one of its names again.
TEST(KnowledgeBaseParser, SharedFragmentsServeEveryFile) {
  const std::string guides = "cause: client-cert-missing\nfix: send it\n";
  const std::string shared = "# shared\nfragment: base\npattern: ca|root\n";
  const std::string a = "id: a\npattern: open (?:{{base}})\\.pem\ncauses: client-cert-missing\nsummary: s\n";
  const std::string b = "id: b\npattern: find (?:{{base}})\\.crt\ncauses: client-cert-missing\nsummary: s\n";
  const Source sources[] = {{"a", a}, {"causes", guides}, {"fragments", shared}, {"b", b}};
  auto kb = parse(sources);
  ASSERT_TRUE(kb) << kb.error().describe();
  ASSERT_EQ(kb->entries.size(), 2u);
  EXPECT_EQ(kb->entries[0].patterns[0], "open (?:(?:ca|root))\\.pem");
  EXPECT_EQ(kb->entries[1].patterns[0], "find (?:(?:ca|root))\\.crt");

  const std::string with_entry = shared + "\n" + a;
  const Source entry_in_shared[] = {{"causes", guides}, {"fragments", with_entry}};
  auto refused = parse(entry_in_shared);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().subject, "kb/fragments.kb:5");
  const std::string again = "fragment: base\npattern: x\n\n" + a;
  const Source redefined[] = {{"causes", guides}, {"fragments", shared}, {"a", again}};
  EXPECT_FALSE(parse(redefined));
  // Without fragments.kb, the name is unknown.
  const Source alone[] = {{"causes", guides}, {"a", a}};
  EXPECT_FALSE(parse(alone));
}

// `unless:` takes an entry out of a text that also says something else (generic.kb's last resort:
// a 200 status); `weight: last-resort` counts only when nothing else, not even a fallback, matched.
const char* kUnlessKb =
    "id: t-fail\npattern: widget failed\nunless: failed harmlessly\ncauses: client-cert-missing\nsummary: s\n\n"
    "id: t-reset\npattern: \\breset\\b\nweight: fallback\ncauses: client-cert-missing\nsummary: s\n\n"
    "id: t-last\npattern: \\bwidget\\b\nweight: last-resort\ncauses: client-cert-missing\nsummary: s\n";

TEST(KnowledgeBaseParser, UnlessTakesAnEntryOutAndTheLastResortCountsOnlyAlone) {
  for (const auto engine : {TextEngine::Fastest, TextEngine::Re2Set, TextEngine::EveryRegex}) {
    auto kb = parse_one(kUnlessKb);
    ASSERT_TRUE(kb) << kb.error().describe();
    EXPECT_EQ(kb->entries[0].unless, std::vector<std::string>{"failed harmlessly"});
    EXPECT_TRUE(kb->entries[2].last_resort);
    EXPECT_EQ(kb->entries[2].weight, Weight::Fallback);
    auto explainer = Explainer::create(std::move(*kb), engine);
    ASSERT_TRUE(explainer) << explainer.error().describe();
    const auto best = [&](std::string_view text) -> std::string {
      const auto e = explainer->explain_text(text);
      return e.explained() ? e.matches.front().entry->id : "";
    };
    EXPECT_EQ(best("the widget failed"), "t-fail");
    EXPECT_EQ(best("the widget failed harmlessly"), "t-last");  // t-fail is out: the last resort alone
    EXPECT_EQ(best("the widget failed harmlessly, then a reset"), "t-reset");
    EXPECT_EQ(best("widget"), "t-last");
    EXPECT_EQ(best("gadget"), "");
    const auto all = explainer->explain_text("widget reset");
    ASSERT_TRUE(all.explained());
    EXPECT_EQ(all.matches.size(), 1u);  // the fallback only: the last resort leaves
  }
  EXPECT_FALSE(parse_one("id: t\npattern: x\nweight: last\ncauses: client-cert-missing\nsummary: s\n"));
  // own-server-causes: only on a local entry, and each cause needs its guide.
  EXPECT_TRUE(
      parse_one("id: t\npattern: x\nrejected_by: local\ncauses: client-cert-missing\n"
                "own-server-causes: client-cert-missing\nsummary: s\n"));
  EXPECT_FALSE(
      parse_one("id: t\npattern: x\ncauses: client-cert-missing\nown-server-causes: client-cert-missing\n"
                "summary: s\n"));
  EXPECT_FALSE(
      parse_one("id: t\npattern: x\nrejected_by: local\ncauses: client-cert-missing\n"
                "own-server-causes: server-cert-weak\nsummary: s\n"));
  auto bad = parse_one("id: t\npattern: x\nunless: (unclosed\ncauses: client-cert-missing\nsummary: s\n");
  ASSERT_TRUE(bad);
  EXPECT_FALSE(Explainer::create(std::move(*bad)));
}

// judged-by: writer turns an `either` entry written as the server judging the client into the
// client judging the server where a client's words wrote the text; elsewhere it reads as written.
TEST(KnowledgeBaseParser, JudgedByWriterTurnsInAClientsText) {
  const std::string guides = "cause: client-cert-expired\nfix: renew it\n";
  const std::string text =
      "id: t-verify\npattern: verify said expired\nreporter: either\nrejected_by: server\njudged-by: writer\n"
      "causes: client-cert-expired\nsummary: s\n";
  const Source sources[] = {{"causes", guides}, {"test", text}};
  auto kb = parse(sources);
  ASSERT_TRUE(kb) << kb.error().describe();
  EXPECT_TRUE(kb->entries[0].writer_judges);
  auto explainer = Explainer::create(std::move(*kb));
  ASSERT_TRUE(explainer) << explainer.error().describe();
  const auto server = explainer->explain_text("SSL_accept: verify said expired");
  ASSERT_TRUE(server.explained());
  EXPECT_EQ(server.matches.front().entry->causes.front(), core::FindingId::ClientCertExpired);
  EXPECT_EQ(server.matches.front().entry->rejected_by, core::Side::Server);
  const auto alone = explainer->explain_text("verify said expired");
  ASSERT_TRUE(alone.explained());
  EXPECT_EQ(alone.matches.front().entry->causes.front(), core::FindingId::ClientCertExpired);
  const auto client = explainer->explain_text("SSL_connect: verify said expired");
  ASSERT_TRUE(client.explained());
  EXPECT_EQ(client.writer, Writer::Client);
  EXPECT_EQ(client.matches.front().entry->causes.front(), core::FindingId::ServerCertExpired);
  EXPECT_EQ(client.matches.front().entry->rejected_by, core::Side::Client);
  // Only `writer`, and only on an either entry rejected by the server (the first parses: the
  // refusals below are judged-by's own).
  EXPECT_TRUE(
      parse_one("id: t\npattern: x\nreporter: either\njudged-by: writer\ncauses: client-cert-missing\n"
                "summary: s\n"));
  EXPECT_FALSE(
      parse_one("id: t\npattern: x\nreporter: either\njudged-by: reader\ncauses: client-cert-missing\n"
                "summary: s\n"));
  EXPECT_FALSE(
      parse_one("id: t\npattern: x\nreporter: client\njudged-by: writer\ncauses: client-cert-missing\n"
                "summary: s\n"));
  EXPECT_FALSE(
      parse_one("id: t\npattern: x\nreporter: either\nrejected_by: client\njudged-by: writer\n"
                "causes: client-cert-missing\nsummary: s\n"));
}

// explain --log: a line `unless:` takes its only entry from is no event, with either prefilter (the
// Hyperscan one compiled here, from the first byte).
TEST(KnowledgeBaseParser, UnlessHoldsInLogScans) {
  auto kb = parse_one(kUnlessKb);
  ASSERT_TRUE(kb) << kb.error().describe();
  auto explainer = Explainer::create(std::move(*kb));
  ASSERT_TRUE(explainer) << explainer.error().describe();
  for (const auto prefilter : {Prefilter::Auto, Prefilter::Re2}) {
    LogScanOptions options;
    options.prefilter = prefilter;
    options.hyperscan_from = 0;
    auto scanner = LogScanner::create(*explainer, options);
    ASSERT_TRUE(scanner) << scanner.error().describe();
    scanner->feed("10:00:01 the widget failed\n10:00:02 the widget failed harmlessly\n10:00:03 widget\n");
    const auto summary = scanner->finish();
    EXPECT_EQ(summary.events, 1u) << scanner->engine();
    EXPECT_EQ(summary.lines, 3u);
  }
}

TEST(KnowledgeBaseParser, ErrorsNameTheFileAndLine) {
  auto kb = parse_one("id: t\npattern: x\nbogus: 1\n");
  ASSERT_FALSE(kb);
  EXPECT_EQ(kb.error().subject, "kb/test.kb:3");
}

TEST(KnowledgeBaseParser, BadRegexIsRefusedAtCompile) {
  auto kb = parse_one("id: t\npattern: (unclosed\ncauses: client-cert-missing\nsummary: s\n");
  ASSERT_TRUE(kb);
  EXPECT_FALSE(Explainer::create(std::move(*kb)));
}

TEST(Normalize, CollapsesWhitespaceAndUnderscores) {
  EXPECT_EQ(normalize("  TLSV1_ALERT_UNKNOWN_CA\n\t x  "), "TLSV1 ALERT UNKNOWN CA x");
  EXPECT_EQ(normalize("a__ _b"), "a b");
  EXPECT_EQ(normalize(""), "");
  EXPECT_EQ(normalize(" _\n"), "");
  EXPECT_EQ(normalize("alert certificate\\nrequired"), "alert certificate required");
}

}  // namespace
}  // namespace mtlsdoctor::explain

namespace mtlsdoctor::explain {
namespace {

using core::FindingId;

bool has(const std::vector<int>& v, int n) {
  return std::find(v.begin(), v.end(), n) != v.end();
}

TEST(KnowledgeBaseParser, OpensslAlertBelongsOnVerifyCodeEntriesAndNamesAKnownAlert) {
  const std::string alert = "id: a-42\npattern: bad cert\nalert: 42\ncauses: client-cert-missing\nsummary: s\n\n";
  EXPECT_TRUE(parse_one(
      alert + "id: v\npattern: x\nverify-code: 9\nopenssl-alert: 42\ncauses: client-cert-missing\nsummary: s\n"));
  // On an entry that is not a verify code's.
  EXPECT_FALSE(parse_one(alert + "id: v\npattern: x\nopenssl-alert: 42\ncauses: client-cert-missing\nsummary: s\n"));
  // A verify code without the alert OpenSSL sends for it (code 0, success, needs none).
  EXPECT_FALSE(parse_one(alert + "id: v\npattern: x\nverify-code: 9\ncauses: client-cert-missing\nsummary: s\n"));
  EXPECT_TRUE(parse_one(alert + "id: v\npattern: x\nverify-code: 0\ncauses: client-cert-missing\nsummary: s\n"));
  // An alert without a canonical entry.
  EXPECT_FALSE(parse_one(
      alert + "id: v\npattern: x\nverify-code: 9\nopenssl-alert: 45\ncauses: client-cert-missing\nsummary: s\n"));
}

TEST(KnowledgeBase, EveryVerifyCodeSaysWhichAlertOpensslSendsForIt) {
  const auto& kb = builtin_knowledge_base();
  for (const auto& e : kb.entries) {
    if (!e.verify_code || *e.verify_code == 0) continue;
    ASSERT_TRUE(e.openssl_alert) << e.id;
    EXPECT_NE(kb.alert_entry(*e.openssl_alert), nullptr) << e.id;
  }
  // Spot checks against ssl/statem/statem_lib.c (x509table) of OpenSSL 3.0.
  for (const auto& [code, alert] : std::vector<std::pair<int, int>>{{2, 48},
                                                                    {3, 48},
                                                                    {9, 42},
                                                                    {10, 45},
                                                                    {12, 45},
                                                                    {18, 48},
                                                                    {19, 48},
                                                                    {20, 48},
                                                                    {21, 48},
                                                                    {23, 44},
                                                                    {26, 43},
                                                                    {7, 51},
                                                                    {50, 40},
                                                                    {66, 42},
                                                                    {68, 42},
                                                                    {79, 48},
                                                                    {1, 80},
                                                                    {39, 46},
                                                                    {85, 46}}) {
    const auto* e = kb.verify_entry(code);
    ASSERT_NE(e, nullptr) << code;
    EXPECT_EQ(e->openssl_alert, alert) << e->id;
  }
}

// What an OpenSSL-based server means by each alert about a client certificate, derived from the
// verify codes it sends the alert for: the reading `diagnose` decides with.
TEST(AlertReading, OpensslsReadingComesFromTheVerifyCodesItSendsTheAlertFor) {
  const auto& kb = builtin_knowledge_base();
  const auto r45 = kb.read_alert(45, Judged::ClientCertificate);
  ASSERT_NE(r45.entry, nullptr);
  EXPECT_EQ(r45.entry->id, "tls-alert-45-certificate-expired");
  EXPECT_TRUE(has(r45.openssl_verify_codes, 10));
  EXPECT_TRUE(has(r45.openssl_verify_codes, 12));  // the server's CRL has expired
  EXPECT_TRUE(r45.openssl_means(FindingId::ClientCertExpired));
  EXPECT_TRUE(r45.openssl_means(FindingId::ClientChainInvalid));  // an expired intermediate
  EXPECT_FALSE(r45.openssl_means(FindingId::ServerCertExpired));  // read for the client certificate
  EXPECT_FALSE(r45.openssl_means(FindingId::ClientCertRevoked));

  const auto r42 = kb.read_alert(42, Judged::ClientCertificate);
  EXPECT_TRUE(r42.openssl_means(FindingId::ClientCertNotYetValid));
  EXPECT_TRUE(r42.openssl_means(FindingId::ClientCertWeak));
  // OpenSSL has a dedicated alert for an expired certificate; Go sends 42 for it.
  EXPECT_FALSE(r42.openssl_means(FindingId::ClientCertExpired));
  EXPECT_TRUE(r42.may_mean(FindingId::ClientCertExpired));
  EXPECT_FALSE(r42.may_mean(FindingId::ServerHostnameMismatch));  // code 62 judges server names only

  const auto r48 = kb.read_alert(48, Judged::ClientCertificate);
  EXPECT_TRUE(r48.openssl_means(FindingId::ClientCertUntrustedIssuer));
  EXPECT_TRUE(r48.openssl_means(FindingId::ClientChainIncomplete));
  EXPECT_TRUE(r48.openssl_means(FindingId::RevocationUnknown));  // code 3: no CRL for a CA of the chain

  const auto r43 = kb.read_alert(43, Judged::ClientCertificate);
  EXPECT_TRUE(r43.openssl_means(FindingId::ClientCertMissingClientAuthEku));
  EXPECT_TRUE(r43.openssl_means(FindingId::ClientCertBadKeyUsage));

  const auto r116 = kb.read_alert(116, Judged::ClientCertificate);
  EXPECT_TRUE(r116.names_only(FindingId::ClientCertMissing));
  EXPECT_TRUE(r116.openssl_verify_codes.empty());
  EXPECT_FALSE(r42.names_only(FindingId::ClientCertMissing));

  // Read for the server's certificate (an alert our side would send), the roles turn round.
  const auto s45 = kb.read_alert(45, Judged::ServerCertificate);
  EXPECT_TRUE(s45.openssl_means(FindingId::ServerCertExpired));
  EXPECT_FALSE(s45.openssl_means(FindingId::ClientCertExpired));
  EXPECT_TRUE(kb.read_alert(42, Judged::ServerCertificate).openssl_means(FindingId::ServerHostnameMismatch));

  const auto unknown = kb.read_alert(250, Judged::ClientCertificate);
  EXPECT_EQ(unknown.entry, nullptr);
  EXPECT_TRUE(unknown.causes.empty());
  EXPECT_TRUE(unknown.openssl_causes.empty());
}

TEST(AlertReading, CausesOfOneRoleAreNotReadForTheOther) {
  // server-hostname-mismatch and client-access-denied have no counterpart.
  EXPECT_FALSE(core::counterpart(FindingId::ServerHostnameMismatch));
  EXPECT_FALSE(core::counterpart(FindingId::ClientAccessDenied));
  for (auto id : core::all_finding_ids()) {
    if (auto other = core::counterpart(id)) {
      EXPECT_EQ(core::counterpart(*other), id) << core::slug(id);
    }
  }
}

}  // namespace
}  // namespace mtlsdoctor::explain
