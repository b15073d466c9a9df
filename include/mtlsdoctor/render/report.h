// A report as JSON (the verdict contract of DIAGNOSES.md) or as text for a person.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

[[nodiscard]] nlohmann::ordered_json verdict_json(const core::Verdict& v);
[[nodiscard]] nlohmann::ordered_json finding_json(const core::Finding& f);
// The bytes of finding_json(f) as JsonStream writes them `depth` levels deep, without the tree.
void append_finding_json(std::string& out, const core::Finding& f, int depth);
// A library text as JSON, its placeholders spelled (cli_text).
void append_cli_text_json(std::string& out, std::string_view text);
// {"verdict": {...}, "findings": [...]}
[[nodiscard]] nlohmann::ordered_json report_json(const core::Report& report);

// The verdict line, then every finding with its fixes.
[[nodiscard]] std::string report_text(const core::Report& report, const Style& style);
[[nodiscard]] Color severity_color(core::Severity s) noexcept;

}  // namespace mtlsdoctor::render
