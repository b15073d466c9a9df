// The patterns rewritten for what explain --log scans (raw_pattern.h): for normalized text, the
// lines the first pass flags are scanned with normalized_superset() of every pattern. It must
// name every entry whose pattern matches the line's normalized text, or a line is lost.
#include "raw_pattern.h"  // src/explain

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>

#include "explain/builtin_explainer.h"
#include "line_prefilter.h"
#include "mtlsdoctor/explain/knowledge_base.h"

namespace mtlsdoctor::explain {
namespace {

TEST(RawPattern, NormalizedSupersetKeepsOneSpaceAndOnlyLowerBounds) {
  EXPECT_EQ(detail::normalized_superset(R"(a\s+b.{0,2}c\bd)"), R"(a\x20b.*cd)");
  EXPECT_EQ(detail::normalized_superset("tls alert(?: unknown)?"), R"(tls\x20alert(?:\x20unknown)?)");
  EXPECT_EQ(detail::normalized_superset(R"(^x[^,]{2,9}y$)"), R"(x[^\n,]{2,}y)");
  EXPECT_EQ(detail::normalized_superset("no  *run"), R"(no\x20\x20?run)");
  // raw_superset() of the same pattern takes separator runs instead of the space.
  EXPECT_NE(detail::raw_superset(R"(a\s+b)"), detail::normalized_superset(R"(a\s+b)"));
}

#ifdef MTLSD_HAVE_HYPERSCAN
std::vector<std::uint32_t> named_entries(detail::LinePrefilter& prefilter, std::string_view line) {
  std::vector<detail::LineSpan> spans;
  std::vector<std::uint32_t> named;
  prefilter.candidates(line, spans, named);
  if (spans.empty()) return {};
  EXPECT_EQ(spans.size(), 1U) << line;
  EXPECT_EQ(spans[0].begin, 0U);
  EXPECT_EQ(spans[0].end, line.size());
  return {named.begin() + spans[0].entries_begin, named.begin() + spans[0].entries_end};
}

// Every example of every non-fallback entry, spelled with runs and '_' as a raw log has them: the
// prefilter with the first pass (whose flagged lines are normalized and scanned with the
// patterns for normalized text) names the example's own entry whenever one of its patterns
// matches the normalized line, and names nothing that the raw patterns do not name.
TEST(RawPattern, FlaggedLinesNameEveryEntryWhosePatternMatches) {
  const auto& kb = test::builtin_explainer().knowledge_base();
  auto with = detail::hyperscan_prefilter(kb, LiteralPass::On);
  auto raw = detail::hyperscan_prefilter(kb, LiteralPass::Off);
  ASSERT_TRUE(with.has_value() && raw.has_value());
  ASSERT_TRUE((*with)->literal_pass());
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < kb.entries.size(); ++i) {
    const Entry& e = kb.entries[i];
    if (e.weight == Weight::Fallback) continue;
    std::vector<std::unique_ptr<RE2>> regexes;
    for (const auto& p : e.patterns) regexes.push_back(std::make_unique<RE2>(p, o));
    for (const auto& ex : e.examples) {
      for (std::string_view sep : {" ", "_", " \t  ", "\\n"}) {
        std::string line;
        for (const char c : ex) line += c == ' ' ? std::string(sep) : std::string(1, c);
        const std::string normalized = normalize(line);
        const bool matches = std::any_of(regexes.begin(), regexes.end(),
                                         [&](const auto& re) { return RE2::PartialMatch(normalized, *re); });
        const auto named = named_entries(**with, line);
        if (matches) {
          ++checked;
          EXPECT_NE(std::find(named.begin(), named.end(), i), named.end()) << "entry " << e.id << " lost: " << line;
        }
        auto wider = named_entries(**raw, line);
        for (const auto n : named) EXPECT_NE(std::find(wider.begin(), wider.end(), n), wider.end()) << line;
      }
    }
  }
  EXPECT_GT(checked, 4000U);
}

// RE2 reads UTF-8: `.{0,2}` takes two characters, up to eight bytes, where Hyperscan counts bytes.
// The rewrite keeps only the lower bound, so a knowledge base (compiled here at run time) finds
// such a line; with its bound kept it would not.
TEST(RawPattern, NormalizedPatternsFindMultiByteCharactersInABoundedGap) {
  KnowledgeBase kb;
  for (const auto& e : test::builtin_explainer().knowledge_base().entries) {
    if (e.weight == Weight::Strong) {
      kb.entries.push_back(e);
      break;
    }
  }
  ASSERT_EQ(kb.entries.size(), 1U);
  kb.entries[0].patterns = {"handshake.{0,2}refused", "peer said  *goodbye"};
  auto hs = detail::hyperscan_prefilter(kb, LiteralPass::On);
  ASSERT_TRUE(hs.has_value());
  EXPECT_EQ((*hs)->database(), "compiled");
  ASSERT_TRUE((*hs)->literal_pass());
  const std::string utf8 = "2026/11/25 08:00:00 [info] handshake\xc3\xa9\xc3\xa9refused by 10.0.0.1";
  ASSERT_TRUE(RE2::PartialMatch(utf8, RE2("handshake.{0,2}refused")));
  EXPECT_EQ(named_entries(**hs, utf8), std::vector<std::uint32_t>{0});
  EXPECT_EQ(named_entries(**hs, "peer\t said__goodbye"), std::vector<std::uint32_t>{0});
  EXPECT_TRUE(named_entries(**hs, "refused the handshake").empty());
  EXPECT_TRUE(named_entries(**hs, "peer saidgoodbye").empty());
}
#endif

}  // namespace
}  // namespace mtlsdoctor::explain
