// Subcommands register themselves on the app; their callbacks set the exit code.
#pragma once

#include <CLI/CLI.hpp>

#include "mtlsdoctor/core/clock.h"
#include "output.h"

namespace mtlsdoctor::cli {

struct AppContext {
  OutputOptions output;
  const core::Clock& clock;
  Exit exit = Exit::Ok;
};

void add_check_command(CLI::App& app, AppContext& ctx);
void add_inspect_command(CLI::App& app, AppContext& ctx);
void add_lab_command(CLI::App& app, AppContext& ctx);
void add_diagnose_command(CLI::App& app, AppContext& ctx);
void add_explain_command(CLI::App& app, AppContext& ctx);

// Adds --format and --no-color to a subcommand.
void add_output_flags(CLI::App& cmd, OutputOptions& output);

}  // namespace mtlsdoctor::cli
