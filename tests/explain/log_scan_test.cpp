// explain --log's scanner: the same answer as explaining each line on its own (the oracle),
// whatever way the input is split, with bounded memory on hostile input. The fields it reads
// from each line, and the tallies of nginx's lines: log_fields_test.cpp.
#include "mtlsdoctor/explain/log_scan.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <random>

#include "explain/builtin_explainer.h"
#include "line_prefilter.h"  // src/explain: the prefilters themselves

#ifdef MTLSD_HAVE_HYPERSCAN
#include <hs/hs.h>

#include "hs_compile.h"
#include "literal_cover.h"
#include "log_patterns.h"
#include "raw_pattern.h"
#endif

namespace mtlsdoctor::explain {
namespace {

const Explainer& builtin() {
  return test::builtin_explainer();
}

LogScanOptions re2_only() {
  LogScanOptions o;
  o.prefilter = Prefilter::Re2;
  return o;
}

// With the default options (hyperscan_from at 128 MiB) RE2 reads; with hyperscan_from 0, Hyperscan.
LogSummary scan(std::string_view text, std::size_t piece = 0, unsigned seed = 1, LogScanOptions options = {}) {
  // Compiling the prefilter costs more than most scans here: one scanner per kind, reused
  // (finish() leaves it ready for the next input, which these tests then also check).
  static auto re2_scanner = LogScanner::create(builtin(), re2_only());
  static auto hs_scanner = LogScanner::create(builtin(), LogScanOptions{0, 0});
  EXPECT_TRUE(re2_scanner.has_value() && hs_scanner.has_value());
  auto& scanner = options.hyperscan_from == 0 ? hs_scanner : re2_scanner;
  std::mt19937 rng(seed);
  while (!text.empty()) {
    const std::size_t n = piece ? std::min(text.size(), 1 + rng() % piece) : text.size();
    scanner->feed(text.substr(0, n));
    text.remove_prefix(n);
  }
  return scanner->finish();
}

// Every example of the knowledge base, each between unrelated lines (some with underscores,
// tabs, doubled spaces and CRLF, which normalization must treat like the explainer does), timed
// or blank so that each example is an event of its own.
// `stride` keeps every stride-th example: the sanitizer build runs these tests too.
std::string mixed_log(std::size_t stride) {
  std::string log;
  int i = 0;
  std::size_t n = 0;
  for (const auto& e : builtin().knowledge_base().entries) {
    for (const auto& ex : e.examples) {
      if (n++ % stride != 0) continue;
      switch (i++ % 3) {
        case 0:
          log += "2026/11/25 08:00:00 [error] 1#1: *1 open() \"/srv/x_y.js\" failed (2: No such file or directory)\n";
          break;
        case 1: log += "2026-11-25T08:00:01Z GET /v1/orders 200\t  12 ms\r\n"; break;
        default: log += "\n"; break;
      }
      log += ex;
      log += i % 3 == 0 ? "\r\n" : "\n";
    }
  }
  return log;
}

std::map<std::string, std::uint64_t> per_cause(const LogSummary& s) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& c : s.causes) out[std::string(core::slug(c.cause))] = c.lines;
  return out;
}

TEST(LogScan, AgreesWithExplainingEachLineOnItsOwn) {
  const std::string log = mixed_log(3);
  std::map<std::string, std::uint64_t> oracle;
  std::uint64_t lines = 0;
  std::uint64_t explained = 0;
  std::size_t pos = 0;
  while (pos < log.size()) {
    const auto nl = log.find('\n', pos);
    const auto line = std::string_view(log).substr(pos, nl - pos);
    ++lines;
    const auto e = builtin().explain_text(line);
    // A fallback reading (a line that only speaks TLS) is never an event of a log.
    if (e.explained() && e.matches.front().entry->weight != Weight::Fallback) {
      ++explained;
      ++oracle[std::string(core::slug(e.matches.front().entry->causes.front()))];
    }
    pos = nl + 1;
  }
  const auto s = scan(log);
  EXPECT_EQ(s.lines, lines);
  EXPECT_EQ(s.matched_lines, explained);
  EXPECT_GT(explained, 300U) << "a third of the knowledge base's examples are lines of this log";
  EXPECT_EQ(per_cause(s), oracle);
  EXPECT_EQ(s.bytes, log.size());
}

