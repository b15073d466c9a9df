// explain --log: a whole log tallied per cause (see explain/log_scan.h).
#include <fmt/format.h>

#include "mtlsdoctor/render/explain.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {
namespace {

std::string display_name(const std::string& path) {
  return path == "-" ? "stdin" : path;
}

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string place_text(const explain::LogPlace& p) {
  return p.time.empty() ? fmt::format("line {}", grouped(p.line))
                        : fmt::format("{} (line {})", printable(p.time), grouped(p.line));
}

std::string top_values(const std::vector<explain::Tally>& tallies, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < tallies.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += fmt::format("{} ×{}", printable(tallies[i].value), grouped(tallies[i].count));
  }
  if (tallies.size() > limit) out += fmt::format(" (+{} more)", tallies.size() - limit);
  return out.empty() ? "-" : out;
}

nlohmann::ordered_json log_meta(const std::string& path, const explain::LogSummary& s) {
  nlohmann::ordered_json j;
  j["file"] = display_name(path);
  j["bytes"] = s.bytes;
  j["lines"] = s.lines;
  j["explained_events"] = s.events;
  j["explained_lines"] = s.matched_lines;
  j["cut_lines"] = s.cut_lines;
  j["prefilter"] = s.engine;
  return j;
}

std::string unexplained_summary(const std::string& path, const explain::LogSummary& s) {
  return fmt::format(
      "No line of {} ({} lines) matches the knowledge base; no cause is guessed. Reproduce the failure with "
      "`mtls-doctor diagnose HOST:PORT --cert client.pem --key client.key` to see what each side sent.",
      display_name(path), grouped(s.lines));
}

// A log's bytes on a terminal: control characters (ESC above all) escaped, so a hostile line
// cannot rewrite the screen.
std::string visible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02X}", u);
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string log_event_text(const explain::LogEvent& e, const Style& style) {
  const bool failed = !core::is_success(e.cause);
  return fmt::format("{}  line {}{}  {}  {}{}\n",
                     style.paint(failed ? "EVENT" : "OK   ", failed ? Color::Red : Color::Green), grouped(e.first.line),
                     e.first.time.empty() ? "" : " (" + visible(e.first.time) + ")",
                     style.paint(core::slug(e.cause), Color::Bold), e.entry != nullptr ? e.entry->id : "",
                     e.client.empty() ? "" : "  client " + visible(e.client));
}

nlohmann::ordered_json log_event_json(const explain::LogEvent& e) {
  nlohmann::ordered_json j;
  j["cause"] = core::slug(e.cause);
  j["entry"] = e.entry != nullptr ? nlohmann::ordered_json(e.entry->id) : nlohmann::ordered_json(nullptr);
  j["line"] = e.first.line;
  j["lines"] = e.lines;
  j["time"] = e.first.time.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.first.time);
  j["client"] = e.client.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.client);
  j["subject"] = e.subject.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.subject);
  j["text"] = e.text;
  return j;
}

nlohmann::ordered_json log_json(const std::string& path, const explain::LogSummary& s, const core::Report& report) {
  auto j = report_json(report);
  j["explained"] = true;
  j["log"] = log_meta(path, s);
  return j;
}

nlohmann::ordered_json log_unexplained_json(const std::string& path, const explain::LogSummary& s) {
  nlohmann::ordered_json j;
  j["explained"] = false;
  j["verdict"] = nullptr;
  j["summary"] = unexplained_summary(path, s);
  j["findings"] = nlohmann::ordered_json::array();
  j["log"] = log_meta(path, s);
  return j;
}

std::string log_unexplained_text(const std::string& path, const explain::LogSummary& s) {
  return fmt::format("UNKNOWN  {}\n", unexplained_summary(path, s));
}

std::string log_text(const std::string& path, const explain::LogSummary& s, const core::Report& report, double seconds,
                     const Style& style) {
  std::string out = fmt::format(
      "{}  {}: {} lines ({:.1f} MiB) in {:.2f} s; {} events explained ({} lines), {} cause{}\n\n",
      style.paint("LOG", Color::Bold), display_name(path), grouped(s.lines), static_cast<double>(s.bytes) / (1 << 20),
      seconds, grouped(s.events), grouped(s.matched_lines), s.causes.size(), s.causes.size() == 1 ? "" : "s");
  Table table;
  table.add_row({"EVENTS", "CAUSE", "REJECTED BY", "FIRST SEEN", "LAST SEEN", "CLIENTS"},
                {Color::Dim, Color::Dim, Color::Dim, Color::Dim, Color::Dim, Color::Dim});
  for (std::size_t i = 0; i < s.causes.size(); ++i) {
    const auto& t = s.causes[i];
    const auto& f = report.findings[i];
    table.add_row({grouped(t.events), std::string(core::slug(t.cause)),
                   std::string(core::to_string(f.rejected_by.value_or(core::Side::None))), place_text(t.first),
                   place_text(t.last), top_values(t.clients, 3)},
                  {Color::None, i == 0 ? Color::Bold : Color::None});
  }
  out += table.render(style, "  ");
  bool any_subject = false;
  for (const auto& t : s.causes) any_subject = any_subject || !t.subjects.empty();
  if (any_subject) {
    out += "\nCertificate subjects named:\n";
    for (const auto& t : s.causes) {
      if (!t.subjects.empty()) out += fmt::format("  {}: {}\n", core::slug(t.cause), top_values(t.subjects, 3));
    }
  }
  const auto& top = s.causes.front();
  const auto& first = report.findings.front();
  const bool failed = report.verdict.outcome == core::Outcome::Failed;
  out += fmt::format("\n{} {}: {}\n", style.paint(failed ? "First:" : "No failure seen:", Color::Bold),
                     style.paint(core::slug(top.cause), Color::Bold), printable(report.verdict.summary));
  std::string example = top.example;
  for (std::size_t at = 0; (at = example.find('\n', at)) != std::string::npos;) example.replace(at, 1, " | ");
  out += style.paint(fmt::format("  e.g. line {}: {}", grouped(top.first.line), printable(example)), Color::Dim) + "\n";
  for (const auto& c : first.confirm) {
    out += fmt::format("  {} {}\n", style.paint("confirm:", Color::Cyan), c);
  }
  for (const auto& fix : first.fixes) out += fmt::format("  {} {}\n", style.paint("fix:", Color::Cyan), fix);
  if (s.cut_lines)
    out += fmt::format("\n{} line(s) longer than 64 KiB were read up to that length.\n", grouped(s.cut_lines));
  return out;
}

}  // namespace mtlsdoctor::render
