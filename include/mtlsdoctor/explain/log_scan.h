// explain --log: a whole log (nginx, Apache, HAProxy, curl -v, a Java stack trace…) read as a
// stream, every line explained through the same knowledge base as `explain TEXT`, and tallied
// per cause: how many events (a line with its own time, or a run of consecutive lines without
// one, such as curl -v's or a stack trace, explained together as `explain` would), first and
// last seen, the clients and certificate subjects named.
//
// Speed: a line is a candidate when some non-fallback pattern matches its normalized text.
// Hyperscan (where the build has it) finds a superset of those lines in raw blocks: a first pass
// of literals every pattern's match contains, then the full patterns on the lines it flagged, so
// unrelated bytes are read once and never copied; only the lines around its matches are
// normalized, checked exactly and explained. Without it, each line is normalized
// into one reused buffer and checked by one RE2 DFA pass: linear, slower. With jobs > 1, whole
// lines are split among threads for that work (finding and explaining candidates); the events
// are then formed in input order by one thread, so the answer is the same for any job count.
// Memory is bounded whatever the input: lines longer than kMaxLine are cut, tallies keep at
// most kMaxDistinct values each, a round of work holds at most jobs × kSegment bytes' candidates.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/finding_ids.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/explain/explainer.h"

namespace mtlsdoctor::explain {

// Where a line is: its number (from 1) and its time as the log prints it ("" when none is
// recognised). Log times carry the log's own time zone, so they are not converted.
struct LogPlace {
  std::uint64_t line = 0;
  std::string time;
};

struct Tally {
  std::string value;
  std::uint64_t count = 0;
};

struct CauseTally {
  core::FindingId cause = core::FindingId::Ok;
  core::Side rejected_by = core::Side::Server;  // as the most frequent entry reads it
  std::uint64_t events = 0;                     // occurrences: a line, or consecutive lines without their own time
  std::uint64_t lines = 0;                      // the lines of those events
  LogPlace first;
  LogPlace last;
  std::vector<Tally> entries;        // knowledge-base entries that gave this cause, most events first
  std::vector<Tally> clients;        // client addresses the events name, most events first
  std::vector<Tally> subjects;       // certificate subjects the events name, most events first
  std::string example;               // the first such event's text (cut to 300 bytes)
  const Entry* top_entry = nullptr;  // the entry behind most of these lines
};

struct LogSummary {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t events = 0;         // explained events (see CauseTally::events)
  std::uint64_t matched_lines = 0;  // the lines of those events
  std::uint64_t cut_lines = 0;      // lines longer than kMaxLine (their start was scanned)
  std::vector<CauseTally> causes;   // failures first (most events first), then successes
  std::string engine;               // the prefilter that read the end of the input: "re2", "hyperscan"

  // The cause most events point to, failures before successes; nullptr when nothing matched.
  [[nodiscard]] const CauseTally* top() const noexcept { return causes.empty() ? nullptr : &causes.front(); }
};

// Which prefilter finds the candidate lines (src/explain/line_prefilter.h).
enum class Prefilter {
  Auto,  // Hyperscan where the build has it (see LogScanOptions::hyperscan_from), else RE2
  Re2,   // RE2 only
};
// Hyperscan's first pass of literals in front of the full patterns: the same candidates either
// way (tested); Off to measure what it saves.
enum class LiteralPass { On, Off };

struct LogScanOptions {
  std::uint64_t expected_bytes = 0;  // the input's size when known (a file)
  // With Prefilter::Auto, Hyperscan reads from the first byte (files and stdin) when the database
  // compiled at build time fits (it loads in milliseconds). When it must be compiled at run time
  // (another knowledge base, a CPU or Hyperscan version the build's database does not suit), that
  // takes seconds: worth it only from this many bytes on (docs/performance.md).
  std::uint64_t hyperscan_from = 128ULL << 20;
  unsigned jobs = 1;  // threads finding and explaining candidate lines
  Prefilter prefilter = Prefilter::Auto;
  LiteralPass literal_pass = LiteralPass::On;
};

// One explained event as the scanner closes it (for a follower printing events as they come).
struct LogEvent {
  core::FindingId cause = core::FindingId::Ok;
  const Entry* entry = nullptr;  // the reading it got
  LogPlace first;
  std::uint64_t lines = 0;
  std::string client;
  std::string subject;
  std::string text;  // its first bytes (cut to 300)
};

class LogScanner {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;
  static constexpr std::size_t kMaxDistinct = 1024;
  static constexpr std::size_t kBlock = 512 * 1024;     // prefiltered at a time (stays in cache)
  static constexpr std::size_t kSegment = 16ULL << 20;  // one job's share of a round

  // The explainer must outlive the scanner. An error when the knowledge base does not compile
  // into one pattern (it always does for the built-in one).
  [[nodiscard]] static core::Result<LogScanner> create(const Explainer& explainer, const LogScanOptions& options = {});

  LogScanner(LogScanner&&) noexcept;
  LogScanner& operator=(LogScanner&&) noexcept;
  ~LogScanner();

  // Any split of the input; a partial last line waits for the next call (or finish()).
  void feed(std::string_view data);
  // Closes the event still open: later untimed lines start a new one. For a follower that has
  // nothing new to read (a stack trace is written at once); a whole read never needs it.
  void flush();
  // Called with each event as it closes (before finish() returns, for the last one).
  void on_event(std::function<void(const LogEvent&)> sink);
  // The summary of everything fed; the scanner is then ready for another input.
  [[nodiscard]] LogSummary finish();
  // The prefilter reading now: "re2" or "hyperscan".
  [[nodiscard]] std::string_view engine() const noexcept;

 private:
  struct Impl;
  explicit LogScanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// The verdict contract for a whole log: the verdict is the cause most events point to (failures
// before successes), one finding per cause, most lines first, each with its tallies as evidence
// and its cause guide's confirm commands and fixes. Requires summary.top() != nullptr.
[[nodiscard]] core::Report log_report(const LogSummary& summary, const Explainer& explainer);

// The fields a log line names, for the tallies: exposed for tests.
struct LineFields {
  std::string time;
  std::string client;
  std::string subject;
};
[[nodiscard]] LineFields line_fields(std::string_view line);

}  // namespace mtlsdoctor::explain