TEST(LogScan, BestEntryIsExplainTextsFirstMatch) {
  const std::string log = mixed_log(1);
  std::size_t pos = 0;
  while (pos < log.size()) {
    const auto nl = log.find('\n', pos);
    const auto line = std::string_view(log).substr(pos, nl - pos);
    const auto e = builtin().explain_text(line);
    EXPECT_EQ(builtin().best_entry(line), e.explained() ? e.matches.front().entry : nullptr) << line;
    pos = nl + 1;
  }
}

// explain --log explains a Hyperscan candidate line by trying only the entries whose raw pattern
// matched in it (Explainer::log_entry): for every example, respelled as the prefilters must find
// it, the answer is best_entry's (a fallback reading as none), given every entry, the entries
// Hyperscan names, or only the entries that really match.
TEST(LogScan, LogEntryTryingOnlyCandidatesIsBestEntry) {
  const auto& kb = builtin().knowledge_base();
  std::vector<std::uint32_t> every(kb.entries.size());
  for (std::size_t i = 0; i < every.size(); ++i) every[i] = static_cast<std::uint32_t>(i);
  std::vector<std::string> lines;
  std::string log = mixed_log(1);
  for (const auto& e : kb.entries) {
    for (const auto& ex : e.examples) {
      std::string under = ex;
      std::replace(under.begin(), under.end(), ' ', '_');
      log += under + "\n" + ex + " error:0A000418\n";
    }
  }
  log += "handshake failed: error:0A000418 (no text)\n";
  // The code in upper case, one hex digit short, after a "verify error:".
  log += "handshake failed: ERROR:0A00042A (no text)\nhandshake failed: error:0A00042 (x)\nverify error:0a00042a\n";
#ifdef MTLSD_HAVE_HYPERSCAN
  auto hs = detail::hyperscan_prefilter(kb);
  ASSERT_TRUE(hs.has_value());
  EXPECT_EQ((*hs)->database(), "built in") << "the database compiled at build time fits the built-in knowledge base";
#endif
  Explainer::LogEntryScratch scratch;
  std::size_t explained = 0;
  std::size_t pos = 0;
  while (pos < log.size()) {
    const auto nl = log.find('\n', pos);
    const auto line = std::string_view(log).substr(pos, nl - pos);
    pos = nl + 1;
    const Entry* want = builtin().best_entry(line);
    if (want != nullptr && want->weight == Weight::Fallback) want = nullptr;
    if (want != nullptr) ++explained;
    EXPECT_EQ(builtin().log_entry(line, every, scratch), want) << line;
#ifdef MTLSD_HAVE_HYPERSCAN
    std::vector<detail::LineSpan> spans;
    std::vector<std::uint32_t> named;
    (*hs)->candidates(line, spans, named);
    if (want != nullptr) {
      ASSERT_EQ(spans.size(), 1U) << "Hyperscan finds every explained line: " << line;
    }
    const Entry* got = nullptr;
    if (!spans.empty()) {
      got = builtin().log_entry(line,
                                std::span<const std::uint32_t>(named.data() + spans[0].entries_begin,
                                                               spans[0].entries_end - spans[0].entries_begin),
                                scratch);
    }
    EXPECT_EQ(got, want) << line;
#endif
  }
  EXPECT_GT(explained, 1000U);
}

#ifdef MTLSD_HAVE_HYPERSCAN
// The built-in knowledge base loads the database compiled at build time (above); another one (here
// the first entries only) is compiled at run time, and finds what its patterns say.
TEST(LogScan, AnotherKnowledgeBaseIsCompiledAtRunTime) {
  KnowledgeBase kb;
  const auto& all = builtin().knowledge_base();
  for (const auto& e : all.entries) {
    if (e.weight != Weight::Fallback && !e.examples.empty()) kb.entries.push_back(e);
    if (kb.entries.size() == 3) break;
  }
  ASSERT_EQ(kb.entries.size(), 3U);
  auto hs = detail::hyperscan_prefilter(kb);
  ASSERT_TRUE(hs.has_value());
  EXPECT_EQ((*hs)->database(), "compiled");
  const std::string block = "2026/11/25 08:00:00 [error] nothing here\n" + kb.entries[2].examples.front() + "\n";
  std::vector<detail::LineSpan> spans;
  std::vector<std::uint32_t> named;
  (*hs)->candidates(block, spans, named);
  ASSERT_EQ(spans.size(), 1U);
  EXPECT_EQ(block.substr(spans[0].begin, spans[0].end - spans[0].begin), kb.entries[2].examples.front());
  const std::vector<std::uint32_t> entries(named.begin() + spans[0].entries_begin,
                                           named.begin() + spans[0].entries_end);
  EXPECT_NE(std::find(entries.begin(), entries.end(), 2U), entries.end());
}
#endif

