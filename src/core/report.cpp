#include "mtlsdoctor/core/report.h"

#include <algorithm>

namespace mtlsdoctor::core {

std::string_view to_string(Outcome o) noexcept {
  return o == Outcome::Ok ? "ok" : "failed";
}

std::string_view to_string(Confidence c) noexcept {
  switch (c) {
    case Confidence::Certain: return "certain";
    case Confidence::Likely: return "likely";
    case Confidence::Possible: return "possible";
  }
  return "possible";
}

bool Report::has(FindingId id) const noexcept {
  return find(id) != nullptr;
}

const Finding* Report::find(FindingId id) const noexcept {
  const auto it = std::find_if(findings.begin(), findings.end(), [id](const Finding& f) { return f.id == id; });
  return it == findings.end() ? nullptr : &*it;
}

void sort_findings(Report& report) {
  const FindingId cause = report.verdict.cause;
  std::stable_sort(report.findings.begin(), report.findings.end(), [cause](const Finding& a, const Finding& b) {
    const auto rank = [cause](const Finding& f) { return f.id == cause ? -1 : static_cast<int>(f.severity); };
    return rank(a) < rank(b);
  });
}

}  // namespace mtlsdoctor::core
