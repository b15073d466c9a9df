#include "output.h"

#include <fmt/format.h>

#include <cstdlib>

#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/render/cli_hint.h"
#include "mtlsdoctor/render/json_writer.h"
#include "mtlsdoctor/render/report.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::cli {

render::Style AppContext::style() const {
  const char* no_color_env = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");  // a dumb terminal shows escape codes as text
  const bool dumb = term && std::string_view(term) == "dumb";
  return render::Style{!output.no_color && (!no_color_env || !*no_color_env) && !dumb && io.out_tty};
}

std::ostream& AppContext::out() const {
  static std::ostream nowhere(nullptr);  // no buffer: every write is dropped
  return output.quiet ? nowhere : io.out;
}

void print_json(const AppContext& ctx, const nlohmann::ordered_json& j) {
  render::write_json(ctx.out(), j);
}

void print_text(const AppContext& ctx, const std::string& text) {
  ctx.out().write(text.data(), static_cast<std::streamsize>(text.size()));
}

Exit cannot_run(const AppContext& ctx, const core::Error& error, std::optional<core::FindingId> identity_cause) {
  // Library errors name flags by placeholder (core::hint): spelled here.
  const std::string described = render::cli_text(error.describe());
  ctx.io.err << fmt::format("mtls-doctor: {}\n", described);
  ctx.io.err.flush();
  // A monitoring plugin that cannot run says so on its status line: UNKNOWN, 3.
  if (ctx.output.format == "nagios") {
    ctx.io.out << fmt::format("MTLS-DOCTOR UNKNOWN - {}\n", render::printable(described));
    return Exit::PluginUnknown;
  }
  if (!ctx.json()) return Exit::CannotRun;
  if (identity_cause) {
    core::Report report;
    report.verdict.outcome = core::Outcome::Failed;
    report.verdict.rejected_by = core::Side::Local;
    report.verdict.cause = *identity_cause;
    report.verdict.summary = fmt::format("The identity cannot be used: {}", described);
    report.verdict.confidence = core::Confidence::Certain;
    auto finding = core::Finding::make(*identity_cause, core::Subject::Input, described);
    finding.evidence["category"] = to_string(error.category);
    if (!error.subject.empty()) finding.evidence["file"] = error.subject;
    report.findings.push_back(std::move(finding));
    print_json(ctx, render::report_json(report));
  } else {
    nlohmann::ordered_json j;
    j["error"]["category"] = to_string(error.category);
    j["error"]["message"] = render::cli_text(error.message);
    if (!error.subject.empty()) j["error"]["file"] = error.subject;
    if (!error.details.empty()) j["error"]["details"] = error.details;
    print_json(ctx, j);
  }
  return Exit::CannotRun;
}

Exit usage_error(const AppContext& ctx, std::string message) {
  return cannot_run(ctx, core::Error{core::ErrorCategory::Usage, std::move(message), {}, {}});
}

}  // namespace mtlsdoctor::cli
