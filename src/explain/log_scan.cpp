#include "mtlsdoctor/explain/log_scan.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "line_prefilter.h"

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kExampleBytes = 300;

// A count per distinct value, at most LogScanner::kMaxDistinct values (later new ones are not
// tallied: a hostile log cannot grow memory without bound).
class Counter {
 public:
  void add(const std::string& value) {
    if (value.empty()) return;
    auto it = m_counts.find(value);
    if (it != m_counts.end()) {
      ++it->second;
    } else if (m_counts.size() < LogScanner::kMaxDistinct) {
      m_counts.emplace(value, 1);
    }
  }
  [[nodiscard]] std::vector<Tally> sorted() const {
    std::vector<Tally> out;
    out.reserve(m_counts.size());
    for (const auto& [value, count] : m_counts) out.push_back(Tally{value, count});
    std::sort(out.begin(), out.end(), [](const Tally& a, const Tally& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
  }

 private:
  std::unordered_map<std::string, std::uint64_t> m_counts;
};

struct CauseAcc {
  CauseTally tally;
  Counter entries;
  Counter clients;
  Counter subjects;
  std::unordered_map<std::string, std::pair<std::uint64_t, const Entry*>> entry_use;
};

constexpr std::uint64_t kMaxEventLines = 500;

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// A time of day (hh:mm:ss) near the start: the line is a log record of its own.
bool looks_timed(std::string_view line) {
  const std::size_t n = std::min<std::size_t>(line.size(), 64);
  for (std::size_t i = 0; i + 8 <= n; ++i) {
    if (digit(line[i]) && digit(line[i + 1]) && line[i + 2] == ':' && digit(line[i + 3]) && digit(line[i + 4]) &&
        line[i + 5] == ':' && digit(line[i + 6]) && digit(line[i + 7])) {
      return true;
    }
  }
  return false;
}

// A line that only continues the one before: a stack frame, a chained cause.
bool continuation(std::string_view line) {
  static constexpr std::string_view kStarts[] = {"Caused by:",
                                                 "Suppressed:",
                                                 "Traceback (most recent call last)",
                                                 "During handling of the above exception",
                                                 "The above exception was the direct cause",
                                                 "..."};
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) return true;
  for (const auto start : kStarts) {
    if (line.starts_with(start)) return true;
  }
  return false;
}

// A candidate line as phase A leaves it for phase B: where it is in its segment, and what it says
// on its own (explained by the thread that found it).
struct Candidate {
  std::size_t begin = 0;
  std::size_t end = 0;      // begin + at most kMaxLine
  std::size_t next = 0;     // one past its '\n'
  std::uint64_t index = 0;  // its line in the segment, from 0
  const Entry* alone = nullptr;
  LineFields fields;
};

struct Segment {
  std::vector<Candidate> candidates;
  std::uint64_t lines = 0;
  std::uint64_t cut_lines = 0;
};

// The '\n' bytes of `text`: 16 bytes a step where SSE2 is there (every x86-64), byte counts
// summed every 255 steps before they can wrap.
std::size_t count_newlines(std::string_view text) {
  std::size_t total = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  while (text.size() - i >= 16) {
    const std::size_t steps = std::min<std::size_t>((text.size() - i) / 16, 255);
    __m128i counts = zero;
    for (std::size_t k = 0; k < steps; ++k, i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
      counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, nl));  // a match is -1
    }
    const __m128i sums = _mm_sad_epu8(counts, zero);  // two 64-bit sums of 8 bytes each
    total += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  return total + static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(), '\n'));
}

std::size_t end_of_line(std::string_view text, std::size_t from) {
  const void* nl = std::memchr(text.data() + from, '\n', text.size() - from);
  return nl == nullptr ? text.size() : static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
}

// Phase A: one per thread. Finds the candidate lines of a segment of whole lines, a cache-sized
// block at a time, and explains each on its own.
class Collector {
 public:
  Collector(const Explainer& explainer, std::unique_ptr<detail::LinePrefilter> prefilter)
      : m_explainer(&explainer), m_prefilter(std::move(prefilter)) {}

  void collect(std::string_view text, Segment& out) {
    out.candidates.clear();
    out.lines = 0;
    out.cut_lines = 0;
    std::size_t base = 0;
    while (base < text.size()) {
      std::size_t size = std::min(LogScanner::kBlock, text.size() - base);
      if (base + size < text.size()) {
        // Whole lines: up to the last '\n' of the block, or past it for one very long line.
        const auto head = text.substr(base, size);
        const auto nl = head.rfind('\n');
        size = nl != std::string_view::npos ? nl + 1 : end_of_line(text, base + size) + 1 - base;
        size = std::min(size, text.size() - base);
      }
      block(text, base, size, out);
      base += size;
    }
  }
  [[nodiscard]] std::string_view engine() const noexcept { return m_prefilter->engine(); }

