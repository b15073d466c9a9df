// Subcommands register themselves on the app; their callbacks set the exit code. Each parses
// its flags into an options struct, makes one library call, renders, and maps the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "output.h"

namespace mtlsdoctor::cli {

void add_check_command(CLI::App& app, AppContext& ctx);
void add_inspect_command(CLI::App& app, AppContext& ctx);
void add_lab_command(CLI::App& app, AppContext& ctx);
void add_diagnose_command(CLI::App& app, AppContext& ctx);
void add_explain_command(CLI::App& app, AppContext& ctx);
void add_policy_command(CLI::App& app, AppContext& ctx);
void add_serve_command(CLI::App& app, AppContext& ctx);
void add_fullchain_command(CLI::App& app, AppContext& ctx);
void add_monitor_command(CLI::App& app, AppContext& ctx);
// `monitor serve`, under the `monitor` command.
void add_monitor_serve_command(CLI::App& monitor, AppContext& ctx);
// `policy export`, under the `policy` command.
void add_policy_export_command(CLI::App& policy, AppContext& ctx);

// Adds --format and --no-color to a subcommand.
void add_output_flags(CLI::App& cmd, OutputOptions& output);

// --listen's value (serve, monitor serve): "127.0.0.1:8443", "[::1]:8443", "8443" (every IPv4
// address, as nginx's `listen 8443`); nullopt when it is none of those.
[[nodiscard]] std::optional<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view text);

// Every command, flag, help text and footer on `app`: what run() parses with, and what the man
// pages and completions are generated from (gendocs/main.cpp).
void build_app(CLI::App& app, AppContext& ctx);

// The whole command line, in process: what main() runs, and what tests call with string streams.
[[nodiscard]] int run(int argc, const char* const* argv, Io io, const core::Clock& clock);

}  // namespace mtlsdoctor::cli
