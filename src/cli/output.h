// Everything the CLI writes: stdout for results (one JSON object with --format json),
// stderr for the one-line human error. Exit codes are decided here and only here.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::cli {

enum class Exit : int { Ok = 0, Problem = 1, CannotRun = 2 };
enum class Format { Text, Json };

struct OutputOptions {
  std::string format = "text";
  bool no_color = false;

  [[nodiscard]] Format parsed() const { return format == "json" ? Format::Json : Format::Text; }
  [[nodiscard]] render::Style style() const;  // colour only on a TTY, never with NO_COLOR
};

void print_json(const nlohmann::ordered_json& j);
void print_text(const std::string& text);

// A command that cannot run. With JSON, stdout still holds one object: a verdict blaming the
// identity when `identity_cause` is given (DIAGNOSES.md), else {"error": {...}}.
[[nodiscard]] Exit cannot_run(const OutputOptions& out, const core::Error& error,
                              std::optional<core::FindingId> identity_cause = std::nullopt);

}  // namespace mtlsdoctor::cli
