#include "mtlsdoctor/explain/log_scan.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <unordered_map>

#include "line_prefilter.h"

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kExampleBytes = 300;

RE2::Options field_options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  return o;
}

// The first capture of the first regex that matches.
std::string first_capture(std::string_view line, std::span<const std::unique_ptr<RE2>> regexes) {
  std::string out;
  for (const auto& re : regexes) {
    if (RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), *re, &out)) return out;
  }
  return {};
}

std::vector<std::unique_ptr<RE2>> compile_all(std::initializer_list<const char*> patterns) {
  std::vector<std::unique_ptr<RE2>> out;
  for (const char* p : patterns) out.push_back(std::make_unique<RE2>(p, field_options()));
  return out;
}

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

}  // namespace

LineFields line_fields(std::string_view line) {
  static const auto times = compile_all({
      // syslog, first: the time the line was logged (Nov 25 08:01:02 host prog[pid]: ...)
      R"(^(\w{3} +\d{1,2} \d{2}:\d{2}:\d{2}))",
      // nginx, Go's log, ISO 8601 / RFC 3339, Java (comma before the milliseconds)
      R"((\d{4}[/-]\d{2}[/-]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?))",
      // Apache: [Wed Nov 25 08:01:02.123456 2026]
      R"(\[(\w{3} \w{3} +\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d+)? \d{4})\])",
      // HAProxy and the common log format: [25/Nov/2026:08:01:02.123] or with a zone
      R"(\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [+-]\d{4})?)\])",
  });
  static const auto clients = compile_all({
      R"(\bclient: ([0-9a-f.:]*[0-9a-f]))",             // nginx
      R"(\[client ([0-9a-f.:]+?)(?::\d+)?\])",          // Apache
      R"(haproxy\[\d+\]: ([0-9a-f.:]*[0-9a-f]):\d+ )",  // HAProxy
      R"(\bfrom \[?([0-9a-f.:]*[0-9a-f])\]?:\d+)",      // Go, stunnel
      R"(\b(?:remote[ _]?addr(?:ess)?|client[ _]?(?:ip|addr(?:ess)?)|peer)[=: "]+([0-9a-f.:]*[0-9a-f])\b)",
  });
  static const auto subjects = compile_all({
      R"(\b(?:subject|s_dn|ssl_client_s_dn)\s*[:=]\s*"?([^"\[\];]*?=[^"\[\];]*?)\s*(?:"|\]|;| / |, issuer|$))",
  });
  LineFields f;
  f.time = first_capture(line.substr(0, std::min<std::size_t>(line.size(), 96)), times);
  f.client = first_capture(line, clients);
  f.subject = first_capture(line, subjects);
  // An address must hold a digit: "client: localhost" names no address.
  if (f.client.find_first_of("0123456789") == std::string::npos) f.client.clear();
  return f;
}

struct LogScanner::Impl {
  const Explainer* explainer = nullptr;
  LogScanOptions options;
  std::unique_ptr<detail::LinePrefilter> prefilter;
  bool hyperscan_tried = false;
  std::string pending;       // the start of a line not yet ended
  bool pending_cut = false;  // pending reached kMaxLine: drop the rest of that line
  std::string norm;          // one block's lines, normalized, each ended by '\n'
  std::vector<std::size_t> norm_starts;
  std::vector<std::size_t> orig_starts;
  std::vector<std::size_t> orig_ends;
  std::vector<std::size_t> hits;
  LogSummary summary;
  std::unordered_map<int, CauseAcc> causes;

  void maybe_hyperscan();
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

  void block(std::string_view text);  // complete lines; the last may lack its '\n'
  void line(std::uint64_t number, std::string_view text);
  void close_event();
};

core::Result<LogScanner> LogScanner::create(const Explainer& explainer, const LogScanOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->explainer = &explainer;
  impl->options = options;
  auto prefilter = detail::re2_prefilter(explainer.knowledge_base());
  if (!prefilter) return std::unexpected(prefilter.error());
  impl->prefilter = std::move(*prefilter);
  impl->maybe_hyperscan();
  return LogScanner(std::move(impl));
}

// Once the input is (or is known to become) big: Hyperscan when this build has it and it
// accepts every pattern; otherwise RE2 goes on.
void LogScanner::Impl::maybe_hyperscan() {
  if (hyperscan_tried) return;
  if (std::max(summary.bytes, options.expected_bytes) < options.hyperscan_from) return;
  hyperscan_tried = true;
  if (auto hs = detail::hyperscan_prefilter(explainer->knowledge_base())) prefilter = std::move(*hs);
}

