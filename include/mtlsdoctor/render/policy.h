// `policy test` and `policy lint` answers, as text and as JSON (POLICY.md's `policy` object).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mtlsdoctor/policy/lint.h"
#include "mtlsdoctor/policy/test_run.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

// POLICY.md's `policy` object: file, decision, rule, line, evaluated, near_misses.
[[nodiscard]] nlohmann::ordered_json policy_json(const policy::Policy& policy, const policy::Decision& decision);

[[nodiscard]] nlohmann::ordered_json policy_test_json(const policy::TestRun& run);
[[nodiscard]] std::string policy_test_text(const policy::TestRun& run, const Style& style);

[[nodiscard]] nlohmann::ordered_json policy_lint_json(const policy::Policy& policy,
                                                      const std::vector<policy::LintFinding>& findings);
[[nodiscard]] std::string policy_lint_text(const policy::Policy& policy,
                                           const std::vector<policy::LintFinding>& findings, const Style& style);

}  // namespace mtlsdoctor::render