  // An event of several lines, ranked as `explain` ranks a pasted text: explain_text()'s first
  // match when it is no fallback. With Hyperscan without RE2's set over the whole knowledge base
  // (compiling it cost a fixed half second of CPU on the first such event): the raw patterns
  // find the candidate entries in the normalized text (a raw text whose runs are single spaces,
  // so they match wherever the patterns do), and log_entry() tries only those.
  const Entry* event_entry(std::string_view text) {
    if (!m_prefilter->knows_entries()) {
      const auto e = m_explainer->explain_text(text);
      return e.explained() && e.matches.front().entry->weight != Weight::Fallback ? e.matches.front().entry : nullptr;
    }
    m_normalized = normalize(text);
    m_spans.clear();
    m_entries.clear();
    m_prefilter->candidates(m_normalized, m_spans, m_entries);
    return m_explainer->log_entry(text, m_entries, m_scratch);
  }
  [[nodiscard]] std::unique_ptr<Collector> clone() const {
    auto prefilter = m_prefilter->clone();
    if (!prefilter) return nullptr;
    return std::make_unique<Collector>(*m_explainer, std::move(prefilter));
  }

 private:
  void block(std::string_view text, std::size_t base, std::size_t size, Segment& out) {
    const auto part = text.substr(base, size);
    m_spans.clear();
    m_entries.clear();
    m_prefilter->candidates(part, m_spans, m_entries);
    // Every line is counted (and a too long one noted); candidates get their number on the way.
    std::size_t pos = 0;
    for (const auto& span : m_spans) {
      count_lines(part.substr(pos, span.begin - pos), out);
      if (span.end - span.begin > LogScanner::kMaxLine) ++out.cut_lines;
      const auto line = part.substr(span.begin, std::min(span.end - span.begin, LogScanner::kMaxLine));
      take(line, span, base + span.begin, base + span.end + 1, out);
      ++out.lines;
      pos = span.end + 1;
    }
    if (pos < part.size()) count_lines(part.substr(pos), out);
  }

  // Lines (and too long lines) of whole lines without a candidate; the last may lack its '\n'.
  static void count_lines(std::string_view lines, Segment& out) {
    if (lines.empty()) return;
    // A line longer than kMaxLine holds a whole aligned chunk of kMaxLine / 2 bytes without a
    // '\n': when every whole chunk has one, no line can be too long and a count is enough.
    constexpr std::size_t kChunk = LogScanner::kMaxLine / 2;
    std::uint64_t newlines = 0;
    bool maybe_long = false;
    for (std::size_t at = 0; at < lines.size(); at += kChunk) {
      const std::size_t n = std::min(kChunk, lines.size() - at);
      const std::size_t in_chunk = count_newlines(lines.substr(at, n));
      maybe_long = maybe_long || (in_chunk == 0 && n == kChunk);
      newlines += in_chunk;
    }
    if (!maybe_long) {
      out.lines += newlines;
      if (lines.back() != '\n') ++out.lines;
      return;
    }
    std::size_t pos = 0;
    while (pos < lines.size()) {
      const std::size_t end = end_of_line(lines, pos);
      if (end - pos > LogScanner::kMaxLine) ++out.cut_lines;
      ++out.lines;
      pos = end + 1;
    }
  }

