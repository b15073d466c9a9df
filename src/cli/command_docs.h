// What each command's --help, man page and completion say beyond its flags: examples and exit
// codes, kept in one table beside the CLI11 definitions, so that the three never drift.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

namespace mtlsdoctor::cli {

struct CommandDoc {
  std::string path;                                           // "check", "lab create"
  std::vector<std::pair<std::string, std::string>> examples;  // command line, what it does
  std::vector<std::pair<int, std::string>> exit_codes;
};

// Every command's entry; commands without one have no examples (a test keeps the table whole).
[[nodiscard]] const std::vector<CommandDoc>& command_docs();
[[nodiscard]] const CommandDoc* doc_for(const std::string& path);

// Sets each command's --help footer from the table: examples, then exit codes.
void add_doc_footers(CLI::App& app);

// Every command of `app`, depth first, with its path ("lab create"), the main app excluded.
[[nodiscard]] std::vector<std::pair<std::string, CLI::App*>> all_commands(CLI::App& app);

// `mtls-doctor COMMAND.1`-style pages (roff) and the shell completions, from `app` itself.
// man_page.cpp and completion.cpp.
[[nodiscard]] std::string man_page(CLI::App& cmd, const std::string& path);
[[nodiscard]] std::string main_man_page(CLI::App& app);
[[nodiscard]] std::string bash_completion(CLI::App& app);
[[nodiscard]] std::string zsh_completion(CLI::App& app);
[[nodiscard]] std::string fish_completion(CLI::App& app);

// A command's flags as the man page and the completions list them: every name ("-o", "--output"),
// whether it takes a value, and its help text.
struct FlagDoc {
  std::vector<std::string> names;
  bool takes_value = false;
  std::string value;  // "TEXT", "INT", "TEXT:{text,json}"
  std::string default_value;
  std::string help;
};
[[nodiscard]] std::vector<FlagDoc> flags_of(CLI::App& cmd);

}  // namespace mtlsdoctor::cli
