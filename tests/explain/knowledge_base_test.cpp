// The knowledge base as data: it parses, every cause exists, every RFC alert and the verify
// codes people meet have a canonical entry, and the parser refuses malformed files.
#include "mtlsdoctor/explain/knowledge_base.h"

#include <gtest/gtest.h>

#include <set>

#include "mtlsdoctor/explain/explainer.h"

namespace mtlsdoctor::explain {
namespace {

const KnowledgeBase& builtin_kb() {
  static const KnowledgeBase kb = [] {
    auto r = parse(builtin_sources());
    if (!r) throw std::runtime_error(r.error().describe());
    return std::move(*r);
  }();
  return kb;
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
  const std::set<int> rfc = {0,  10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45,  46,  47,  48,  49,  50,
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
  EXPECT_FALSE(parse_one("id: t\npattern: x\ncauses: client-cert-missing\nsummary: s\n\n"
                         "id: t\npattern: y\ncauses: client-cert-missing\nsummary: s\n"));
  EXPECT_FALSE(parse_one("pattern: x\n"));
  // A cause without a guide in causes.kb.
  EXPECT_FALSE(parse_one("id: t\npattern: x\ncauses: client-cert-expired\nsummary: s\n"));
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