  // The prefilter's line is a candidate when some non-fallback pattern matches its normalized
  // text. Exactly then it is explained on its own by a non-fallback entry, or it holds a bare
  // OpenSSL code (which explain_text reads only when the code names an alert): the explainer's
  // own answer decides, so no other automaton over the whole knowledge base is needed.
  // With Hyperscan, the prefilter named the entries whose raw pattern matched in the line: only
  // those are tried (Explainer::log_entry), not the whole knowledge base.
  void take(std::string_view line, const detail::LineSpan& span, std::size_t begin, std::size_t next, Segment& out) {
    const Entry* alone = nullptr;
    if (m_prefilter->knows_entries()) {
      const std::span<const std::uint32_t> named(m_entries.data() + span.entries_begin,
                                                 span.entries_end - span.entries_begin);
      // The prefilter's normalized line is this one's when the line was not cut to kMaxLine.
      if (span.normalized && line.size() == span.end - span.begin) {
        const auto normalized =
            m_prefilter->normalized_text().substr(span.normalized_begin, span.normalized_end - span.normalized_begin);
        alone = m_explainer->log_entry_normalized(normalized, named, m_scratch);
      } else {
        alone = m_explainer->log_entry(line, named, m_scratch);
      }
    } else {
      alone = m_explainer->best_entry(line);
      // A line that only speaks TLS (a fallback reading) is not an event of a log: "[ssl:info]
      // Connection to child established" says nothing failed.
      if (alone != nullptr && alone->weight == Weight::Fallback) alone = nullptr;
    }
    if (alone == nullptr && !has_openssl_code(line)) return;
    Candidate c;
    c.begin = begin;
    c.end = begin + line.size();
    c.next = next;
    c.index = out.lines;
    c.alone = alone;
    c.fields = line_fields(line);
    out.candidates.push_back(std::move(c));
  }

  // "error:0A000418": no separator inside, so the raw line holds it exactly when the normalized
  // one does.
  static bool has_openssl_code(std::string_view line) {
    static const RE2 code("(?i)error:[0-9a-f]{8}");
    return RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), code);
  }

  const Explainer* m_explainer;
  std::unique_ptr<detail::LinePrefilter> m_prefilter;
  std::vector<detail::LineSpan> m_spans;
  std::vector<std::uint32_t> m_entries;
  Explainer::LogEntryScratch m_scratch;
  std::string m_normalized;  // event_entry()'s text, normalized
};

}  // namespace

struct LogScanner::Impl {
  const Explainer* explainer = nullptr;
  LogScanOptions options;
  std::vector<std::unique_ptr<Collector>> collectors;  // [0] on the caller's thread
  std::vector<Segment> segments;
  bool hyperscan_tried = false;
  std::string pending;       // the start of a line not yet ended
  bool pending_cut = false;  // pending reached kMaxLine: drop the rest of that line
  LogSummary summary;
  std::unordered_map<int, CauseAcc> causes;
  std::function<void(const LogEvent&)> sink;

  struct Event {
    bool open = false;
    bool joinable = false;               // later untimed lines may still belong to it
    const Entry* first_entry = nullptr;  // what its first line says on its own
    std::uint64_t first_line = 0;
    std::uint64_t last_line = 0;
    std::uint64_t lines = 0;
    std::string text;  // its lines, joined by '\n' (at most kMaxLine bytes)
    LineFields fields;
    void add(std::uint64_t number, std::string_view line);
  } event;

  void maybe_hyperscan();
  void whole_lines(std::string_view text);  // ended by '\n', or the input's last line
  void replay(std::string_view text, const Segment& segment, std::uint64_t first_number);
  void line(std::uint64_t number, std::string_view text, const Candidate& c);
  void close_event();
};

core::Result<LogScanner> LogScanner::create(const Explainer& explainer, const LogScanOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->explainer = &explainer;
  impl->options = options;
  impl->options.jobs = std::max(1U, options.jobs);
  if (options.prefilter == Prefilter::Re2) {
    impl->hyperscan_tried = true;
  } else if (auto hs = detail::hyperscan_prefilter(explainer.knowledge_base(), options.literal_pass,
                                                   detail::CompileAtRunTime::No)) {
    // The database built in: Hyperscan from the first byte, whatever the input's size.
    impl->hyperscan_tried = true;
    impl->collectors.push_back(std::make_unique<Collector>(explainer, std::move(*hs)));
  } else {
    impl->maybe_hyperscan();
  }
  if (impl->collectors.empty()) {  // small input, or no Hyperscan: RE2 (compiling it costs too)
    auto prefilter = detail::re2_prefilter(explainer.knowledge_base());
    if (!prefilter) return std::unexpected(prefilter.error());
    impl->collectors.push_back(std::make_unique<Collector>(explainer, std::move(*prefilter)));
  }
  return LogScanner(std::move(impl));
}

// Once the input is (or is known to become) big: Hyperscan compiled here when this build has it
// and it accepts every pattern; otherwise RE2 goes on.
void LogScanner::Impl::maybe_hyperscan() {
  if (hyperscan_tried) return;
  if (std::max(summary.bytes, options.expected_bytes) < options.hyperscan_from) return;
  hyperscan_tried = true;
  if (auto hs = detail::hyperscan_prefilter(explainer->knowledge_base(), options.literal_pass)) {
    collectors.clear();
    collectors.push_back(std::make_unique<Collector>(*explainer, std::move(*hs)));
  }
}

