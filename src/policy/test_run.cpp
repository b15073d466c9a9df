#include "mtlsdoctor/policy/test_run.h"

#include <fmt/format.h>

namespace mtlsdoctor::policy {

std::vector<std::string> wanted(const Condition& c) {
  if (c.field == Field::KeyMinBits) return {fmt::format("{}", c.number)};
  std::vector<std::string> out;
  out.reserve(c.patterns.size());
  for (const auto& p : c.patterns) out.push_back(p.text);
  return out;
}

namespace {

std::string one_of(const std::vector<std::string>& values) {
  if (values.empty()) return "(none)";
  constexpr std::size_t kShown = 3;
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < kShown; ++i) {
    if (i) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i];
  }
  if (values.size() > kShown) out += fmt::format(" (or {} more)", values.size() - kShown);
  return out;
}

std::string got_text(const std::vector<std::string>& got) {
  if (got.empty()) return "there is none";
  return fmt::format("it is {}", fmt::join(got, ", "));
}

// "your subject.OU were payments (it is sales)"
std::string requirement(const Condition& c, const ConditionResult& failed) {
  switch (c.field) {
    case Field::KeyMinBits: return fmt::format("your key had at least {} bits ({})", c.number, got_text(failed.got));
    case Field::MinRemaining:
      return fmt::format("your certificate had {} left ({})", wanted(c).front(), got_text(failed.got));
    case Field::Source:
      return fmt::format("you connected from {} ({})", one_of(wanted(c)),
                         failed.got.empty() ? "no source address was given" : got_text(failed.got));
    case Field::Sni:
      return fmt::format("you asked for server name {} ({})", one_of(wanted(c)),
                         failed.got.empty() ? "no SNI was sent" : got_text(failed.got));
    default: return fmt::format("your {} were {} ({})", c.name, one_of(wanted(c)), got_text(failed.got));
  }
}

}  // namespace

std::string decider_label(const Policy& policy, const Decision& decision) {
  if (decision.rule) {
    const Rule& rule = policy.rules[*decision.rule];
    return fmt::format("rule '{}' (line {})", rule.name, rule.where.line);
  }
  return fmt::format("the default (no rule matches{})",
                     policy.default_where.line ? fmt::format(", default at line {}", policy.default_where.line) : "");
}

std::string near_miss_text(const Policy& policy, const RuleResult& miss) {
  const Rule& rule = policy.rules[miss.rule];
  std::vector<std::string> parts;
  for (const auto& f : miss.failed) parts.push_back(requirement(rule.conditions[f.condition], f));
  return fmt::format("rule {} (line {}) would allow you if {}", rule.name, rule.where.line, fmt::join(parts, " and "));
}

core::Report decision_report(const Policy& policy, const Decision& decision, const x509::CertFacts& leaf) {
  core::Report report;
  const std::string who = leaf.subject.rfc4514.empty() ? "(empty subject)" : leaf.subject.rfc4514;
  const Rule* rule = decision.rule ? &policy.rules[*decision.rule] : nullptr;
  const std::string by = decider_label(policy, decision);
  core::Finding f{};
  f.subject = core::Subject::Policy;
  f.evidence["policy"] = policy.file;
  f.evidence["rule"] = rule ? nlohmann::ordered_json(rule->name) : nlohmann::ordered_json(nullptr);
  if (rule) f.evidence["line"] = rule->where.line;
  if (decision.allowed()) {
    f.id = core::FindingId::Ok;
    f.severity = core::Severity::Info;
    f.message = fmt::format("{} allows {}", by, who);
    report.verdict = {core::Outcome::Ok, core::Side::None, core::FindingId::Ok, f.message, core::Confidence::Certain};
  } else {
    f.id = core::FindingId::ClientAccessDenied;
    f.severity = core::Severity::Error;
    f.message = fmt::format("{} denies {}", by, who);
    for (const auto& miss : decision.near_misses) f.fixes.push_back(near_miss_text(policy, miss));
    if (f.fixes.empty()) {
      f.fixes.push_back(
          fmt::format("No allow rule comes close: ask the owner of {} to add a rule for {}", policy.file, who));
    }
    report.verdict = {core::Outcome::Failed, core::Side::Server, core::FindingId::ClientAccessDenied, f.message,
                      core::Confidence::Certain};
  }
  report.findings.push_back(std::move(f));
  return report;
}

