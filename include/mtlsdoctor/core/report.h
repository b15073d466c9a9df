// A report: the verdict (the single best explanation) and every finding behind it.
#pragma once

#include <string>
#include <vector>

#include "mtlsdoctor/core/finding.h"

namespace mtlsdoctor::core {

enum class Outcome { Ok, Failed };
enum class Confidence { Certain, Likely, Possible };

[[nodiscard]] std::string_view to_string(Outcome o) noexcept;
[[nodiscard]] std::string_view to_string(Confidence c) noexcept;

struct Verdict {
  Outcome outcome = Outcome::Ok;
  Side rejected_by = Side::None;
  FindingId cause = FindingId::Ok;
  std::string summary;
  Confidence confidence = Confidence::Certain;
};

struct Report {
  Verdict verdict;
  std::vector<Finding> findings;  // most important first once `sort_findings` ran

  [[nodiscard]] bool has(FindingId id) const noexcept;
  [[nodiscard]] const Finding* find(FindingId id) const noexcept;
};

// Orders findings: the verdict's cause first, then errors, warnings, info; stable otherwise.
void sort_findings(Report& report);

}  // namespace mtlsdoctor::core
