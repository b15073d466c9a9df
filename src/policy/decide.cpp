// First match decides; shadow rules report, never decide; near misses for denials.
#include <fmt/format.h>

#include <algorithm>

#include "matcher.h"
#include "mtlsdoctor/policy/decision.h"
#include "rule_index.h"
#include "values.h"

namespace mtlsdoctor::policy {

core::Result<Input> Input::make(const x509::CertFacts& facts, Connection connection) {
  Input in;
  in.m_facts = &facts;
  if (connection.source) {
    in.m_source = parse_ip(*connection.source);
    if (!in.m_source) {
      return core::fail(core::ErrorCategory::Usage, fmt::format("'{}' is not an IP address", *connection.source),
                        "--source");
    }
  }
  in.m_connection = std::move(connection);
  in.m_serial = detail::normalise_hex(facts.serial_hex).value_or("");
  in.m_sha256 = detail::normalise_hex(facts.sha256_fingerprint).value_or("");
  in.m_spki = detail::pin_hex(facts.spki_sha256).value_or("");
  return in;
}

bool holds(const Condition& condition, const Input& input) {
  return condition.matcher && condition.matcher->matches(input);
}

std::vector<std::string> observed(const Condition& condition, const Input& input) {
  if (!condition.matcher) return {};
  return condition.matcher->observed(input);
}

namespace {

RuleResult evaluate(const Rule& rule, std::size_t index, const Input& input) {
  RuleResult r;
  r.rule = index;
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    const Condition& c = rule.conditions[i];
    if (!holds(c, input)) r.failed.push_back({i, observed(c, input)});
  }
  r.matched = r.failed.empty();
  return r;
}

bool matches(const Rule& rule, const Input& input) {
  return std::all_of(rule.conditions.begin(), rule.conditions.end(),
                     [&](const Condition& c) { return holds(c, input); });
}

// How many allow rules a denial names: those missed by the fewest conditions, at most this many.
constexpr std::size_t kMaxNearMisses = 3;

}  // namespace

Decision decide(const Policy& policy, const Input& input, Trace trace) {
  Decision d;
  d.action = policy.default_action;
  std::vector<std::size_t> shadows_matched;
  // Without a trace, only the rules that can match this certificate are walked; the trace
  // lists every rule tried, so it walks them all.
  thread_local std::vector<std::size_t> candidates;
  const bool indexed = trace == Trace::None && policy.index;
  if (indexed) policy.index->candidates(input, candidates);
  const std::size_t count = indexed ? candidates.size() : policy.rules.size();
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = indexed ? candidates[k] : k;
    const Rule& rule = policy.rules[i];
    bool matched = false;
    if (trace == Trace::Full) {
      d.evaluated.push_back(evaluate(rule, i, input));
      matched = d.evaluated.back().matched;
    } else {
      matched = matches(rule, input);
    }
    if (!matched) continue;
    if (rule.shadow) {
      shadows_matched.push_back(i);
      continue;
    }
    d.action = rule.action;
    d.rule = i;
    break;
  }
  for (std::size_t i : shadows_matched) {
    if (policy.rules[i].action != d.action) {
      d.shadow = i;
      break;
    }
  }
  if (trace == Trace::Full && d.action == Action::Deny) {
    std::size_t fewest = SIZE_MAX;
    for (const auto& r : d.evaluated) {
      const Rule& rule = policy.rules[r.rule];
      if (r.matched || rule.shadow || rule.action != Action::Allow) continue;
      fewest = std::min(fewest, r.failed.size());
    }
    for (const auto& r : d.evaluated) {
      const Rule& rule = policy.rules[r.rule];
      if (r.matched || rule.shadow || rule.action != Action::Allow || r.failed.size() != fewest) continue;
      if (d.near_misses.size() == kMaxNearMisses) break;
      d.near_misses.push_back(r);
    }
  }
  return d;
}

}  // namespace mtlsdoctor::policy
