// Shell completions (bash, zsh, fish) made from the CLI11 definitions: commands, their flags,
// the values of flags that take one of a set, and files for the other values.
#include <fmt/format.h>

#include "command_docs.h"

namespace mtlsdoctor::cli {
namespace {

// "TEXT:{text,json}" → "text json"; empty for a free value.
std::string choices(const std::string& type) {
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  std::string out = type.substr(open + 1, close - open - 1);
  for (auto& c : out) c = c == ',' ? ' ' : c;
  return out;
}

std::string shell_word(std::string_view text) {  // in single quotes, for every shell here
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string summary(const std::string& help) {
  std::string s = help.substr(0, help.find('\n'));
  return s.size() > 90 ? s.substr(0, 87) + "..." : s;
}

struct Command {
  std::string path;  // "" for the program itself
  CLI::App* app;
};

std::vector<Command> commands(CLI::App& app) {
  std::vector<Command> out{{"", &app}};
  for (auto& [path, cmd] : all_commands(app)) out.push_back({path, cmd});
  return out;
}

// The words a command takes next: its commands, then its flags.
std::string words(CLI::App& cmd, bool top) {
  std::string out = top ? "help version" : "";
  for (const auto* sub : cmd.get_subcommands({})) out += (out.empty() ? "" : " ") + sub->get_name();
  for (const auto& f : flags_of(cmd)) {
    for (const auto& n : f.names) out += (out.empty() ? "" : " ") + n;
  }
  return out;
}

std::string slashed(std::string path) {
  for (auto& c : path) c = c == ' ' ? '/' : c;
  return path;
}

// The shell code (bash and zsh alike) that finds the command path among the words typed.
std::string find_path(CLI::App& app, const std::string& words_var, const std::string& first, const std::string& last) {
  std::string known = " ";
  for (auto& [path, cmd] : all_commands(app)) known += slashed(path) + " ";
  return fmt::format(
      "  local cmdpath=\"\" w i\n  local known={}\n  for ((i={}; i<{}; i++)); do\n    w=${{{}[i]}}\n"
      "    [[ $w == -* ]] && continue\n    [[ $known == *\" ${{cmdpath:+$cmdpath/}}$w \"* ]] && "
      "cmdpath=\"${{cmdpath:+$cmdpath/}}$w\"\n  done\n",
      shell_word(known), first, last, words_var);
}

// The `case "$cmdpath $prev"` arms: after a flag that takes a value, `files` for a free value or
// `one_of` (with {} for the values) for a flag whose values are a set.
std::string value_cases(CLI::App& app, std::string_view files, std::string_view one_of) {
  std::string out = "  case \"$cmdpath $prev\" in\n";
  for (auto& c : commands(app)) {
    for (const auto& f : flags_of(*c.app)) {
      if (!f.takes_value) continue;
      const std::string values = choices(f.value);
      for (const auto& n : f.names) {
        out += fmt::format("    {}) {}; return ;;\n", shell_word(slashed(c.path) + " " + n),
                           values.empty() ? std::string(files) : fmt::format(fmt::runtime(one_of), values));
      }
    }
  }
  return out + "  esac\n";
}

}  // namespace

std::string bash_completion(CLI::App& app) {
  std::string out = find_path(app, "COMP_WORDS", "1", "COMP_CWORD");
  out += value_cases(app, "COMPREPLY=($(compgen -f -- \"$cur\"))", "COMPREPLY=($(compgen -W '{}' -- \"$cur\"))");
  out =
      "# bash completion for mtls-doctor, generated from its command-line definitions.\n"
      "_mtls_doctor() {\n  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n" +
      out + "  local words\n  case \"$cmdpath\" in\n";
  for (auto& c : commands(app))
    out += fmt::format("    {}) words={} ;;\n", shell_word(slashed(c.path)), shell_word(words(*c.app, c.path.empty())));
  out +=
      "  esac\n  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      "  [[ ${#COMPREPLY[@]} -eq 0 && $cur != -* ]] && COMPREPLY=($(compgen -f -- \"$cur\"))\n  return 0\n}\n"
      "complete -o filenames -F _mtls_doctor mtls-doctor\n";
  return out;
}

std::string zsh_completion(CLI::App& app) {
  const std::string found = find_path(app, "words", "2", "CURRENT") + value_cases(app, "_files", "compadd -- {}");
  std::string out =
      "#compdef mtls-doctor\n# zsh completion for mtls-doctor, generated from its command-line "
      "definitions.\n_mtls_doctor() {\n  local prev=${words[CURRENT-1]}\n" +
      found + "  local -a entries\n  case \"$cmdpath\" in\n";
  for (auto& c : commands(app)) {
    out += fmt::format("    {}) entries=(", shell_word(slashed(c.path)));
    if (c.path.empty()) out += " 'help:a command'\"'\"'s help' 'version:the version and the OpenSSL it runs on'";
    for (const auto* sub : c.app->get_subcommands({}))
      out += " " + shell_word(sub->get_name() + ":" + summary(sub->get_description()));
    for (const auto& f : flags_of(*c.app)) {
      for (const auto& n : f.names) out += " " + shell_word(n + ":" + summary(f.help));
    }
    out += " ) ;;\n";
  }
  out += "  esac\n  _describe 'mtls-doctor' entries\n  _files\n}\n_mtls_doctor \"$@\"\n";
  return out;
}

std::string fish_completion(CLI::App& app) {
  std::string out =
      "# fish completion for mtls-doctor, generated from its command-line definitions.\n"
      "complete -c mtls-doctor -f\n"
      "complete -c mtls-doctor -n __fish_use_subcommand -a help -d 'a command'\\''s help'\n"
      "complete -c mtls-doctor -n __fish_use_subcommand -a version -d 'the version'\n";
  for (auto& c : commands(app)) {
    // Where this command's words apply: after its path, before any of its own commands.
    std::string cond = c.path.empty() ? "__fish_use_subcommand" : "";
    std::string prefix;
    for (std::size_t start = 0; !c.path.empty();) {
      const auto space = c.path.find(' ', start);
      cond += fmt::format("{}__fish_seen_subcommand_from {}", cond.empty() ? "" : "; and ",
                          c.path.substr(start, space == std::string::npos ? std::string::npos : space - start));
      if (space == std::string::npos) break;
      start = space + 1;
    }
    std::string subs;
    for (const auto* sub : c.app->get_subcommands({})) subs += (subs.empty() ? "" : " ") + sub->get_name();
    if (!c.path.empty() && !subs.empty()) cond += fmt::format("; and not __fish_seen_subcommand_from {}", subs);
    for (const auto* sub : c.app->get_subcommands({})) {
      out += fmt::format("complete -c mtls-doctor -n {} -a {} -d {}\n", shell_word(cond), sub->get_name(),
                         shell_word(summary(sub->get_description())));
    }
    for (const auto& f : flags_of(*c.app)) {
      out += fmt::format("complete -c mtls-doctor -n {}", shell_word(cond));
      for (const auto& n : f.names) out += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
      if (f.takes_value) {
        const std::string values = choices(f.value);
        out += values.empty() ? " -r -F" : " -x -a " + shell_word(values);
      }
      out += fmt::format(" -d {}\n", shell_word(summary(f.help)));
    }
  }
  return out;
}

}  // namespace mtlsdoctor::cli