LogScanner::LogScanner(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LogScanner::LogScanner(LogScanner&&) noexcept = default;
LogScanner& LogScanner::operator=(LogScanner&&) noexcept = default;
LogScanner::~LogScanner() = default;

std::string_view LogScanner::engine() const noexcept {
  return m_impl->collectors.front()->engine();
}

void LogScanner::on_event(std::function<void(const LogEvent&)> sink) {
  m_impl->sink = std::move(sink);
}

void LogScanner::feed(std::string_view data) {
  Impl& s = *m_impl;
  s.summary.bytes += data.size();
  s.maybe_hyperscan();
  // First complete the line a previous call left open.
  if (!s.pending.empty() || s.pending_cut) {
    const auto nl = data.find('\n');
    const auto piece = data.substr(0, nl);
    if (!s.pending_cut) {
      const auto room = kMaxLine - s.pending.size();
      s.pending.append(piece.substr(0, room));
      if (piece.size() > room) s.pending_cut = true;
    }
    if (nl == std::string_view::npos) return;
    if (s.pending_cut) ++s.summary.cut_lines;
    s.whole_lines(s.pending);
    s.pending.clear();
    s.pending_cut = false;
    data.remove_prefix(nl + 1);
  }
  // Then every whole line; the start of the last one waits for the rest.
  const auto last = data.rfind('\n');
  if (last != std::string_view::npos) {
    s.whole_lines(data.substr(0, last + 1));
    data.remove_prefix(last + 1);
  }
  if (!data.empty()) {
    s.pending.assign(data.substr(0, kMaxLine));
    s.pending_cut = data.size() > kMaxLine;
  }
}

namespace {

// The end of the first line ending at or after `at`: a split point between whole lines.
std::size_t split_after(std::string_view text, std::size_t at) {
  if (at >= text.size()) return text.size();
  const auto nl = text.find('\n', at);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

}  // namespace

// Rounds of at most jobs × kSegment bytes: each job finds and explains the candidates of its
// part (the first part on this thread), then the parts are replayed in order.
void LogScanner::Impl::whole_lines(std::string_view text) {
  if (options.jobs > 1 && text.size() >= 2 * kBlock && collectors.size() < options.jobs) {
    while (collectors.size() < options.jobs) {
      auto copy = collectors.front()->clone();
      if (!copy) break;  // no scratch for another thread: fewer jobs
      collectors.push_back(std::move(copy));
    }
  }
  const std::size_t jobs = text.size() >= 2 * kBlock ? collectors.size() : 1;
  segments.resize(std::max(segments.size(), jobs));
  while (!text.empty()) {
    const std::size_t round = split_after(text, jobs * kSegment - 1);
    const auto chunk = text.substr(0, round);
    std::vector<std::string_view> parts;
    std::size_t from = 0;
    for (std::size_t k = 0; k < jobs && from < chunk.size(); ++k) {
      const std::size_t to =
          k + 1 == jobs ? chunk.size() : split_after(chunk, from + (chunk.size() - from) / (jobs - k));
      parts.push_back(chunk.substr(from, to - from));
      from = to;
    }
    {
      std::vector<std::jthread> workers;
      for (std::size_t k = 1; k < parts.size(); ++k) {
        workers.emplace_back([this, k, &parts] { collectors[k]->collect(parts[k], segments[k]); });
      }
      collectors[0]->collect(parts[0], segments[0]);
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::uint64_t first_number = summary.lines + 1;
      summary.lines += segments[k].lines;
      summary.cut_lines += segments[k].cut_lines;
      replay(parts[k], segments[k], first_number);
    }
    text.remove_prefix(round);
  }
}

// Phase B, in input order: candidate lines are explained; while an event is open, the lines
// after it that carry no time (stack frames, curl -v's trace) belong to it until a blank or
// timed line.
void LogScanner::Impl::replay(std::string_view text, const Segment& segment, std::uint64_t first_number) {
  std::size_t pos = 0;
  std::uint64_t index = 0;
  const auto walk_until = [&](std::size_t stop) {
    while (pos < stop && event.open && event.joinable) {
      const std::size_t end = end_of_line(text, pos);
      const auto original = text.substr(pos, std::min(end - pos, kMaxLine));
      if (original.empty() || looks_timed(original) || event.lines >= kMaxEventLines) {
        event.joinable = false;
      } else {
        event.add(first_number + index, original);
      }
      pos = end + 1;
      ++index;
    }
  };
  for (const auto& c : segment.candidates) {
    walk_until(c.begin);
    line(first_number + c.index, text.substr(c.begin, c.end - c.begin), c);
    pos = c.next;
    index = c.index + 1;
  }
  walk_until(text.size());
}

void LogScanner::Impl::Event::add(std::uint64_t number, std::string_view line) {
  last_line = number;
  ++lines;
  if (text.size() < kMaxLine) text.append("\n").append(line.substr(0, kMaxLine - text.size()));
}

// A candidate line continues the open event when nothing timed or blank came between and it has
// no time of its own (curl -v, a stack trace, a message wrapped over lines), unless it repeats
// the event's own first message without being a frame or chained cause: that is a new
// occurrence. Lines with their own time (nginx, Apache, syslog) are events each.
void LogScanner::Impl::line(std::uint64_t number, std::string_view text, const Candidate& c) {
  const Entry* alone = c.alone;
  const bool repeated =
      alone != nullptr && alone == event.first_entry && alone->weight == Weight::Strong && !continuation(text);
  if (event.open && event.joinable && !repeated && !looks_timed(text) && event.lines < kMaxEventLines) {
    event.add(number, text);
    if (event.fields.client.empty()) event.fields.client = c.fields.client;
    if (event.fields.subject.empty()) event.fields.subject = c.fields.subject;
    return;
  }
  close_event();
  event.open = true;
  event.joinable = true;
  event.first_line = event.last_line = number;
  event.lines = 1;
  event.first_entry = alone;
  event.text.assign(text);
  event.fields = c.fields;
}

void LogScanner::Impl::close_event() {
  if (!event.open) return;
  event.open = false;
  // One line: the fast path; several: ranked together, as `explain` ranks a pasted text.
  const Entry* found = nullptr;
  if (event.lines == 1) {
    found = event.first_entry;
    if (found != nullptr && found->weight == Weight::Fallback) found = nullptr;
  } else {
    found = collectors.front()->event_entry(event.text);  // phase A is over: its collector is free
  }
  if (found == nullptr) return;
  ++summary.events;
  summary.matched_lines += event.lines;
  const Entry& best = *found;
  const core::FindingId cause = best.causes.front();
  CauseAcc& acc = causes[static_cast<int>(cause)];
  if (acc.tally.events == 0) {
    acc.tally.cause = cause;
    acc.tally.first = LogPlace{event.first_line, event.fields.time};
    acc.tally.example = event.text.substr(0, kExampleBytes);
  }
  ++acc.tally.events;
  acc.tally.lines += event.lines;
  acc.tally.last = LogPlace{event.first_line, event.fields.time};
  auto& use = acc.entry_use[best.id];
  ++use.first;
  use.second = &best;
  acc.entries.add(best.id);
  acc.clients.add(event.fields.client);
  acc.subjects.add(event.fields.subject);
  if (sink) {
    sink(LogEvent{cause, &best, LogPlace{event.first_line, event.fields.time}, event.lines, event.fields.client,
                  event.fields.subject, event.text.substr(0, kExampleBytes)});
  }
}

void LogScanner::flush() {
  m_impl->close_event();
}

LogSummary LogScanner::finish() {
  Impl& s = *m_impl;
  if (!s.pending.empty()) {
    if (s.pending_cut) ++s.summary.cut_lines;
    s.whole_lines(s.pending);
    s.pending.clear();
    s.pending_cut = false;
  }
  s.close_event();
  LogSummary out = s.summary;
  out.engine = std::string(engine());
  for (auto& [id, acc] : s.causes) {
    CauseTally t = acc.tally;
    t.entries = acc.entries.sorted();
    t.clients = acc.clients.sorted();
    t.subjects = acc.subjects.sorted();
    if (!t.entries.empty()) {
      t.top_entry = acc.entry_use.at(t.entries.front().value).second;
      t.rejected_by = t.top_entry->rejected_by;
    }
    out.causes.push_back(std::move(t));
  }
  std::sort(out.causes.begin(), out.causes.end(), [](const CauseTally& a, const CauseTally& b) {
    if (core::is_success(a.cause) != core::is_success(b.cause)) return !core::is_success(a.cause);
    if (a.events != b.events) return a.events > b.events;
    return a.first.line < b.first.line;
  });
  s.summary = LogSummary{};
  s.causes.clear();
  s.event = Impl::Event{};
  return out;
}

}  // namespace mtlsdoctor::explain
