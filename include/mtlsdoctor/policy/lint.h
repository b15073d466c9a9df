// `policy lint`: what in a policy cannot be what its author meant — rules that can never decide,
// duplicates, conflicting serial numbers, patterns that match everything, conditions no
// certificate can meet. Each finding names the rule and the line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy {

struct LintFinding {
  core::FindingId id = core::FindingId::PolicyRuleShadowed;
  core::Severity severity = core::Severity::Warning;
  std::string rule;                       // the rule concerned
  Location where;                         // the rule, condition or value concerned
  std::optional<std::string> other_rule;  // the earlier rule that shadows or overlaps it
  std::optional<Location> other_where;
  std::string message;  // one sentence
};

// In file order (then by id).
[[nodiscard]] std::vector<LintFinding> lint(const Policy& policy);

}  // namespace mtlsdoctor::policy
