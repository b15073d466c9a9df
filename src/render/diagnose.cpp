#include "mtlsdoctor/render/diagnose.h"

#include <fmt/format.h>

#include <algorithm>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/render/cli_hint.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {

nlohmann::ordered_json diagnose_json(const core::Report& report, const probe::Transcript* transcript) {
  auto j = report_json(report);
  j["handshake"] = transcript ? diagnose::transcript_json(*transcript) : nlohmann::ordered_json(nullptr);
  return j;
}

std::string diagnose_text(const core::Report& report, const probe::Transcript* transcript, const Style& style) {
  std::string text = report_text(report, style);
  if (!transcript) return text;
  text += "\nHandshake";
  if (!transcript->proxy.empty()) {  // the address connected to is the proxy's
    text += fmt::format(" with {} through the proxy {}", transcript->target, transcript->address);
  } else if (!transcript->address.empty()) {
    text += fmt::format(" with {}", transcript->address);
  }
  text += "\n";
  Table table;
  for (const auto& e : transcript->events) {
    table.add_row(
        {fmt::format("{:7.1f} ms", e.at_ms), e.direction == probe::Direction::Sent ? "→" : "←", printable(e.what)},
        {Color::Dim, Color::None, e.what.starts_with("alert") ? Color::Red : Color::None});
  }
  if (!transcript->acceptable_ca_names.empty()) {
    table.add_row(
        {"", "", printable(fmt::format("acceptable CA names: {}", fmt::join(transcript->acceptable_ca_names, "; ")))},
        {Color::None, Color::None, Color::Dim});
  }
  return text + table.render(style, "  ");
}

nlohmann::ordered_json target_json(const probe::Target& target, const core::Report& report,
                                   const core::Result<probe::Transcript>& transcript) {
  auto j = report_json(report);
  j["target"] = target.display();
  j["handshake"] = transcript ? diagnose::transcript_json(*transcript) : nlohmann::ordered_json(nullptr);
  return j;
}

std::string targets_text(const std::vector<probe::Target>& targets, const std::vector<diagnose::TargetResult>& results,
                         const Style& style) {
  Table table;
  table.add_row({"target", "verdict", "rejected by", "confidence", "ms"},
                {Color::Bold, Color::Bold, Color::Bold, Color::Bold, Color::Bold});
  for (std::size_t i = 0; i < targets.size() && i < results.size(); ++i) {
    const auto& verdict = results[i].report->verdict;
    const bool ok = core::is_success(verdict.cause);
    const double ms = results[i].transcript ? results[i].transcript->total_ms : 0.0;
    table.add_row({targets[i].display(), std::string(slug(verdict.cause)), std::string(to_string(verdict.rejected_by)),
                   std::string(to_string(verdict.confidence)), fmt::format("{:.0f}", ms)},
                  {Color::None, ok ? Color::Green : Color::Red});
  }
  return table.render(style);
}

namespace {

// The verdict contract for a ranking: the live verdict of the identity the server accepted, else
// of the best one tried; with nothing to try, the identities themselves are the problem.
core::Report ranking_report(const diagnose::IdentityRanking& ranking) {
  const diagnose::RankedIdentity* chosen = nullptr;
  for (const auto& r : ranking.ranked) {
    if (!r.live) continue;
    if (!chosen || r.live->verdict.outcome == core::Outcome::Ok) chosen = &r;
    if (r.live->verdict.outcome == core::Outcome::Ok) break;
  }
  if (chosen) return *chosen->live;
  core::Report report;
  report.verdict = {core::Outcome::Failed, core::Side::Local, core::FindingId::ClientIdentityUnreadable,
                    "No certificate with its private key was found in the paths given", core::Confidence::Certain};
  for (const auto& bad : ranking.unreadable) {
    auto f = core::Finding::make(core::FindingId::ClientIdentityUnreadable, core::Subject::Input, bad.error.describe());
    f.evidence["file"] = bad.path;
    report.findings.push_back(std::move(f));
  }
  return report;
}

}  // namespace

