#include "mtlsdoctor/render/check.h"

#include <fmt/format.h>

#include "mtlsdoctor/render/report.h"
#include "mtlsdoctor/x509/facts_json.h"

namespace mtlsdoctor::render {
namespace {

nlohmann::ordered_json path_json(const chain::CheckRun& run) {
  nlohmann::ordered_json path = nlohmann::ordered_json::array();
  for (std::size_t depth = 0; depth < run.result.path.size(); ++depth) {
    const auto& entry = run.result.path[depth];
    const auto& f = entry.cert.facts();
    nlohmann::ordered_json j;
    j["depth"] = depth;
    j["subject"] = f.subject.rfc4514;
    j["issuer"] = f.issuer.rfc4514;
    j["serial"] = f.serial_hex;
    j["not_after"] = core::format_rfc3339(f.not_after);
    j["status"] = x509::to_string(x509::validity_at(f, run.at));
    j["source"] = depth == 0 ? "leaf" : entry.anchor ? "trust-anchor" : "offered";
    j["sha256"] = f.sha256_fingerprint;
    path.push_back(std::move(j));
  }
  return path;
}

std::string path_text(const chain::CheckRun& run, const Style& style) {
  Table table;
  for (std::size_t depth = 0; depth < run.result.path.size(); ++depth) {
    const auto& entry = run.result.path[depth];
    const auto& f = entry.cert.facts();
    const auto validity = x509::validity_at(f, run.at);
    const long days = core::days_between(run.at, f.not_after);
    std::string when = validity == x509::Validity::Valid ? fmt::format("{} days left", days)
                       : validity == x509::Validity::Expired
                           ? fmt::format("expired {} days ago", core::days_between(f.not_after, run.at))
                           : "not yet valid";
    const auto color = validity != x509::Validity::Valid ? Color::Red : days < 30 ? Color::Yellow : Color::None;
    table.add_row({std::to_string(depth), f.subject.rfc4514,
                   depth == 0     ? "leaf"
                   : entry.anchor ? "trust anchor"
                                  : "offered",
                   std::move(when)},
                  {Color::None, Color::None, Color::Dim, color});
  }
  std::string out = "\nPath";
  if (!run.result.path.empty() && !run.result.trusted) {
    out += fmt::format(" (incomplete: ends at {})", run.result.path.back().cert.facts().issuer.rfc4514);
  }
  return out + "\n" + table.render(style, "  ");
}

}  // namespace

nlohmann::ordered_json check_json(const chain::CheckRun& run) {
  auto j = report_json(run.result.report);
  j["role"] = chain::to_string(run.role);
  j["checked_at"] = core::format_rfc3339(run.at);
  j["path"] = path_json(run);
  return j;
}

std::string check_text(const chain::CheckRun& run, const Style& style) {
  return report_text(run.result.report, style) + path_text(run, style);
}

}  // namespace mtlsdoctor::render
