// diagnose --server-config: the live verdict and the configuration's prediction side by side.
#include <fmt/format.h>

#include "mtlsdoctor/servercfg/audit.h"

namespace mtlsdoctor::servercfg {
namespace {

using core::FindingId;

const core::Finding* cause_finding(const core::Report& r) {
  for (const auto& f : r.findings) {
    if (f.id == r.verdict.cause) return &f;
  }
  return nullptr;
}

}  // namespace

void annotate(core::Report& live, const AuditRun& audit) {
  const auto& predicted = audit.report.verdict;
  const core::Finding* why = cause_finding(audit.report);
  const std::string config = why && why->evidence.contains("config") ? why->evidence["config"].get<std::string>() : "";
  const auto live_cause = live.verdict.cause;
  if (live_cause == predicted.cause && predicted.outcome != core::Outcome::Ok && !config.empty()) {
    for (auto& f : live.findings) {
      if (f.id != live_cause) continue;
      f.evidence["config"] = config;
      if (why->evidence.contains("http_status")) f.evidence["config_http_status"] = why->evidence["http_status"];
      f.message += fmt::format(" The configuration refuses it at {}: {}", config, why->message);
      f.fixes.insert(f.fixes.begin(), why->fixes.begin(), why->fixes.end());
    }
    live.verdict.summary += fmt::format(" ({} refuses it)", config);
    return;
  }
  core::Finding f{};
  f.subject = core::Subject::Policy;
  f.evidence["server_config"] = audit.server;
  if (!config.empty()) f.evidence["config"] = config;
  f.evidence["predicted"] = std::string(core::slug(predicted.cause));
  if (live_cause == FindingId::ClientAccessDenied && predicted.outcome == core::Outcome::Ok) {
    f.id = FindingId::PolicyAllowsRefused;
    f.message = fmt::format(
        "the configuration at {} lets this certificate through, yet the server refused it: the server runs another "
        "configuration, or a rule this audit does not read",
        audit.server);
  } else if (core::is_success(live_cause) && predicted.cause == FindingId::ClientAccessDenied) {
    f.id = FindingId::PolicyDeniesAccepted;
    f.message = fmt::format(
        "the server accepted this certificate, but the configuration refuses it at {}: the server does not run this "
        "configuration",
        config);
  } else if (live_cause == FindingId::ClientAccessDenied && predicted.cause == FindingId::PolicyNotEvaluated) {
    f.id = FindingId::PolicyNotEvaluated;
    std::string first = audit.server;
    for (const auto& n : audit.report.findings) {
      if (n.id == FindingId::PolicyNotEvaluated && n.evidence.contains("config")) {
        first = n.evidence["config"].get<std::string>();
        break;
      }
    }
    f.evidence["config"] = first;
    f.message = fmt::format(
        "the server refused access; the configuration has rules this audit could not evaluate (first at {}), which "
        "may be the ones that refuse",
        first);
  } else {
    return;  // not the configuration's business (network, the server's own certificate, …)
  }
  f.severity = core::default_severity(f.id);
  live.findings.push_back(std::move(f));
}

}  // namespace mtlsdoctor::servercfg