nlohmann::ordered_json identities_json(const probe::Target& target, const diagnose::IdentityRanking& ranking) {
  nlohmann::ordered_json j = report_json(ranking_report(ranking));
  j["target"] = target.display();
  j["certificate_requested"] = ranking.first.certificate_requested;
  j["acceptable_ca_names"] = ranking.first.acceptable_ca_names;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < ranking.ranked.size(); ++i) {
    const auto& r = ranking.ranked[i];
    const auto& f = r.identity.leaf.facts();
    nlohmann::ordered_json e;
    e["rank"] = i + 1;
    e["subject"] = f.subject.rfc4514;
    e["issuer"] = f.issuer.rfc4514;
    e["not_after"] = core::format_rfc3339(f.not_after);
    e["file"] = r.identity.cert_file;
    e["files"] = r.files;
    nlohmann::ordered_json faults = nlohmann::ordered_json::array();
    for (const auto& fault : r.faults) faults.push_back(finding_json(fault));
    e["faults"] = std::move(faults);
    e["live"] = r.live ? verdict_json(r.live->verdict) : nlohmann::ordered_json(nullptr);
    list.push_back(std::move(e));
  }
  j["identities"] = std::move(list);
  nlohmann::ordered_json unreadable = nlohmann::ordered_json::array();
  for (const auto& bad : ranking.unreadable)
    unreadable.push_back({{"file", bad.path}, {"error", cli_text(bad.error.describe())}});
  j["unreadable"] = std::move(unreadable);
  return j;
}

std::string identities_text(const probe::Target& target, const diagnose::IdentityRanking& ranking, const Style& style) {
  const auto& first = ranking.first;
  std::string out =
      fmt::format("{} asks for a client certificate issued under: {}\n\n", target.display(),
                  first.acceptable_ca_names.empty() ? std::string("(no CA names sent)")
                                                    : fmt::format("{}", fmt::join(first.acceptable_ca_names, "; ")));
  if (!first.certificate_requested)
    out = fmt::format("{} does not ask for a client certificate at all.\n\n", target.display());
  Table table;
  table.add_row({"#", "certificate", "file", "offline", "live"},
                {Color::Bold, Color::Bold, Color::Bold, Color::Bold, Color::Bold});
  for (std::size_t i = 0; i < ranking.ranked.size(); ++i) {
    const auto& r = ranking.ranked[i];
    std::vector<std::string> ids;
    for (const auto& fault : r.faults) ids.emplace_back(slug(fault.id));
    const std::string offline = ids.empty() ? "fits" : fmt::format("{}", fmt::join(ids, ", "));
    const std::string live = r.live ? std::string(slug(r.live->verdict.cause)) : "-";
    table.add_row({std::to_string(i + 1), r.identity.leaf.facts().subject.rfc4514,
                   printable(fmt::format("{}", fmt::join(r.files, " + "))), offline, live},
                  {Color::None, Color::None, Color::Dim, ids.empty() ? Color::Green : Color::Yellow,
                   live == "ok" ? Color::Green : Color::None});
  }
  out += table.render(style);
  if (ranking.ranked.empty()) out += "No certificate with its private key was found in the paths given.\n";
  if (std::any_of(ranking.ranked.begin(), ranking.ranked.end(),
                  [](const diagnose::RankedIdentity& r) { return r.files.size() > 1; }))
    out +=
        "A certificate is judged with the chain found beside it (\"a + b\": its chain is in b; a client sending a "
        "alone sends less).\n";
  for (const auto& bad : ranking.unreadable)
    out += fmt::format("{} {}\n", style.paint("not read:", Color::Yellow), printable(cli_text(bad.error.describe())));
  return out;
}

std::string progress_bar(std::size_t done, std::size_t total) {
  const int width = 30;
  const int filled = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
  std::string out = fmt::format("\r[{:=<{}}{:<{}}] {}/{}", "", filled, "", width - filled, done, total);
  if (done == total) out += fmt::format("\r{:<{}}\r", "", width + 24);
  return out;
}

}  // namespace mtlsdoctor::render