// Every example of the knowledge base, spelled as the raw patterns must still find it (as written,
// with '_', tabs and runs, JSON's escaped "\n"), with and without a bare OpenSSL code after it.
std::vector<std::string> example_spellings() {
  std::vector<std::string> out;
  for (const auto& e : builtin().knowledge_base().entries) {
    for (const auto& ex : e.examples) {
      for (std::string_view sep : {" ", "_", " \t  ", "\\n"}) {
        std::string line;
        for (const char c : ex) {
          if (c == ' ')
            line += sep;
          else
            line += c;
        }
        out.push_back(line);
        out.push_back(line + " error:0A000418");
      }
    }
  }
  return out;
}

#ifdef MTLSD_HAVE_HYPERSCAN
// The literal cover (literal_cover.h), computed as the build-time generator computes it: every
// example line the full patterns find, the first pass (its literals and the uncovered patterns)
// finds too, so the first pass never loses a line. And it is a cover worth having: long literals,
// few patterns left out.
TEST(LogScan, TheLiteralPassFlagsEveryExampleTheFullPatternsFind) {
  const auto& kb = builtin().knowledge_base();
  const auto patterns = detail::log_patterns(kb);
  const auto cover = detail::literal_cover(patterns);
  EXPECT_GT(cover.literals.size(), 50U);
  // Only the HAProxy verify fields (31/<id>/<code>/...: no 4-byte literal at all) are left.
  EXPECT_LT(cover.uncovered.size(), patterns.expressions.size() / 100) << "nearly every pattern has a literal";
  for (const auto& literal : cover.literals) {
    EXPECT_GE(literal.size(), static_cast<std::size_t>(detail::kMinLiteral)) << literal;
    for (const char c : literal) {
      EXPECT_TRUE(static_cast<unsigned char>(c) < 0x80 && !(c >= 'A' && c <= 'Z')) << literal;
    }
  }
  auto first = detail::compile_hyperscan_first_pass(cover, patterns);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  hs_scratch_t* scratch = nullptr;
  ASSERT_EQ(hs_alloc_scratch(*first, &scratch), HS_SUCCESS);
  auto full = detail::hyperscan_prefilter(kb, LiteralPass::Off);
  ASSERT_TRUE(full.has_value());
  std::size_t found = 0;
  for (const auto& line : example_spellings()) {
    std::vector<detail::LineSpan> spans;
    std::vector<std::uint32_t> named;
    (*full)->candidates(line, spans, named);
    if (spans.empty()) continue;
    ++found;
    bool flagged = false;
    hs_scan(
        *first, line.data(), static_cast<unsigned>(line.size()), 0, scratch,
        [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
          *static_cast<bool*>(ctx) = true;
          return 1;  // one hit is enough
        },
        &flagged);
    EXPECT_TRUE(flagged) << "the first pass misses a line the full patterns find: " << line;
  }
  EXPECT_GT(found, 5000U);
  hs_free_scratch(scratch);
  hs_free_database(*first);
}

