#include "line_prefilter.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>

#include "log_patterns.h"

#ifdef MTLSD_HAVE_HYPERSCAN
#include <hs/hs.h>
#include <sys/mman.h>

#include "hs_compile.h"
#include "hs_database.h"
#include "literal_cover.h"
#include "mtlsdoctor/core/anonymous_mapping.h"
#endif

namespace mtlsdoctor::explain::detail {
namespace {

std::size_t line_end(std::string_view block, std::size_t from) {
  const void* nl = std::memchr(block.data() + from, '\n', block.size() - from);
  return nl == nullptr ? block.size() : static_cast<std::size_t>(static_cast<const char*>(nl) - block.data());
}

// A few RE2 alternations of the rewritten patterns, line by line: without counted repeats and
// with no submatch asked, RE2 answers from its DFA in one pass over each line per alternation.
using Re2Alternations = std::vector<std::unique_ptr<const RE2>>;

class Re2Prefilter final : public LinePrefilter {
 public:
  explicit Re2Prefilter(std::shared_ptr<const Re2Alternations> any) : m_any(std::move(any)) {}

  void candidates(std::string_view block, std::vector<LineSpan>& out,
                  std::vector<std::uint32_t>& /*entries*/) override {
    std::size_t pos = 0;
    while (pos < block.size()) {
      const std::size_t end = line_end(block, pos);
      const re2::StringPiece line(block.data() + pos, end - pos);
      if (std::any_of(m_any->begin(), m_any->end(), [&](const auto& re) { return RE2::PartialMatch(line, *re); }))
        out.push_back(LineSpan{pos, end});
      pos = end + 1;
    }
  }
  [[nodiscard]] bool knows_entries() const noexcept override { return false; }
  [[nodiscard]] std::string_view engine() const noexcept override { return "re2"; }
  [[nodiscard]] std::unique_ptr<LinePrefilter> clone() const override { return std::make_unique<Re2Prefilter>(m_any); }

 private:
  std::shared_ptr<const Re2Alternations> m_any;
};

#ifdef MTLSD_HAVE_HYPERSCAN
struct HsScratchFree {
  void operator()(hs_scratch_t* s) const noexcept { hs_free_scratch(s); }
};
using HsDatabase = std::shared_ptr<hs_database_t>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchFree>;

std::atomic<std::size_t> g_deserializations{0};

// A built-in database (hs_database.h), deserialized once while any prefilter holds it:
// explain TEXT's prefilter (Explainer) and explain --log's scanner share the 2.6 MB copy of the
// full patterns instead of each making its own. A database is read-only: any number of scratches
// scan it at once. It is deserialized into huge pages (core::map_anonymous): the first touch of
// malloc's fresh memory cost a fault per 4 KiB, most of a few milliseconds of every start.
HsDatabase builtin_database(const char* bytes, std::size_t size) {
  static std::mutex mutex;
  static std::map<const char*, std::weak_ptr<hs_database_t>> loaded;
  const std::lock_guard lock(mutex);
  auto& slot = loaded[bytes];
  if (auto db = slot.lock()) return db;
  std::size_t needed = 0;
  if (hs_serialized_database_size(bytes, size, &needed) != HS_SUCCESS) return nullptr;
  HsDatabase db;
  if (const auto mapping = core::map_anonymous(needed, true)) {
    auto* at = reinterpret_cast<hs_database_t*>(mapping->data);
    if (hs_deserialize_database_at(bytes, size, at) != HS_SUCCESS) {
      ::munmap(mapping->map, mapping->mapped);
      return nullptr;
    }
    db = HsDatabase(at, [m = *mapping](hs_database_t*) { ::munmap(m.map, m.mapped); });
  } else {
    hs_database_t* raw = nullptr;
    if (hs_deserialize_database(bytes, size, &raw) != HS_SUCCESS) return nullptr;
    db = HsDatabase(raw, HsDatabaseFree{});
  }
  ++g_deserializations;
  slot = db;
  return db;
}

// What the prefilters of one database share: the databases, which entry each pattern id is from.
struct HsShared {
  HsDatabase db;
  HsDatabase first_pass;                // the literal cover and the uncovered patterns; null: no first pass
  HsDatabase normalized;                // the patterns for normalized text, same ids; null: raw lines scanned
  std::vector<std::uint32_t> entry_of;  // per pattern id: its entry, or LogPatterns::kNoEntry
  std::size_t entry_count = 0;
  std::string_view origin;
};

class HsPrefilter final : public LinePrefilter {
 public:
  HsPrefilter(std::shared_ptr<const HsShared> shared, HsScratch scratch)
      : m_shared(std::move(shared)), m_scratch(std::move(scratch)), m_seen(m_shared->entry_count, 0) {}

