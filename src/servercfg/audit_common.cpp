#include "audit_common.h"

#include <fmt/format.h>

namespace mtlsdoctor::servercfg {

using core::FindingId;

core::Result<bool> verify_with(AuditRun& run, const std::vector<std::string>& ca_files,
                               const std::vector<std::string>& crl_files, core::TimePoint at,
                               const x509::PasswordProvider& password) {
  auto anchors = x509::load_anchors(ca_files, password);
  if (!anchors) return std::unexpected(anchors.error());
  auto crls = x509::load_crls(crl_files, password);
  if (!crls) return std::unexpected(crls.error());
  chain::Trust trust{std::move(*anchors), std::move(*crls), fmt::format("{}", fmt::join(ca_files, ", "))};
  chain::CheckOptions options;
  options.role = chain::Role::Client;
  options.at = at;
  auto checked = chain::check_identity(run.identity, trust, options);
  if (!checked) return std::unexpected(checked.error());
  run.verification = std::move(*checked);
  if (run.verification->report.verdict.outcome == core::Outcome::Ok) return true;
  run.report = run.verification->report;
  return false;
}

void blame_verification(core::Report& report, const Directive* trust, const Directive* crl, const Directive* mode,
                        const std::string& fallback, std::string_view server_answer) {
  const auto cause = report.verdict.cause;
  const Directive* d = trust;
  if (cause == FindingId::ClientCertRevoked || cause == FindingId::CrlExpired || cause == FindingId::CrlUnusable) {
    if (crl) d = crl;
  }
  if (cause == FindingId::ClientCertExpired || cause == FindingId::ClientCertNotYetValid ||
      cause == FindingId::ClientCertMissingClientAuthEku || cause == FindingId::ClientCertBadKeyUsage) {
    if (mode) d = mode;
  }
  const std::string where = d ? d->where() : fallback;
  for (auto& f : report.findings) {
    if (f.id != cause) continue;
    f.evidence["config"] = where;
    f.message += fmt::format(" ({}; {})", server_answer, where);
  }
}

void not_requested(AuditRun& run, const Directive* mode, const std::string& fallback, std::string message) {
  auto f = core::Finding::make(FindingId::MtlsNotRequested, core::Subject::Handshake, std::move(message));
  f.evidence["config"] = mode ? mode->where() : fallback;
  run.report.verdict = {core::Outcome::Ok, core::Side::None, FindingId::MtlsNotRequested, f.message,
                        core::Confidence::Certain};
  run.report.findings.push_back(std::move(f));
}

void chain_too_long(AuditRun& run, const Directive* depth, const std::string& fallback, std::string message,
                    std::string fix) {
  auto f = core::Finding::make(FindingId::ClientChainTooLong, core::Subject::Chain, std::move(message));
  f.evidence["config"] = depth ? depth->where() : fallback;
  f.fixes = {std::move(fix)};
  run.report.verdict = {core::Outcome::Failed, core::Side::Server, FindingId::ClientChainTooLong, f.message,
                        core::Confidence::Certain};
  run.report.findings.push_back(std::move(f));
}

void conclude(AuditRun& run, std::string_view server_name, const AccessOutcome& access, const std::string& who,
              const std::string& accepted, const std::string& crl_fix) {
  if (const auto& r = access.refusal) {
    const std::string answer = r->status ? fmt::format("answers {}", r->status) : std::string("closes the connection");
    auto f =
        core::Finding::make(FindingId::ClientAccessDenied, core::Subject::Policy,
                            fmt::format("{} {} to {}: {} at {}", server_name, answer, who, r->why, r->by->where()));
    f.evidence["config"] = r->by->where();
    if (r->status) f.evidence["http_status"] = r->status;
    f.fixes = {fmt::format("Present a certificate the rule at {} lets through, or change the rule: {}", r->by->where(),
                           r->why)};
    run.report.verdict = {core::Outcome::Failed, core::Side::Server, FindingId::ClientAccessDenied, f.message,
                          core::Confidence::Certain};
    run.report.findings.push_back(std::move(f));
  } else if (!access.not_evaluated.empty()) {
    run.report.verdict = {core::Outcome::Failed, core::Side::None, FindingId::PolicyNotEvaluated,
                          fmt::format("the certificate passes what could be checked, but {} access rule{} could not "
                                      "be evaluated (first at {})",
                                      access.not_evaluated.size(), access.not_evaluated.size() == 1 ? "" : "s",
                                      access.not_evaluated.front().by->where()),
                          core::Confidence::Possible};
  } else {
    run.report.verdict = {core::Outcome::Ok, core::Side::None, FindingId::Ok, accepted, core::Confidence::Certain};
  }
  for (const auto& n : access.not_evaluated) {
    auto f = core::Finding::make(FindingId::PolicyNotEvaluated, core::Subject::Policy,
                                 fmt::format("{} at {} was not evaluated: {}", n.by->name, n.by->where(), n.why));
    f.evidence["config"] = n.by->where();
    run.report.findings.push_back(std::move(f));
  }
  if (run.verification) {
    for (const auto& f : run.verification->report.findings) {
      if (f.id == FindingId::Ok) continue;
      run.report.findings.push_back(f);
      if (f.id == FindingId::RevocationNotChecked && !crl_fix.empty()) run.report.findings.back().fixes = {crl_fix};
    }
  }
}

}  // namespace mtlsdoctor::servercfg