// With the first pass (the built-in databases) and without it, on every example line alone and on
// whole blocks of them between unrelated lines. The first pass flags lines, and those are scanned for the patterns for
// normalized text (raw_pattern_test.cpp holds them to every entry that matches): a line or an entry that the raw
// patterns do not find is never found, and the scanner's answers are the same.
TEST(LogScan, TheLiteralPassFindsNothingTheFullPatternsDoNot) {
  const auto& kb = builtin().knowledge_base();
  auto with = detail::hyperscan_prefilter(kb, LiteralPass::On);
  auto without = detail::hyperscan_prefilter(kb, LiteralPass::Off);
  ASSERT_TRUE(with.has_value() && without.has_value());
  EXPECT_TRUE((*with)->literal_pass()) << "the first pass is built in";
  EXPECT_EQ((*with)->database(), "built in");
  EXPECT_FALSE((*without)->literal_pass());
  const auto same = [&](std::string_view block) {
    std::vector<detail::LineSpan> a;
    std::vector<detail::LineSpan> b;
    std::vector<std::uint32_t> ea;
    std::vector<std::uint32_t> eb;
    (*with)->candidates(block, a, ea);
    (*without)->candidates(block, b, eb);
    std::size_t j = 0;
    for (const auto& span : a) {
      while (j < b.size() && b[j].begin < span.begin) ++j;
      if (j == b.size() || b[j].begin != span.begin || b[j].end != span.end) return false;
      std::vector<std::uint32_t> x(ea.begin() + span.entries_begin, ea.begin() + span.entries_end);
      std::vector<std::uint32_t> y(eb.begin() + b[j].entries_begin, eb.begin() + b[j].entries_end);
      std::sort(x.begin(), x.end());
      std::sort(y.begin(), y.end());
      if (!std::includes(y.begin(), y.end(), x.begin(), x.end())) return false;
    }
    return a.size() * 100 >= b.size() * 99;  // and nearly every one of theirs
  };
  std::string block;
  std::size_t n = 0;
  for (const auto& line : example_spellings()) {
    EXPECT_TRUE(same(line)) << line;
    switch (n++ % 5) {
      case 0: block += "2026/11/25 08:00:00 [error] 1#1: *1 open() \"/srv/x_y.js\" failed (2: No such file)\n"; break;
      case 1: block += "2026-11-25T08:00:01Z GET /v1/orders 200\t  12 ms\r\n"; break;
      case 2: break;  // examples on consecutive lines: one run of the first pass
      case 3: block += "2026/11/25 08:00:02 [info] 1#1: \xff\xfe binary \xff\n"; break;  // the pass's guard byte
      default: block += "\n"; break;
    }
    block += line + "\n";
  }
  EXPECT_TRUE(same(block));
  EXPECT_TRUE(same(mixed_log(1)));
  // And the scanner's answers, as a whole.
  LogScanOptions off;
  off.literal_pass = LiteralPass::Off;
  auto on_scanner = LogScanner::create(builtin());
  auto off_scanner = LogScanner::create(builtin(), off);
  ASSERT_TRUE(on_scanner.has_value() && off_scanner.has_value());
  EXPECT_EQ(on_scanner->engine(), "hyperscan") << "the database built in: Hyperscan from the first byte";
  on_scanner->feed(block);
  off_scanner->feed(block);
  const auto a = on_scanner->finish();
  const auto b = off_scanner->finish();
  EXPECT_EQ(a.lines, b.lines);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.matched_lines, b.matched_lines);
  EXPECT_GT(a.matched_lines, 8000U);
  EXPECT_EQ(per_cause(a), per_cause(b));
}

// explain TEXT's prefilter (the Explainer's) and explain --log's scanner load the built-in
// databases once between them: a prefilter made while another is alive deserializes nothing.
TEST(LogScan, PrefiltersAliveTogetherShareTheBuiltInDatabases) {
  const auto& kb = builtin().knowledge_base();
  auto first = detail::hyperscan_prefilter(kb, LiteralPass::On);
  ASSERT_TRUE(first.has_value());
  const std::size_t loaded = detail::builtin_deserializations();
  EXPECT_GE(loaded, 2U) << "the full patterns and the first pass";
  auto second = detail::hyperscan_prefilter(kb, LiteralPass::On);
  auto full = detail::hyperscan_prefilter(kb, LiteralPass::Off);
  auto scanner = LogScanner::create(builtin());
  ASSERT_TRUE(second.has_value() && full.has_value() && scanner.has_value());
  EXPECT_EQ((*second)->database(), "built in");
  EXPECT_TRUE((*second)->literal_pass());
  EXPECT_EQ(detail::builtin_deserializations(), loaded);
}
#endif

