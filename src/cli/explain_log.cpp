// mtls-doctor explain --log FILE: a whole log tallied per cause (see explain/log_scan.h).
#include "explain_log.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "mtlsdoctor/explain/log_scan.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::cli {
namespace {

constexpr std::size_t kReadBlock = 1 << 20;

struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f != nullptr && f != stdin) std::fclose(f);
  }
};

core::Result<explain::LogSummary> scan(const std::string& path, explain::LogScanner& scanner) {
  const std::string name = path == "-" ? "stdin" : path;
  std::unique_ptr<std::FILE, FileCloser> file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"));
  if (!file) return core::fail(core::ErrorCategory::Io, fmt::format("cannot open: {}", std::strerror(errno)), name);
  const std::unique_ptr<char[]> buf(new char[kReadBlock]);  // not zeroed: fread fills it
  std::size_t n = 0;
  while ((n = std::fread(buf.get(), 1, kReadBlock, file.get())) > 0) scanner.feed(std::string_view(buf.get(), n));
  if (std::ferror(file.get())) return core::fail(core::ErrorCategory::Io, fmt::format("cannot read: {}", std::strerror(errno)), name);
  return scanner.finish();
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
  return p.time.empty() ? fmt::format("line {}", grouped(p.line)) : fmt::format("{} (line {})", p.time, grouped(p.line));
}

std::string top_values(const std::vector<explain::Tally>& tallies, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < tallies.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += fmt::format("{} ×{}", tallies[i].value, grouped(tallies[i].count));
  }
  if (tallies.size() > limit) out += fmt::format(" (+{} more)", tallies.size() - limit);
  return out.empty() ? "-" : out;
}

nlohmann::ordered_json log_json(const std::string& path, const explain::LogSummary& s) {
  nlohmann::ordered_json j;
  j["file"] = path == "-" ? "stdin" : path;
  j["bytes"] = s.bytes;
  j["lines"] = s.lines;
  j["explained_events"] = s.events;
  j["explained_lines"] = s.matched_lines;
  j["cut_lines"] = s.cut_lines;
  j["prefilter"] = s.engine;
  return j;
}

std::string summary_text(const std::string& path, const explain::LogSummary& s, const core::Report& report,
                         double seconds, const render::Style& style) {
  using render::Color;
  std::string out = fmt::format("{}  {}: {} lines ({:.1f} MiB) in {:.2f} s; {} events explained ({} lines), {} cause{}\n\n",
                                style.paint("LOG", Color::Bold), path == "-" ? "stdin" : path, grouped(s.lines),
                                static_cast<double>(s.bytes) / (1 << 20), seconds, grouped(s.events), grouped(s.matched_lines),
                                s.causes.size(), s.causes.size() == 1 ? "" : "s");
  render::Table table;
  table.add_row({"EVENTS", "CAUSE", "REJECTED BY", "FIRST SEEN", "LAST SEEN", "CLIENTS"},
                {Color::Dim, Color::Dim, Color::Dim, Color::Dim, Color::Dim, Color::Dim});
  for (std::size_t i = 0; i < s.causes.size(); ++i) {
    const auto& t = s.causes[i];
    const auto& f = report.findings[i];
    table.add_row({grouped(t.events), std::string(core::slug(t.cause)), std::string(core::to_string(f.rejected_by.value_or(core::Side::None))),
                   place_text(t.first), place_text(t.last), top_values(t.clients, 3)},
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
                     style.paint(core::slug(top.cause), Color::Bold), report.verdict.summary);
  std::string example = top.example;
  for (std::size_t at = 0; (at = example.find('\n', at)) != std::string::npos;) example.replace(at, 1, " | ");
  out += style.paint(fmt::format("  e.g. line {}: {}", grouped(top.first.line), example), Color::Dim) + "\n";
  for (const auto& c : first.confirm) {
    out += fmt::format("  {} {}\n", style.paint("confirm:", Color::Cyan), c);
  }
  for (const auto& fix : first.fixes) out += fmt::format("  {} {}\n", style.paint("fix:", Color::Cyan), fix);
  if (s.cut_lines) out += fmt::format("\n{} line(s) longer than 64 KiB were read up to that length.\n", grouped(s.cut_lines));
  return out;
}

}  // namespace

Exit run_explain_log(const AppContext& ctx, const std::string& path) {
  auto explainer = explain::Explainer::builtin();
  if (!explainer) return cannot_run(ctx.output, explainer.error());
  explain::LogScanOptions options;
  std::error_code ec;
  if (path != "-" && std::filesystem::is_regular_file(path, ec)) options.expected_bytes = std::filesystem::file_size(path, ec);
  auto scanner = explain::LogScanner::create(*explainer, options);
  if (!scanner) return cannot_run(ctx.output, scanner.error());
  const auto start = std::chrono::steady_clock::now();
  auto summary = scan(path, *scanner);
  if (!summary) return cannot_run(ctx.output, summary.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool json = ctx.output.parsed() == Format::Json;
  if (summary->top() == nullptr) {
    const std::string text = fmt::format(
        "No line of {} ({} lines) matches the knowledge base; no cause is guessed. Reproduce the failure with "
        "`mtls-doctor diagnose HOST:PORT --cert client.pem --key client.key` to see what each side sent.",
        path == "-" ? "stdin" : path, grouped(summary->lines));
    if (json) {
      nlohmann::ordered_json j;
      j["explained"] = false;
      j["verdict"] = nullptr;
      j["summary"] = text;
      j["findings"] = nlohmann::ordered_json::array();
      j["log"] = log_json(path, *summary);
      print_json(j);
    } else {
      print_text(fmt::format("UNKNOWN  {}\n", text));
    }
    return Exit::Problem;
  }
  const auto report = explain::log_report(*summary, *explainer);
  if (json) {
    auto j = render::report_json(report);
    j["explained"] = true;
    j["log"] = log_json(path, *summary);
    print_json(j);
  } else {
    print_text(summary_text(path, *summary, report, seconds, ctx.output.style()));
  }
  return Exit::Ok;
}

}  // namespace mtlsdoctor::cli