LogScanner::LogScanner(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LogScanner::LogScanner(LogScanner&&) noexcept = default;
LogScanner& LogScanner::operator=(LogScanner&&) noexcept = default;
LogScanner::~LogScanner() = default;

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
    s.block(s.pending);
    s.pending.clear();
    s.pending_cut = false;
    data.remove_prefix(nl + 1);
  }
  // Then whole lines, about kBlock bytes at a time.
  while (!data.empty()) {
    auto end = data.substr(0, kBlock).rfind('\n');
    if (end == std::string_view::npos) {
      if (data.size() <= kBlock) break;  // a partial line: wait for the rest
      end = data.find('\n', kBlock);     // one line longer than a block (block() cuts it)
      if (end == std::string_view::npos) break;
    }
    s.block(data.substr(0, end + 1));
    data.remove_prefix(end + 1);
  }
  if (!data.empty()) {
    s.pending.assign(data.substr(0, kMaxLine));
    s.pending_cut = data.size() > kMaxLine;
  }
}

void LogScanner::Impl::block(std::string_view text) {
  norm.resize(text.size() + 1);  // normalizing never lengthens a line; +1 for a missing '\n'
  norm_starts.clear();
  orig_starts.clear();
  orig_ends.clear();
  std::size_t out = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::size_t end = nl;
    if (end - pos > kMaxLine) {
      end = pos + kMaxLine;
      ++summary.cut_lines;
    }
    norm_starts.push_back(out);
    orig_starts.push_back(pos);
    orig_ends.push_back(end);
    out += normalize_to(text.substr(pos, end - pos), norm.data() + out);
    norm[out++] = '\n';
    pos = nl + 1;
  }
  norm.resize(out);
  const std::uint64_t first_number = summary.lines + 1;
  summary.lines += norm_starts.size();
  hits.clear();
  prefilter->candidates(norm, norm_starts, hits);
  // Candidate lines are explained; while an event is open, the lines after it that carry no
  // time (stack frames, curl -v's trace) belong to it until a blank or timed line.
  std::size_t h = 0;
  std::size_t i = 0;
  const std::size_t n = norm_starts.size();
  while (i < n) {
    const auto original = text.substr(orig_starts[i], orig_ends[i] - orig_starts[i]);
    if (h < hits.size() && hits[h] == i) {
      line(first_number + i, original);
      ++h;
    } else if (event.open && event.joinable) {
      if (original.empty() || looks_timed(original) || event.lines >= kMaxEventLines) {
        event.joinable = false;
      } else {
        event.add(first_number + i, original);
      }
    } else if (h < hits.size()) {
      i = hits[h];
      continue;
    } else {
      break;
    }
    ++i;
  }
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
void LogScanner::Impl::line(std::uint64_t number, std::string_view text) {
  const Entry* alone = explainer->best_entry(text);
  // A line that only speaks TLS (a fallback reading) is not an event of a log: "[ssl:info]
  // Connection to child established" says nothing failed.
  if (alone != nullptr && alone->weight == Weight::Fallback) alone = nullptr;
  const bool repeated =
      alone != nullptr && alone == event.first_entry && alone->weight == Weight::Strong && !continuation(text);
  if (event.open && event.joinable && !repeated && !looks_timed(text) && event.lines < kMaxEventLines) {
    event.add(number, text);
    LineFields fields = line_fields(text);
    if (event.fields.client.empty()) event.fields.client = std::move(fields.client);
    if (event.fields.subject.empty()) event.fields.subject = std::move(fields.subject);
    return;
  }
  close_event();
  event.open = true;
  event.joinable = true;
  event.first_line = event.last_line = number;
  event.lines = 1;
  event.first_entry = alone;
  event.text.assign(text);
  event.fields = line_fields(text);
}

void LogScanner::Impl::close_event() {
  if (!event.open) return;
  event.open = false;
  // One line: the fast path; several: ranked together, as `explain` ranks a pasted text.
  const Entry* found = nullptr;
  if (event.lines == 1) {
    found = event.first_entry;
  } else if (const auto e = explainer->explain_text(event.text); e.explained()) {
    found = e.matches.front().entry;
  }
  if (found != nullptr && found->weight == Weight::Fallback) found = nullptr;
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
}

LogSummary LogScanner::finish() {
  Impl& s = *m_impl;
  if (!s.pending.empty()) {
    if (s.pending_cut) ++s.summary.cut_lines;
    s.block(s.pending);
    s.pending.clear();
    s.pending_cut = false;
  }
  s.close_event();
  LogSummary out = s.summary;
  out.engine = std::string(s.prefilter->engine());
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
  return out;
}

}  // namespace mtlsdoctor::explain