TEST(LogScan, ABareOpenSslCodeLineCountsAsExplainTextReadsIt) {
  const std::string line = "worker 3: handshake failed: error:0A000418 (no text)";
  const auto e = builtin().explain_text(line);
  ASSERT_TRUE(e.explained()) << "the alert number inside the code";
  const auto s = scan(line + "\n");
  EXPECT_EQ(s.matched_lines, 1U);
  ASSERT_NE(s.top(), nullptr);
  EXPECT_EQ(s.top()->cause, e.matches.front().entry->causes.front());
}

// Squid 6 logs the packed code without "error:" (TLS_LIB_ERR=A000418): explain --log reads it as
// explain TEXT does, with either prefilter.
TEST(LogScan, SquidsPackedCodeLineCountsAsExplainTextReadsIt) {
  const std::string line =
      "2024/03/05 14:22:31 kid1| ERROR: failure while SslBump-accepting a TLS connection on conn4821 "
      "local=10.0.0.1:3128 remote=192.0.2.50:51234 FD 14 flags=1: "
      "SQUID_TLS_ERR_ACCEPT+TLS_LIB_ERR=A000418+TLS_IO_ERR=1";
  const auto e = builtin().explain_text(line);
  ASSERT_TRUE(e.explained()) << "the alert number inside the code";
  EXPECT_EQ(e.matches.front().entry->causes.front(), core::FindingId::ServerCertUntrusted);
  const auto s = scan(line + "\n");
  EXPECT_EQ(s.matched_lines, 1U);
  ASSERT_NE(s.top(), nullptr);
  EXPECT_EQ(s.top()->cause, e.matches.front().entry->causes.front());
}

// A bare code that names no alert is read by its reason words from OpenSSL's tables (issue 11,
// "never silent"): a log line holding only the code counts as explain TEXT reads it, with either
// prefilter, in OpenSSL 3's packing and in 1.x's.
TEST(LogScan, ABareCodeReadByItsWordsCountsAsExplainTextReadsIt) {
  for (const std::string line : {"2026-12-07 10:00:01 app[88]: TLS connect failed: error:0A000086",
                                 "2026-12-07 10:00:02 app[88]: TLS connect failed: error:14090086",
                                 "2026-12-07 10:00:03 app[88]: loading the identity: error:0909006C"}) {
    const auto e = builtin().explain_text(line);
    ASSERT_TRUE(e.explained()) << line;
    for (const auto& options : {LogScanOptions{}, LogScanOptions{0, 0}}) {
      const auto s = scan(line + "\n", 0, 1, options);
      EXPECT_EQ(s.matched_lines, 1U) << line;
      ASSERT_NE(s.top(), nullptr) << line;
      EXPECT_EQ(s.top()->cause, e.matches.front().entry->causes.front()) << line;
    }
  }
}

TEST(LogScan, BothPrefiltersFindTheSameLines) {
  const std::string log = mixed_log(2);
  LogScanOptions big;
  big.hyperscan_from = 0;  // Hyperscan from the first byte, where the build has it
  const auto re2 = scan(log);
  const auto hs = scan(log, 5000, 3, big);
  EXPECT_EQ(re2.engine, "re2");
#ifdef MTLSD_HAVE_HYPERSCAN
  EXPECT_EQ(hs.engine, "hyperscan");
#else
  EXPECT_EQ(hs.engine, "re2") << "a build without Hyperscan keeps RE2";
#endif
  EXPECT_EQ(hs.lines, re2.lines);
  EXPECT_EQ(hs.matched_lines, re2.matched_lines);
  EXPECT_EQ(per_cause(hs), per_cause(re2));
}

// The split is the scanner's business, not its prefilter's: Hyperscan reads here where the build
// has it (RE2 finds the same lines: BothPrefiltersFindTheSameLines), RE2 elsewhere. RE2's one
// pattern of every entry, tried line by line, cost the sanitizer build 20 CPU s for these four scans.
TEST(LogScan, TheSplitOfTheInputChangesNothing) {
  const std::string log = mixed_log(7) + "last line without a newline: tlsv13 alert certificate required";
  const LogScanOptions fastest{0, 0};
  const auto whole = scan(log, 0, 1, fastest);
  for (std::size_t piece : {1UL, 100UL, 4096UL}) {
    const auto split = scan(log, piece, static_cast<unsigned>(piece), fastest);
    EXPECT_EQ(split.lines, whole.lines) << piece;
    EXPECT_EQ(split.matched_lines, whole.matched_lines) << piece;
    EXPECT_EQ(split.events, whole.events) << piece;
    EXPECT_EQ(per_cause(split), per_cause(whole)) << piece;
    ASSERT_EQ(split.causes.size(), whole.causes.size());
    for (std::size_t i = 0; i < whole.causes.size(); ++i) {
      EXPECT_EQ(split.causes[i].first.line, whole.causes[i].first.line);
      EXPECT_EQ(split.causes[i].last.line, whole.causes[i].last.line);
    }
  }
}

