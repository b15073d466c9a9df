// Which lines of a block of raw log lines may match some knowledge-base pattern: a superset of
// the candidate lines of a log (log_scan.cpp: a line is a candidate when it is explained on its
// own, or holds a bare OpenSSL error code), which the scanner then checks one by one. The
// patterns are rewritten for raw text (raw_pattern.h), so no line is normalized or copied
// here. Two engines: Hyperscan (x86-64, when built with it) over the whole block in one pass,
// and, everywhere, one RE2 alternation line by line (one DFA pass per line; the rewrite has no
// counted repeats, which kept the DFA of the normalized patterns thrashing into RE2's NFA).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/explain/knowledge_base.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain::detail {

// A line of a block: [begin, end), `end` at its '\n' (or the block's end). With an engine that
// knows which patterns matched (Hyperscan), [entries_begin, entries_end) indexes the entries
// vector passed to candidates(): the knowledge-base entries (indexes into kb.entries) whose
// raw pattern matched in the line, each once, a superset of the non-fallback entries that
// match its normalized text (raw_pattern.h).
// With an engine that normalizes the lines it flags (Hyperscan's normalized pass), the line's
// normalized text (normalize_to() of [begin, end)) is [normalized_begin, normalized_end) of
// normalized_text(), so that it is not normalized again; `normalized` says whether it is there.
struct LineSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t entries_begin = 0;
  std::uint32_t entries_end = 0;
  std::size_t normalized_begin = 0;
  std::size_t normalized_end = 0;
  bool normalized = false;
};

class LinePrefilter {
 public:
  virtual ~LinePrefilter() = default;
  // `block`: whole lines, each ended by '\n' except perhaps the last. Appends the candidate lines,
  // ascending, to `out` (cut to `max_line` bytes is the caller's business).
  // With knows_entries(), also appends each line's entries to `entries`.
  virtual void candidates(std::string_view block, std::vector<LineSpan>& out, std::vector<std::uint32_t>& entries) = 0;
  // The normalized lines the last candidates() call's spans point into (LineSpan::normalized),
  // valid until the next call.
  [[nodiscard]] virtual std::string_view normalized_text() const noexcept { return {}; }
  // Whether the spans name their entries (else the caller must try every entry).
  [[nodiscard]] virtual bool knows_entries() const noexcept = 0;
  [[nodiscard]] virtual std::string_view engine() const noexcept = 0;
  // Where Hyperscan's database came from: "built in" (deserialized) or "compiled" (at run time);
  // "" for RE2.
  [[nodiscard]] virtual std::string_view database() const noexcept { return {}; }
  // Whether a first pass of literals narrows the lines the full patterns are scanned in.
  [[nodiscard]] virtual bool literal_pass() const noexcept { return false; }
  // Another prefilter on the same compiled patterns, with its own scratch: one per thread.
  [[nodiscard]] virtual std::unique_ptr<LinePrefilter> clone() const = 0;
};

[[nodiscard]] core::Result<std::unique_ptr<LinePrefilter>> re2_prefilter(const KnowledgeBase& kb);

// Hyperscan's passes over a block (LiteralPass, log_scan.h). With the literal pass, a first pass
// looks for the patterns' literal cover (literal_cover.h) and the few patterns it leaves
// uncovered; only the lines it flags are scanned for the full patterns. The spans and entries are
// the same either way (tested).
// Whether a database must be compiled here (seconds) when the built-in one does not fit.
enum class CompileAtRunTime { Allowed, No };

// An error when built without Hyperscan, or when it refuses a pattern. For the built-in knowledge
// base the databases compiled at build time are loaded (hs_database.h); when Hyperscan refuses
// them (another Hyperscan version, a CPU without the build machine's features) or the knowledge
// base is another one, the patterns are compiled here (seconds), unless `compile` is No (then an
// error).
[[nodiscard]] core::Result<std::unique_ptr<LinePrefilter>> hyperscan_prefilter(
    const KnowledgeBase& kb, LiteralPass literal_pass = LiteralPass::On,
    CompileAtRunTime compile = CompileAtRunTime::Allowed);

// How many times this process has deserialized a built-in database: prefilters alive at the
// same time share one copy of each (explain TEXT's and explain --log's), so a second one loads
// nothing. For tests.
[[nodiscard]] std::size_t builtin_deserializations() noexcept;

}  // namespace mtlsdoctor::explain::detail
