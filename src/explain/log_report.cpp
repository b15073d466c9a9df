// A log's tallies in the verdict contract (DIAGNOSES.md): what explain --log prints as JSON
// and, through the CLI's table, as text.
#include <fmt/format.h>

#include <cmath>

#include "mtlsdoctor/explain/log_scan.h"
#include "report_parts.h"

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kTopValues = 10;

nlohmann::ordered_json place_json(const LogPlace& p) {
  nlohmann::ordered_json j;
  j["line"] = p.line;
  j["time"] = p.time.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.time);
  return j;
}

nlohmann::ordered_json tallies_json(const std::vector<Tally>& tallies, const char* key) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < tallies.size() && i < kTopValues; ++i) {
    nlohmann::ordered_json j;
    j[key] = tallies[i].value;
    j["lines"] = tallies[i].count;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

core::Report log_report(const LogSummary& summary, const Explainer& explainer) {
  core::Report report;
  const CauseTally& top = *summary.top();
  const Entry* entry = top.top_entry;
  const bool success = core::is_success(top.cause);
  report.verdict.outcome = success ? core::Outcome::Ok : core::Outcome::Failed;
  report.verdict.rejected_by = success ? core::Side::None : top.rejected_by;
  report.verdict.cause = top.cause;
  report.verdict.confidence = entry ? entry->effective_confidence() : core::Confidence::Possible;
  // The entry's own words only when every line of the cause came through that entry.
  const bool one_entry = entry != nullptr && top.entries.size() == 1;
  report.verdict.summary =
      fmt::format("{} of the {} explained events point to {} (first at line {}, last at line {}): {}.", top.events,
                  summary.events, core::slug(top.cause), top.first.line, top.last.line,
                  one_entry ? entry->summary : std::string(core::title(top.cause)));
  if (one_entry && report.verdict.summary.ends_with("..")) report.verdict.summary.pop_back();

  for (std::size_t rank = 0; rank < summary.causes.size(); ++rank) {
    const CauseTally& t = summary.causes[rank];
    const double share =
        summary.events ? 100.0 * static_cast<double>(t.events) / static_cast<double>(summary.events) : 0;
    auto f = core::Finding::make(
        t.cause, detail::subject_of(t.cause),
        fmt::format("{} event{} ({:.0f}%): {}.", t.events, t.events == 1 ? "" : "s", share, core::title(t.cause)));
    if (rank > 0 && f.severity == core::Severity::Error) f.severity = core::Severity::Warning;
    f.evidence["events"] = t.events;
    f.evidence["lines"] = t.lines;
    f.evidence["share_percent"] = std::round(share * 10) / 10;
    f.rejected_by = core::is_success(t.cause) ? core::Side::None : t.rejected_by;
    f.evidence["rejected_by"] = core::to_string(*f.rejected_by);
    f.evidence["first_seen"] = place_json(t.first);
    f.evidence["last_seen"] = place_json(t.last);
    f.evidence["entries"] = tallies_json(t.entries, "entry");
    f.evidence["clients"] = tallies_json(t.clients, "address");
    f.evidence["subjects"] = tallies_json(t.subjects, "subject");
    f.evidence["example"] = t.example;
    std::vector<std::string> confirm;
    std::vector<std::string> fixes;
    if (t.top_entry) {
      confirm = t.top_entry->confirm;
      fixes = t.top_entry->fixes;
    }
    if (const auto* g = explainer.knowledge_base().guide(t.cause)) {
      detail::append_unique(confirm, g->confirm);
      detail::append_unique(fixes, g->fixes);
    }
    f.evidence["confirm"] = confirm;
    f.confirm = std::move(confirm);
    f.fixes = std::move(fixes);
    report.findings.push_back(std::move(f));
  }
  return report;
}

}  // namespace mtlsdoctor::explain