// The prefilters look at raw lines with the patterns rewritten (src/explain/raw_pattern.h): every
// way of writing the separators that normalization folds must still be found. Each example is
// written with its spaces as '_', as tabs and runs, and as JSON's escaped "\n", between timed
// lines; the scanner must explain exactly the lines explain_text explains.
TEST(LogScan, RawSpellingsOfEveryExampleAreFoundByBothPrefilters) {
  const auto respell = [](const std::string& text, std::string_view separator) {
    std::string out;
    for (char c : text) {
      if (c == ' ')
        out += separator;
      else
        out += c;
    }
    return out;
  };
  std::string log;
  std::size_t n = 0;
  for (const auto& e : builtin().knowledge_base().entries) {
    for (const auto& ex : e.examples) {
      if (n++ % 3 != 0) continue;
      for (std::string_view sep : {"_", " \t  ", "\\n", "\t"}) {
        log += "2026-11-25T08:00:01Z GET /v1/orders 200\n";
        log += respell(ex, sep) + "\n";
      }
    }
  }
  std::uint64_t explained = 0;
  std::size_t pos = 0;
  while (pos < log.size()) {
    const auto nl = log.find('\n', pos);
    const auto e = builtin().explain_text(std::string_view(log).substr(pos, nl - pos));
    if (e.explained() && e.matches.front().entry->weight != Weight::Fallback) ++explained;
    pos = nl + 1;
  }
  EXPECT_GT(explained, 1000U);
  const auto re2 = scan(log);
  const auto hs = scan(log, 0, 1, LogScanOptions{0, 0});
  EXPECT_EQ(re2.matched_lines, explained);
  EXPECT_EQ(hs.matched_lines, explained);
  EXPECT_EQ(per_cause(hs), per_cause(re2));
}

// --jobs: the lines are split among threads to find and explain, the events formed in order by
// one: the summary is the same, field by field, for any number of jobs and any split.
TEST(LogScan, AnyNumberOfJobsGivesTheSameSummary) {
  std::string log;
  const std::string mixed = mixed_log(5);
  while (log.size() < 3 * LogScanner::kBlock) {
    log += mixed;
    for (int i = 0; i < 2000; ++i) log += "2026/11/25 08:00:00 [error] 1#1: *1 open() \"/srv/a.js\" failed\n";
  }
  const auto whole = scan(log);
  for (unsigned jobs : {3U}) {
    for (const Prefilter prefilter : {Prefilter::Auto, Prefilter::Re2}) {
      LogScanOptions options;
      options.jobs = jobs;
      options.prefilter = prefilter;
      auto scanner = LogScanner::create(builtin(), options);
      ASSERT_TRUE(scanner.has_value());
      scanner->feed(std::string_view(log).substr(0, log.size() / 2 + 7));
      scanner->feed(std::string_view(log).substr(log.size() / 2 + 7));
      const auto split = scanner->finish();
      EXPECT_EQ(split.lines, whole.lines);
      EXPECT_EQ(split.events, whole.events);
      EXPECT_EQ(split.matched_lines, whole.matched_lines);
      ASSERT_EQ(split.causes.size(), whole.causes.size());
      for (std::size_t i = 0; i < whole.causes.size(); ++i) {
        const auto& a = split.causes[i];
        const auto& b = whole.causes[i];
        EXPECT_EQ(a.cause, b.cause);
        EXPECT_EQ(a.events, b.events);
        EXPECT_EQ(a.lines, b.lines);
        EXPECT_EQ(a.first.line, b.first.line);
        EXPECT_EQ(a.last.line, b.last.line);
        EXPECT_EQ(a.example, b.example);
        ASSERT_EQ(a.entries.size(), b.entries.size());
        for (std::size_t k = 0; k < a.entries.size(); ++k) EXPECT_EQ(a.entries[k].value, b.entries[k].value);
      }
    }
  }
}

