// What comes before CLI11 parses: the command word itself. An unknown command is named with the
// nearest known one, `help [COMMAND]` and `version` are commands too, and the output flags may
// stand before the command word.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mtlsdoctor::cli {

// The version line: ours, the OpenSSL this process runs on and the one it was built with.
[[nodiscard]] std::string version_text();

// The known command closest to `word` (edit distance at most 2, or a prefix), if any.
[[nodiscard]] std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& known);

// argv with --no-color, --quiet and --format X moved from before the first command word to after it.
[[nodiscard]] std::vector<std::string> hoist_output_flags(std::vector<std::string> args);

struct Front {
  std::optional<std::string> text;   // print this and exit 0 (help, version)
  std::optional<std::string> error;  // a usage error to report
};

// Reads the command words of `args` (argv without the program name) against `app`'s commands.
[[nodiscard]] Front read_front(CLI::App& app, const std::vector<std::string>& args);

// The help hint for a parse error: the deepest command named on the line, e.g. "mtls-doctor check --help".
[[nodiscard]] std::string help_hint(CLI::App& app, const std::vector<std::string>& args);

}  // namespace mtlsdoctor::cli