  void candidates(std::string_view block, std::vector<LineSpan>& out, std::vector<std::uint32_t>& entries) override {
    m_normalized_lines.clear();
    if (block.empty()) return;
    Scan scan{block, &out, &entries, out.size(), 0, this};
    // Hyperscan reports every end of every match, in order; the line around the first one is
    // found with memrchr/memchr, later ends inside that line cost a compare (and a look-up to
    // note the pattern's entry once). A block larger than 2 GiB goes in pieces of whole lines.
    // Without a first pass: one pass of the full patterns over the raw block.
    // With it: the first pass (literals) over the block gives runs of lines, and only those runs
    // are scanned for the full patterns. No match crosses a line ('\n' is never a separator, and
    // negated classes exclude it: raw_pattern.h), so a line's matches are the same whether the
    // block or its run is scanned.
    constexpr std::size_t kMaxScan = std::size_t{1} << 31;
    std::size_t base = 0;
    while (base < block.size()) {
      std::size_t n = block.size() - base;
      if (n > kMaxScan) n = line_end(block, base + kMaxScan) + 1 - base;
      n = std::min(n, block.size() - base);
      if (!m_shared->first_pass) {
        full_scan(scan, base, n);
      } else {
        m_runs.clear();
        Flagged flagged{block, &m_runs, base};
        hs_scan(m_shared->first_pass.get(), block.data() + base, static_cast<unsigned>(n), 0, m_scratch.get(), &on_flag,
                &flagged);
        // Each run alone: Hyperscan reads a run of a line or two faster alone than the runs one
        // after the other in a buffer (measured: 40 against 15-25 MB/s on the flagged lines).
        // With the patterns for normalized text, each flagged line is normalized and scanned
        // alone: there a word, a space and the next word are one literal, where the raw patterns
        // join them with a run of separator classes that the common TLS words set running in a
        // few hundred patterns at once (2.5 times faster on the flagged lines, normalizing
        // included).
        for (const auto& [from, to] : m_runs) {
          if (m_shared->normalized) {
            normalized_scan(scan, from, to);
          } else {
            full_scan(scan, from, to - from);
          }
        }
      }
      base += n;
    }
  }
  [[nodiscard]] std::string_view normalized_text() const noexcept override { return m_normalized_lines; }
  [[nodiscard]] bool knows_entries() const noexcept override { return true; }
  [[nodiscard]] std::string_view engine() const noexcept override { return "hyperscan"; }
  [[nodiscard]] std::string_view database() const noexcept override { return m_shared->origin; }
  [[nodiscard]] bool literal_pass() const noexcept override { return m_shared->first_pass != nullptr; }
  [[nodiscard]] std::unique_ptr<LinePrefilter> clone() const override {
    hs_scratch_t* scratch = nullptr;
    if (hs_clone_scratch(m_scratch.get(), &scratch) != HS_SUCCESS) return nullptr;
    return std::make_unique<HsPrefilter>(m_shared, HsScratch(scratch));
  }