TEST(LogScan, FailuresComeBeforeSuccessesWhateverTheirCounts) {
  std::string log;
  for (int i = 0; i < 5; ++i) log += "* SSL certificate verify ok.\n\n";
  log += "curl: (56) OpenSSL SSL_read: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0\n";
  const auto s = scan(log);
  ASSERT_EQ(s.causes.size(), 2U);
  EXPECT_EQ(s.causes[0].cause, core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(s.causes[1].cause, core::FindingId::Ok);
  EXPECT_EQ(s.causes[1].events, 5U);
}

// Who refused and how to confirm it, per cause: typed, and the same as the evidence shows.
TEST(LogScan, ReportFindingsCarryTheirSideAndConfirmTyped) {
  std::string log;
  for (int i = 0; i < 5; ++i) log += "* SSL certificate verify ok.\n\n";
  log += "curl: (56) OpenSSL SSL_read: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0\n";
  const auto s = scan(log);
  const auto report = log_report(s, builtin());
  ASSERT_EQ(report.findings.size(), 2U);
  EXPECT_EQ(report.findings[0].rejected_by, s.causes[0].rejected_by);
  EXPECT_NE(report.findings[0].rejected_by, core::Side::None);
  EXPECT_EQ(report.findings[1].rejected_by, core::Side::None) << "a success refuses nothing";
  EXPECT_FALSE(report.findings[0].confirm.empty());
  for (const auto& f : report.findings) {
    EXPECT_EQ(f.evidence["rejected_by"], core::to_string(*f.rejected_by));
    EXPECT_EQ(f.evidence["confirm"].get<std::vector<std::string>>(), f.confirm);
  }
}

TEST(LogScan, ConsecutiveLinesWithoutTimesAreOneEvent) {
  // curl -v under TLS 1.2: the alert says why; "verification failed" (exit 60) alone would
  // blame the server's certificate. Explained together, as `explain -` would.
  const std::string curl =
      "* TLSv1.2 (OUT), TLS handshake, Finished (20):\n"
      "* TLSv1.2 (IN), TLS alert, certificate expired (557):\n"
      "* SSL certificate verification failed\n"
      "curl: (60) SSL certificate verification failed\n"
      "More details here: https://curl.se/docs/sslcerts.html\n";
  auto s = scan(curl);
  EXPECT_EQ(s.events, 1U);
  EXPECT_EQ(s.matched_lines, 4U) << "the untimed line after it belongs to it too";
  ASSERT_NE(s.top(), nullptr);
  EXPECT_EQ(s.top()->cause, core::FindingId::ClientCertExpired);
  EXPECT_EQ(s.top()->first.line, 2U);
  // Two timed lines in a row stay two events.
  s = scan(
      "2026/11/25 08:01:02 [info] 7#7: *1 client sent no required SSL certificate while reading client request "
      "headers, client: 10.0.0.1\n"
      "2026/11/25 08:01:03 [info] 7#7: *2 client sent no required SSL certificate while reading client request "
      "headers, client: 10.0.0.2\n");
  EXPECT_EQ(s.events, 2U);
  ASSERT_NE(s.top(), nullptr);
  EXPECT_EQ(s.top()->events, 2U);
  EXPECT_EQ(s.top()->clients.size(), 2U);
}

// Events of several lines are ranked as `explain` ranks a pasted text. RE2 reads them with its set
// over the whole knowledge base (explain_text); Hyperscan with the raw patterns over the event's
// normalized text, trying only the entries they name. Every example, each with the next one (and
// a line no pattern knows) as untimed lines after it: the same events, lines and causes. Every
// 12th pair: RE2's answer for texts of several lines is slow in the sanitizer build.
TEST(LogScan, EventsOfSeveralLinesAreTheSameWithEitherPrefilter) {
  std::vector<std::string> examples;
  for (const auto& e : builtin().knowledge_base().entries) {
    for (const auto& ex : e.examples) {
      if (ex.find('\n') == std::string::npos) examples.push_back(ex);
    }
  }
  ASSERT_GT(examples.size(), 500U);
  std::string log;
  for (std::size_t i = 0; i + 1 < examples.size(); i += 12) {
    log += "2026/11/25 08:01:02 [info] 7#7: *1 " + examples[i] + "\n";
    log += examples[i + 1] + "\n";
    log += "    at nothing.known.Here(Here.java:1)\n\n";
  }
  const auto re2 = scan(log);
  const auto hs = scan(log, 0, 1, LogScanOptions{0, 0});
  EXPECT_GT(re2.events, examples.size() / 20);
  EXPECT_EQ(hs.events, re2.events);
  EXPECT_EQ(hs.matched_lines, re2.matched_lines);
  EXPECT_EQ(per_cause(hs), per_cause(re2));
}

TEST(LogScan, StackTracesAreOneEventAndRepeatsAreNew) {
  const std::string java =
      "2026-11-25 08:01:02,123 ERROR [main] c.e.Client - call failed\n"
      "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown\n"
      "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
      "\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:371)\n"
      "2026-11-25 08:01:03,000 INFO [main] c.e.Client - retry\n"
      "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown\n"
      "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n";
  auto s = scan(java);
  EXPECT_EQ(s.events, 2U);
  EXPECT_EQ(s.matched_lines, 5U);
  // Untimed lines that repeat the same message are occurrences of their own (a Node app's
  // console.error without times), while a different message joins (curl's alert, then exit code).
  s = scan(
      "Error: unable to verify the first certificate\nError: unable to verify the first certificate\n"
      "Error: unable to verify the first certificate\n");
  EXPECT_EQ(s.events, 3U);
}

TEST(LogScan, NothingKnownGivesNoTop) {
  const auto s = scan("hello\nworld\n\n");
  EXPECT_EQ(s.lines, 3U);
  EXPECT_EQ(s.matched_lines, 0U);
  EXPECT_EQ(s.top(), nullptr);
  EXPECT_EQ(scan("").lines, 0U);
}

TEST(LogScan, HugeLinesAreCutNotBuffered) {
  std::string log = "tlsv13 alert certificate required " + std::string(3 * LogScanner::kMaxLine, 'x') + "\n";
  log += std::string(LogScanner::kMaxLine + 10, '\0') + "\n";  // binary garbage
  log += "tlsv1 alert unknown ca\n";
  for (std::size_t piece : {0UL, 1000UL}) {
    const auto s = scan(log, piece);
    EXPECT_EQ(s.lines, 3U);
    EXPECT_EQ(s.cut_lines, 2U);
    EXPECT_EQ(s.events, 1U) << "untimed lines after an event belong to it";
    EXPECT_EQ(s.matched_lines, 3U);
  }
}

// Lines are counted without walking them one by one; a line over kMaxLine is still found at
// every length and position around the chunk the count reads at a time.
TEST(LogScan, LinesAreCountedAndTooLongOnesFoundAtEveryLength) {
  constexpr std::size_t kMax = LogScanner::kMaxLine;
  for (const std::size_t length : {kMax / 2 - 1, kMax / 2, kMax - 1, kMax, kMax + 1, kMax + kMax / 2, 2 * kMax + 3}) {
    for (const std::size_t before : {0UL, 1UL, 100UL, kMax / 2 - 7}) {
      std::string log(before, 'a');
      if (before > 0) log += '\n';
      log += std::string(length, 'x') + "\n";
      log += "short\n\nline\n";
      log += "tlsv1 alert unknown ca\n";
      log += std::string(length, 'y');  // the last line without its '\n'
      const std::uint64_t lines = (before > 0 ? 1 : 0) + 1 + 3 + 1 + 1;
      const std::uint64_t cut = (length > kMax ? 2 : 0);
      for (const auto& options : {LogScanOptions{0, 0}, re2_only()}) {
        for (std::size_t piece : {0UL, 4096UL}) {
          const auto s = scan(log, piece, 1, options);
          EXPECT_EQ(s.lines, lines) << length << " " << before;
          EXPECT_EQ(s.cut_lines, cut) << length << " " << before;
          EXPECT_EQ(s.events, 1U) << length << " " << before;
        }
      }
    }
  }
}

}  // namespace
}  // namespace mtlsdoctor::explain
