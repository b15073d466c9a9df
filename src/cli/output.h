// Everything the CLI writes: `out` for results (one JSON object with --format json), `err` for
// the one-line human error. Exit codes are decided here and only here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::cli {

// PluginUnknown: the monitoring-plugins API's UNKNOWN (monitor run --format nagios only).
enum class Exit : int { Ok = 0, Problem = 1, CannotRun = 2, PluginUnknown = 3 };

struct OutputOptions {
  std::string format = "text";
  bool format_given = false;  // --format was on the command line (not just the default)
  bool no_color = false;
  bool quiet = false;  // --quiet: nothing on stdout, the exit code is the answer

  [[nodiscard]] bool json() const { return format == "json"; }
};

// Where a command writes, and whether those are terminals (colour, progress bars, tables).
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool out_tty = false;
  bool err_tty = false;
  int out_fd = -1;  // the descriptor behind `out`, when it is one (what is held is copied to it in the kernel)
};

struct AppContext {
  OutputOptions output;
  const core::Clock& clock;
  Io io;
  Exit exit = Exit::Ok;

  [[nodiscard]] bool json() const { return output.json(); }
  [[nodiscard]] render::Style style() const;
  // Where results go: io.out, or nowhere with --quiet (errors still go to io.err).
  [[nodiscard]] std::ostream& out() const;  // colour only on a TTY, never with NO_COLOR or --no-color
};

void print_json(const AppContext& ctx, const nlohmann::ordered_json& j);
void print_text(const AppContext& ctx, const std::string& text);

// A command that cannot run. With JSON, stdout still holds one object: a verdict blaming the
// identity when `identity_cause` is given (DIAGNOSES.md), else {"error": {...}}.
[[nodiscard]] Exit cannot_run(const AppContext& ctx, const core::Error& error,
                              std::optional<core::FindingId> identity_cause = std::nullopt);
[[nodiscard]] Exit usage_error(const AppContext& ctx, std::string message);

}  // namespace mtlsdoctor::cli