void annotate(core::Report& report, const Policy& policy, const Decision& decision) {
  const Rule* rule = decision.rule ? &policy.rules[*decision.rule] : nullptr;
  const std::string by = rule ? fmt::format("rule '{}' (line {} of {})", rule->name, rule->where.line, policy.file)
                              : fmt::format("the default of {}", policy.file);
  nlohmann::ordered_json evidence;
  evidence["policy"] = policy.file;
  evidence["decision"] = to_string(decision.action);
  evidence["rule"] = rule ? nlohmann::ordered_json(rule->name) : nlohmann::ordered_json(nullptr);
  if (rule) evidence["line"] = rule->where.line;
  const bool denied_by_server = report.verdict.cause == core::FindingId::ClientAccessDenied;
  if (denied_by_server && !decision.allowed()) {
    for (auto& f : report.findings) {
      if (f.id != core::FindingId::ClientAccessDenied) continue;
      f.evidence["policy"] = evidence;
      f.message += fmt::format(" {} denies this certificate.", by);
      std::vector<std::string> fixes;
      for (const auto& miss : decision.near_misses) fixes.push_back(near_miss_text(policy, miss));
      f.fixes.insert(f.fixes.begin(), fixes.begin(), fixes.end());
    }
    if (!report.verdict.summary.empty() && report.verdict.summary.back() != '.') report.verdict.summary += '.';
    report.verdict.summary += fmt::format(" {} denies it.", by);
    return;
  }
  core::Finding f{};
  f.subject = core::Subject::Policy;
  f.evidence = evidence;
  if (denied_by_server) {
    f.id = core::FindingId::PolicyAllowsRefused;
    f.message = fmt::format(
        "{} allows this certificate, yet the server refused it: the server enforces another rule "
        "than this policy",
        by);
    f.fixes = {
        "Compare the server's access rules with the policy (nginx if/map on $ssl_client_*, Apache Require, "
        "HAProxy ACLs)"};
  } else if (core::is_success(report.verdict.cause) && !decision.allowed()) {
    f.id = core::FindingId::PolicyDeniesAccepted;
    f.message = fmt::format(
        "the server accepted this certificate, but {} denies it: the server does not enforce this "
        "policy",
        by);
    for (const auto& miss : decision.near_misses) f.fixes.push_back(near_miss_text(policy, miss));
  } else {
    return;  // the refusal is not the policy's business (trust, expiry, network, …)
  }
  f.severity = core::default_severity(f.id);
  report.findings.push_back(std::move(f));
}

std::expected<TestRun, TestFailure> test_files(const TestRequest& request, const x509::PasswordProvider& password) {
  const auto failure = [](core::Error e, bool identity) {
    return std::unexpected(TestFailure{std::move(e), identity});
  };
  auto parsed = load(request.policy_file);
  if (!parsed) return failure(parsed.error(), false);
  auto identity = x509::load_identity(request.identity, password);
  if (!identity) return failure(identity.error(), true);

  TestRun run{std::move(*parsed), std::move(*identity), std::nullopt, true, {}, {}, request.at};
  if (!request.cacert.empty()) {
    auto anchors = x509::load_anchors(request.cacert, password);
    if (!anchors) return failure(anchors.error(), false);
    auto crls = x509::load_crls(request.crl, password);
    if (!crls) return failure(crls.error(), false);
    chain::Trust trust{std::move(*anchors), std::move(*crls), fmt::format("{}", fmt::join(request.cacert, ", "))};
    chain::CheckOptions options;
    options.role = chain::Role::Client;
    options.at = request.at;
    auto checked = chain::check_identity(run.identity, trust, options);
    if (!checked) return failure(checked.error(), false);
    run.verification = std::move(*checked);
    run.reached = run.verification->report.verdict.outcome == core::Outcome::Ok;
  } else if (!request.crl.empty()) {
    return failure(core::Error{core::ErrorCategory::Usage, "--crl needs --cacert (verification comes first)", {}, {}},
                   false);
  }

  auto input = Input::make(run.identity.leaf.facts(), Connection{request.source, request.sni, request.at});
  if (!input) return failure(input.error(), false);
  run.decision = decide(run.policy, *input, Trace::Full);
  if (run.reached) {
    run.report = decision_report(run.policy, run.decision, run.identity.leaf.facts());
    if (run.verification) {
      // What verification noticed without refusing (expiry ahead, revocation not checked).
      for (const auto& f : run.verification->report.findings) {
        if (f.id != core::FindingId::Ok) run.report.findings.push_back(f);
      }
    }
  } else {
    run.report = run.verification->report;  // refused for the verification cause, not by policy
  }
  return run;
}

}  // namespace mtlsdoctor::policy
