#include "output.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::cli {

render::Style OutputOptions::style() const {
  const char* no_color_env = std::getenv("NO_COLOR");
  const bool color = !no_color && (!no_color_env || !*no_color_env) && isatty(STDOUT_FILENO) == 1;
  return render::Style{color};
}

void print_json(const nlohmann::ordered_json& j) {
  // Replace invalid UTF-8 (a hostile certificate's name) instead of throwing.
  const std::string text = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

void print_text(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

Exit cannot_run(const OutputOptions& out, const core::Error& error, std::optional<core::FindingId> identity_cause) {
  fmt::print(stderr, "mtls-doctor: {}\n", error.describe());
  if (out.parsed() != Format::Json) return Exit::CannotRun;
  if (identity_cause) {
    core::Report report;
    report.verdict.outcome = core::Outcome::Failed;
    report.verdict.rejected_by = core::Side::Local;
    report.verdict.cause = *identity_cause;
    report.verdict.summary = fmt::format("The identity cannot be used: {}", error.describe());
    report.verdict.confidence = core::Confidence::Certain;
    auto finding = core::Finding::make(*identity_cause, core::Subject::Input, error.describe());
    finding.evidence["category"] = to_string(error.category);
    if (!error.subject.empty()) finding.evidence["file"] = error.subject;
    report.findings.push_back(std::move(finding));
    print_json(render::report_json(report));
  } else {
    nlohmann::ordered_json j;
    j["error"]["category"] = to_string(error.category);
    j["error"]["message"] = error.message;
    if (!error.subject.empty()) j["error"]["file"] = error.subject;
    if (!error.details.empty()) j["error"]["details"] = error.details;
    print_json(j);
  }
  return Exit::CannotRun;
}

}  // namespace mtlsdoctor::cli