 private:
  struct Scan {
    std::string_view block;
    std::vector<LineSpan>* out;
    std::vector<std::uint32_t>* entries;
    std::size_t first;
    std::size_t base = 0;
    HsPrefilter* self = nullptr;
  };
  void full_scan(Scan& scan, std::size_t from, std::size_t n) {
    scan.base = from;
    hs_scan(m_shared->db.get(), scan.block.data() + from, static_cast<unsigned>(n), 0, m_scratch.get(), &on_match,
            &scan);
  }
  // Each line of [from, to) normalized (normalize_to()) and scanned with the patterns for
  // normalized text: a span for each line one of them matches, with their entries.
  void normalized_scan(Scan& scan, std::size_t from, std::size_t to) {
    std::size_t pos = from;
    while (pos <= to && pos < scan.block.size()) {
      const std::size_t end = std::min(line_end(scan.block, pos), to);
      const std::string_view line = scan.block.substr(pos, end - pos);
      if (m_normalized.size() < line.size()) m_normalized.resize(line.size());
      const std::size_t n = normalize_to(line, m_normalized.data());
      Line found{&scan, pos, end, false, std::string_view(m_normalized.data(), n)};
      hs_scan(m_shared->normalized.get(), m_normalized.data(), static_cast<unsigned>(n), 0, m_scratch.get(),
              &on_normalized_match, &found);
      pos = end + 1;
    }
  }
  struct Line {
    Scan* scan;
    std::size_t begin;
    std::size_t end;
    bool spanned;  // its span is out.back()
    std::string_view normalized;
  };
  static int on_normalized_match(unsigned id, unsigned long long /*from*/, unsigned long long /*to*/,
                                 unsigned /*flags*/, void* ctx) {
    auto* line = static_cast<Line*>(ctx);
    Scan& scan = *line->scan;
    if (!line->spanned) {
      const auto mark = static_cast<std::uint32_t>(scan.entries->size());
      auto& kept = scan.self->m_normalized_lines;
      scan.out->push_back(
          LineSpan{line->begin, line->end, mark, mark, kept.size(), kept.size() + line->normalized.size(), true});
      kept.append(line->normalized);
      ++scan.self->m_line;
      line->spanned = true;
    }
    scan.self->note(scan, id);
    return 0;
  }
  // The pattern's entry, once per line, into the last span.
  void note(Scan& scan, unsigned id) {
    const std::uint32_t entry = m_shared->entry_of[id];
    if (entry == LogPatterns::kNoEntry) return;
    auto& seen = m_seen[entry];
    if (seen == m_line) return;
    seen = m_line;
    scan.entries->push_back(entry);
    scan.out->back().entries_end = static_cast<std::uint32_t>(scan.entries->size());
  }
  // The first pass: the runs of consecutive lines that hold a hit, [from, to) with `to` at the
  // last line's '\n' (or the block's end).
  struct Flagged {
    std::string_view block;
    std::vector<std::pair<std::size_t, std::size_t>>* runs;
    std::size_t base = 0;
  };
  static int on_flag(unsigned /*id*/, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                     void* ctx) {
    auto* f = static_cast<Flagged*>(ctx);
    const std::size_t at = f->base + (to == 0 ? 0 : static_cast<std::size_t>(to - 1));
    auto& runs = *f->runs;
    if (!runs.empty() && at <= runs.back().second) return 0;  // a line already flagged
    const std::size_t floor = runs.empty() ? 0 : runs.back().second + 1;
    std::size_t begin = floor;
    if (at > floor) {
      const void* nl = memrchr(f->block.data() + floor, '\n', at - floor);
      if (nl != nullptr) begin = static_cast<std::size_t>(static_cast<const char*>(nl) - f->block.data()) + 1;
    }
    const std::size_t end = line_end(f->block, at);
    if (!runs.empty() && begin == runs.back().second + 1) {
      runs.back().second = end;  // the next line: the same run
    } else {
      runs.emplace_back(begin, end);
    }
    return 0;
  }
  static int on_match(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/, void* ctx) {
    auto* scan = static_cast<Scan*>(ctx);
    // The match's last byte (an empty match at 0: the first byte's line).
    const std::size_t at = scan->base + (to == 0 ? 0 : static_cast<std::size_t>(to - 1));
    auto& out = *scan->out;
    const bool any = out.size() > scan->first;
    if (!any || at > out.back().end) {
      const std::size_t floor = any ? out.back().end + 1 : 0;
      std::size_t begin = floor;
      if (at > floor) {
        const void* nl = memrchr(scan->block.data() + floor, '\n', at - floor);
        if (nl != nullptr) begin = static_cast<std::size_t>(static_cast<const char*>(nl) - scan->block.data()) + 1;
      }
      const auto mark = static_cast<std::uint32_t>(scan->entries->size());
      out.push_back(LineSpan{begin, line_end(scan->block, at), mark, mark});
      ++scan->self->m_line;  // a new line: every entry is unseen in it
    }
    scan->self->note(*scan, id);
    return 0;
  }
  std::shared_ptr<const HsShared> m_shared;
  HsScratch m_scratch;
  std::vector<std::uint64_t> m_seen;                        // per entry: the last line (m_line) it was noted in
  std::vector<std::pair<std::size_t, std::size_t>> m_runs;  // the first pass's runs of lines
  std::string m_normalized;                                 // a flagged line, normalized
  std::string m_normalized_lines;                           // the spanned ones, one after another
  std::uint64_t m_line = 0;
};

#endif

}  // namespace

std::size_t builtin_deserializations() noexcept {
#ifdef MTLSD_HAVE_HYPERSCAN
  return g_deserializations.load();
#else
  return 0;
#endif
}

core::Result<std::unique_ptr<LinePrefilter>> re2_prefilter(const KnowledgeBase& kb) {
  // Alternations of about 140 KB of pattern text each (some 80,000 RE2 instructions; three for
  // the built-in knowledge base), not one of every pattern: each new DFA state costs RE2 an array
  // the size of its program, and the one program of the whole knowledge base (410 KB of text,
  // 233,000 instructions) made that 0.9 MB a state. Three alternations, against one, on 9 paired
  // runs without Hyperscan (median ratios of CPU time, noisy): a mixed log of lines unlike each
  // other 0.80 (269 against 304 MB peak), a bad day 0.85, a usual day 0.92; the sanitizer build's
  // LogScan.AgreesWithExplainingEachLineOnItsOwn 40 -> 26 s at 256 MiB each (docs/performance.md, "explain --log
  // without Hyperscan"). Smaller ones (80 KB) cut the sanitizer's time further but cost a usual
  // day 25 %: a line that matches nothing passes through every alternation.
  constexpr std::size_t kPatternBytes = 140'000;
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  // A budget, not an allocation: the DFA's state cache grows as lines need states. At 64 MiB the
  // 880 entries' alternation filled it, and RE2 kept resetting it (a mixed 1.5 MiB log's scan in
  // LogScan.AnyNumberOfJobsGivesTheSameSummary: 21.2 s, 92 MB peak); at 128 or 256 MiB it settles
  // (2.5 s, 108 MB). Each of the three alternations has half that, for states a third the size.
  o.set_max_mem(128 << 20);
  auto any = std::make_shared<Re2Alternations>();
  const auto expressions = log_patterns(kb).expressions;
  for (const auto& [first, last] : groups_by_bytes(expressions, kPatternBytes)) {
    std::string pattern;
    for (std::size_t i = first; i < last; ++i) {
      if (!pattern.empty()) pattern += '|';
      pattern += "(?:" + expressions[i] + ")";
    }
    auto re = std::make_unique<const RE2>(pattern, o);
    if (!re->ok()) {
      return core::fail(core::ErrorCategory::Parse,
                        fmt::format("the knowledge base does not compile as RE2 alternations: {}", re->error()), "kb");
    }
    any->push_back(std::move(re));
  }
  return std::make_unique<Re2Prefilter>(std::move(any));
}

core::Result<std::unique_ptr<LinePrefilter>> hyperscan_prefilter([[maybe_unused]] const KnowledgeBase& kb,
                                                                 [[maybe_unused]] LiteralPass literal_pass,
                                                                 [[maybe_unused]] CompileAtRunTime compile) {
#ifdef MTLSD_HAVE_HYPERSCAN
  const LogPatterns patterns = log_patterns(kb);
  auto shared = std::make_shared<HsShared>();
  shared->entry_of = patterns.entries;
  shared->entry_count = kb.entries.size();
  // The databases compiled at build time fit when they were compiled from these very expressions;
  // Hyperscan itself refuses them when its version differs or this CPU lacks a feature the build
  // machine's had (HS_DB_VERSION_ERROR, HS_DB_PLATFORM_ERROR): then compile here.
  const SerializedHsDatabase built_in = builtin_hs_database();
  const bool fits = built_in.patterns_digest == patterns.digest && built_in.size > 0;
  if (fits) shared->db = builtin_database(built_in.bytes, built_in.size);
  if (shared->db) {
    shared->origin = "built in";
    if (literal_pass == LiteralPass::On && built_in.first_pass_size > 0) {
      shared->first_pass = builtin_database(built_in.first_pass_bytes, built_in.first_pass_size);
      if (built_in.normalized_size > 0)
        shared->normalized = builtin_database(built_in.normalized_bytes, built_in.normalized_size);
    }
  } else {
    if (compile == CompileAtRunTime::No)
      return core::fail(core::ErrorCategory::Usage, "no Hyperscan database built in for this knowledge base", "kb");
    auto db = compile_hyperscan(patterns);
    if (!db) return std::unexpected(db.error());
    shared->db = HsDatabase(*db, HsDatabaseFree{});
    shared->origin = "compiled";
    if (literal_pass == LiteralPass::On) {
      // Without a first pass the answer is the same: a knowledge base with no pattern to cover
      // (or one Hyperscan refuses as literals) is scanned in one pass.
      if (auto f = compile_hyperscan_first_pass(literal_cover(patterns), patterns))
        shared->first_pass = HsDatabase(*f, HsDatabaseFree{});
      // Without it the flagged lines are scanned raw, with the same answer.
      if (shared->first_pass) {
        if (auto n = compile_hyperscan_normalized(patterns)) shared->normalized = HsDatabase(*n, HsDatabaseFree{});
      }
    }
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(shared->db.get(), &scratch) != HS_SUCCESS ||
      (shared->first_pass && hs_alloc_scratch(shared->first_pass.get(), &scratch) != HS_SUCCESS) ||
      (shared->normalized && hs_alloc_scratch(shared->normalized.get(), &scratch) != HS_SUCCESS)) {
    if (scratch != nullptr) hs_free_scratch(scratch);
    return core::fail(core::ErrorCategory::Limit, "Hyperscan could not allocate its scratch space", "kb");
  }
  return std::make_unique<HsPrefilter>(std::move(shared), HsScratch(scratch));
#else
  return core::fail(core::ErrorCategory::Usage, "built without Hyperscan", "kb");
#endif
}

}  // namespace mtlsdoctor::explain::detail
