// explain_text()'s ways of finding the entries that match (TextEngine). Hyperscan's built-in
// database then each candidate's own regex (the default), and one RE2::Set of every pattern
// (builds without Hyperscan), must give the explanation every entry's own regex gives, tried one
// after another: on every text the tests hold, the knowledge base's examples, the captured
// samples and the wild texts (compared engine to engine; no cause is asserted here). The set,
// whose DFA thrashes on long texts (seconds under the sanitizers), is held to it on a sample.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "builtin_explainer.h"
#include "mtlsdoctor/explain/explainer.h"

namespace mtlsdoctor::explain {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> texts_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (f.path().extension() == ".txt") files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());  // the set's sample is the same files every run
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.push_back(text.str());
  }
  return out;
}

// Both engines' explanation, compared entry by entry (the reading, the matched words, the order).
void expect_same(const Explainer& fastest, const Explainer& set, const std::string& text) {
  const auto a = fastest.explain_text(text);
  const auto b = set.explain_text(text);
  ASSERT_EQ(a.writer, b.writer) << text;
  ASSERT_EQ(a.matches.size(), b.matches.size()) << text;
  for (std::size_t i = 0; i < a.matches.size(); ++i) {
    EXPECT_EQ(a.matches[i].entry->id, b.matches[i].entry->id) << text;
    EXPECT_EQ(a.matches[i].matched, b.matches[i].matched) << text;
  }
  EXPECT_EQ(fastest.best_entry(text), fastest.explain_text(text).explained() ? a.matches.front().entry : nullptr);
}

const Explainer& engine(TextEngine which) {
  static const Explainer set = [] {
    auto r = Explainer::builtin(TextEngine::Re2Set);
    if (!r) throw std::runtime_error(r.error().describe());
    return std::move(*r);
  }();
  static const Explainer every = [] {
    auto r = Explainer::builtin(TextEngine::EveryRegex);
    if (!r) throw std::runtime_error(r.error().describe());
    return std::move(*r);
  }();
  return which == TextEngine::Re2Set ? set : which == TextEngine::EveryRegex ? every : test::builtin_explainer();
}
const Explainer& reference() {
  return engine(TextEngine::EveryRegex);
}

TEST(TextEngine, EachEngineIsTheOneAskedFor) {
  EXPECT_EQ(engine(TextEngine::Re2Set).text_engine(), "re2 set");
  EXPECT_EQ(reference().text_engine(), "every regex");
#ifdef MTLSD_HAVE_HYPERSCAN
  EXPECT_EQ(test::builtin_explainer().text_engine(), "hyperscan")
      << "the built-in database fits the built-in knowledge base";
#endif
}

TEST(TextEngine, EveryExampleIsExplainedAlikeAsWrittenAndAsRawLines) {
  std::size_t texts = 0;
  for (const auto& e : test::builtin_explainer().knowledge_base().entries) {
    for (const auto& ex : e.examples) {
      expect_same(test::builtin_explainer(), reference(), ex);
      // The same words as a raw line would carry them, and inside a longer line.
      std::string under = ex;
      std::replace(under.begin(), under.end(), ' ', '_');
      expect_same(test::builtin_explainer(), reference(), under);
      expect_same(test::builtin_explainer(), reference(),
                  "2026/01/01 [error] 7#7: *9 " + ex + " while SSL handshaking, client: 192.0.2.7");
      texts += 3;
    }
  }
  for (const char* t :
       {"", " ", "\n\n", "hello world", "HTTP/1.1 403 Forbidden", "error:0A000418", "error:0A000418:"}) {
    expect_same(test::builtin_explainer(), reference(), t);
  }
  EXPECT_GT(texts, 2000U);
}

TEST(TextEngine, EveryCapturedSampleIsExplainedAlike) {
  const auto texts = texts_in(fs::path(MTLSD_SOURCE_DIR) / "tests/explain/samples");
  EXPECT_GT(texts.size(), 200U);
  for (const auto& t : texts) expect_same(test::builtin_explainer(), reference(), t);
}

TEST(TextEngine, EveryWildTextIsExplainedAlike) {
  const auto texts = texts_in(fs::path(MTLSD_SOURCE_DIR) / "tests/explain/wild/entries");
  EXPECT_GT(texts.size(), 300U);
  for (const auto& t : texts) expect_same(test::builtin_explainer(), reference(), t);
}

// The set (the engine of builds without Hyperscan) on a sample: every 20th example, and the
// samples and wild texts of every 40th file.
TEST(TextEngine, TheSetExplainsASampleAlike) {
  std::size_t n = 0;
  std::vector<std::string> texts;
  for (const auto& e : reference().knowledge_base().entries) {
    for (const auto& ex : e.examples) {
      if (n++ % 20 == 0) texts.push_back(ex);
    }
  }
  const fs::path root = fs::path(MTLSD_SOURCE_DIR) / "tests/explain";
  for (const auto& dir : {root / "samples", root / "wild/entries"}) {
    const auto all = texts_in(dir);
    for (std::size_t i = 0; i < all.size(); i += 40) texts.push_back(all[i]);
  }
  EXPECT_GT(texts.size(), 60U);
  for (const auto& t : texts) expect_same(engine(TextEngine::Re2Set), reference(), t);
}

// A knowledge base other than the built-in one has no database built for it: the set answers,
// with the same readings.
TEST(TextEngine, AnotherKnowledgeBaseUsesTheSet) {
  auto kb = parse(builtin_sources());
  ASSERT_TRUE(kb.has_value());
  const std::string dropped = kb->entries.back().id;
  kb->entries.pop_back();
  auto e = Explainer::create(std::move(*kb));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->text_engine(), "re2 set");
  const auto got = e->explain_text("tlsv1 alert unknown ca");
  ASSERT_TRUE(got.explained());
  EXPECT_EQ(got.matches.front().entry->id,
            test::builtin_explainer().explain_text("tlsv1 alert unknown ca").matches.front().entry->id);
  EXPECT_FALSE(e->explain_text("nothing to see").explained());
  EXPECT_FALSE(dropped.empty());
}

}  // namespace
}  // namespace mtlsdoctor::explain
