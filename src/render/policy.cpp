#include "mtlsdoctor/render/policy.h"

#include <fmt/format.h>

#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {
namespace {

using nlohmann::ordered_json;

ordered_json rule_json(const policy::Policy& policy, const policy::RuleResult& r) {
  const auto& rule = policy.rules[r.rule];
  ordered_json j;
  j["rule"] = rule.name;
  j["action"] = policy::to_string(rule.action);
  j["line"] = rule.where.line;
  if (rule.shadow) j["shadow"] = true;
  j["matched"] = r.matched;
  ordered_json failed = ordered_json::array();
  for (const auto& f : r.failed) {
    const auto& c = rule.conditions[f.condition];
    auto wanted = policy::wanted(c);
    // Allowlists of 100,000 fingerprints: the first few, and how many there are.
    constexpr std::size_t kShown = 10;
    ordered_json w = ordered_json::array();
    for (std::size_t i = 0; i < wanted.size() && i < kShown; ++i) w.push_back(wanted[i]);
    ordered_json cj;
    cj["condition"] = c.name;
    cj["line"] = c.where.line;
    cj["wanted"] = std::move(w);
    if (wanted.size() > kShown) cj["wanted_total"] = wanted.size();
    cj["got"] = f.got;
    failed.push_back(std::move(cj));
  }
  j["failed"] = std::move(failed);
  return j;
}

std::string condition_text(const policy::Rule& rule, const policy::ConditionResult& f) {
  const auto& c = rule.conditions[f.condition];
  auto wanted = policy::wanted(c);
  std::string w =
      wanted.size() > 3
          ? fmt::format("{} (or {} more)", fmt::join(wanted.begin(), wanted.begin() + 3, ", "), wanted.size() - 3)
          : fmt::format("{}", fmt::join(wanted, ", "));
  if (c.field == policy::Field::KeyMinBits) w = "≥ " + w + " bits";
  if (c.field == policy::Field::MinRemaining) w = "≥ " + w + " left";
  return printable(fmt::format("{} wanted {}, got {}", c.name, w,
                               f.got.empty() ? "nothing" : fmt::format("{}", fmt::join(f.got, ", "))));
}

std::string trace_text(const policy::Policy& policy, const policy::Decision& d, const Style& style) {
  std::string out = fmt::format("\nRules tried (the first that matches decides), {}:\n", policy.file);
  Table table;
  for (const auto& r : d.evaluated) {
    const auto& rule = policy.rules[r.rule];
    std::string what = r.matched ? "matched" : condition_text(rule, r.failed.front());
    table.add_row({r.matched ? "✓" : "✗", fmt::format("line {}", rule.where.line),
                   fmt::format("{}{}", rule.name, rule.shadow ? " (shadow)" : ""),
                   std::string(policy::to_string(rule.action)), std::move(what)},
                  {r.matched ? Color::Green : Color::Dim, Color::Dim, Color::None, Color::None, Color::None});
    for (std::size_t i = 1; i < r.failed.size(); ++i)
      table.add_row({"", "", "", "", condition_text(rule, r.failed[i])});
  }
  if (!d.rule) {
    table.add_row({"→", policy.default_where.line ? fmt::format("line {}", policy.default_where.line) : "", "(default)",
                   std::string(policy::to_string(policy.default_action)), "no rule matched"});
  }
  out += table.render(style, "  ");
  if (d.shadow) {
    const auto& s = policy.rules[*d.shadow];
    out += fmt::format("  Shadow rule '{}' (line {}) matched and would have {}ed.\n", s.name, s.where.line,
                       s.action == policy::Action::Allow ? "allow" : "deni");
  }
  return out;
}

}  // namespace

ordered_json policy_json(const policy::Policy& policy, const policy::Decision& d) {
  ordered_json j;
  j["file"] = policy.file;
  j["decision"] = policy::to_string(d.action);
  if (d.rule) {
    j["rule"] = policy.rules[*d.rule].name;
    j["line"] = policy.rules[*d.rule].where.line;
  } else {
    j["rule"] = nullptr;
    j["line"] = policy.default_where.line ? ordered_json(policy.default_where.line) : ordered_json(nullptr);
  }
  ordered_json evaluated = ordered_json::array();
  for (const auto& r : d.evaluated) evaluated.push_back(rule_json(policy, r));
  j["evaluated"] = std::move(evaluated);
  ordered_json near = ordered_json::array();
  for (const auto& m : d.near_misses) near.push_back(policy::near_miss_text(policy, m));
  j["near_misses"] = std::move(near);
  if (d.shadow) {
    const auto& s = policy.rules[*d.shadow];
    j["shadow"] = {{"rule", s.name}, {"decision", policy::to_string(s.action)}};
  }
  return j;
}

ordered_json policy_test_json(const policy::TestRun& run) {
  auto j = report_json(run.report);
  auto p = policy_json(run.policy, run.decision);
  p["reached"] = run.reached;
  j["policy"] = std::move(p);
  const auto& f = run.identity.leaf.facts();
  j["certificate"] = {{"subject", f.subject.rfc4514},
                      {"issuer", f.issuer.rfc4514},
                      {"serial", f.serial_hex},
                      {"sha256", f.sha256_fingerprint},
                      {"not_after", core::format_rfc3339(f.not_after)}};
  j["at"] = core::format_rfc3339(run.at);
  return j;
}

std::string policy_test_text(const policy::TestRun& run, const Style& style) {
  std::string out = report_text(run.report, style);
  if (!run.reached) {
    const auto& d = run.decision;
    const std::string by = d.rule ? fmt::format("rule '{}' (line {})", run.policy.rules[*d.rule].name,
                                                run.policy.rules[*d.rule].where.line)
                                  : std::string("its default");
    out += fmt::format(
        "\nThe policy was not reached: verification refuses the certificate first. On its own, {} "
        "would {} it ({}).\n",
        run.policy.file, policy::to_string(d.action), by);
    return out;
  }
  return out + trace_text(run.policy, run.decision, style);
}

ordered_json policy_lint_json(const policy::Policy& policy, const std::vector<policy::LintFinding>& findings) {
  ordered_json j;
  j["file"] = policy.file;
  j["rules"] = policy.rules.size();
  ordered_json list = ordered_json::array();
  for (const auto& f : findings) {
    ordered_json fj;
    fj["id"] = core::slug(f.id);
    fj["severity"] = core::to_string(f.severity);
    fj["rule"] = f.rule;
    fj["line"] = f.where.line;
    fj["column"] = f.where.column;
    if (f.other_rule) {
      fj["other_rule"] = *f.other_rule;
      fj["other_line"] = f.other_where ? f.other_where->line : 0;
    }
    fj["message"] = f.message;
    list.push_back(std::move(fj));
  }
  j["findings"] = std::move(list);
  return j;
}

std::string policy_lint_text(const policy::Policy& policy, const std::vector<policy::LintFinding>& findings,
                             const Style& style) {
  std::string out;
  std::size_t errors = 0;
  for (const auto& f : findings) {
    if (f.severity == core::Severity::Error) ++errors;
    out += fmt::format("{}:{}:{}: {} {}: {}\n", policy.file, f.where.line, f.where.column,
                       style.paint(core::to_string(f.severity), severity_color(f.severity)), core::slug(f.id),
                       printable(f.message));
  }
  if (findings.empty()) {
    out += fmt::format("{}: {} rules, no findings\n", policy.file, policy.rules.size());
  } else {
    out += fmt::format("{}: {} rules, {} finding{} ({} error{})\n", policy.file, policy.rules.size(), findings.size(),
                       findings.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s");
  }
  return out;
}

}  // namespace mtlsdoctor::render
