// Man pages (roff, man(7)) made from the CLI11 definitions and the command table: the same flags
// and texts as --help, so that a page cannot describe a flag that is gone or miss a new one.
#include <fmt/format.h>

#include <cctype>

#include "command_docs.h"

namespace mtlsdoctor::cli {
namespace {

// Text as roff shows it: backslashes escaped, hyphens as minus signs (so that flags can be
// searched and pasted), and no line starting with a control character.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// "lab create" → "mtls-doctor-lab-create", as git names its pages.
std::string page_name(const std::string& path) {
  std::string name = path.empty() ? "mtls-doctor" : "mtls-doctor-" + path;
  for (auto& c : name) c = c == ' ' ? '-' : c;
  return name;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

std::string header(const std::string& name, const std::string& summary) {
  return fmt::format(".TH {} 1 \"\" \"mtls-doctor 0.1.0\" \"User Commands\"\n.SH NAME\n{} \\- {}\n", upper(name),
                     roff(name), roff(first_line(summary)));
}

}  // namespace

std::string man_page(CLI::App& cmd, const std::string& path) {
  std::string out = header(page_name(path), cmd.get_description());
  out += fmt::format(".SH SYNOPSIS\n.B mtls\\-doctor {}\n", roff(path));
  if (!cmd.get_subcommands({}).empty()) out += "\\fICOMMAND\\fR ";
  out += "[\\fIOPTIONS\\fR]";
  for (const auto* opt : cmd.get_options({})) {
    if (!opt->nonpositional()) out += fmt::format(" \\fI{}\\fR", roff(upper(opt->get_name(true))));
  }
  out += fmt::format("\n.SH DESCRIPTION\n{}\n", roff(cmd.get_description()));
  for (const auto* opt : cmd.get_options({})) {
    if (!opt->nonpositional())
      out += fmt::format(".TP\n.I {}\n{}\n", roff(upper(opt->get_name(true))), roff(opt->get_description()));
  }
  if (!cmd.get_subcommands({}).empty()) {
    out += ".SH COMMANDS\n";
    for (const auto* sub : cmd.get_subcommands({})) {
      out += fmt::format(".TP\n.B {}\n{} (see \\fB{}\\fR(1))\n", roff(sub->get_name()),
                         roff(first_line(sub->get_description())), roff(page_name(path + " " + sub->get_name())));
    }
  }
  out += ".SH OPTIONS\n";
  for (const auto& f : flags_of(cmd)) {
    std::string names;
    for (const auto& n : f.names) names += (names.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(n));
    if (f.takes_value) names += fmt::format(" \\fI{}\\fR", roff(f.value));
    out += fmt::format(".TP\n{}\n{}", names, roff(f.help));
    if (!f.default_value.empty()) out += fmt::format(" (default: {})", roff(f.default_value));
    out += "\n";
  }
  if (const CommandDoc* doc = doc_for(path)) {
    out += ".SH EXAMPLES\n";
    for (const auto& [line, what] : doc->examples) out += fmt::format(".TP\n.B {}\n{}\n", roff(line), roff(what));
    out += ".SH EXIT STATUS\n";
    for (const auto& [code, what] : doc->exit_codes) out += fmt::format(".TP\n.B {}\n{}\n", code, roff(what));
  }
  out += ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nno colour in text output\n";
  if (path == "diagnose") {
    out +=
        ".TP\n.B https_proxy, HTTPS_PROXY\nthe proxy to tunnel through, as \\fB\\-\\-proxy\\fR\n"
        ".TP\n.B all_proxy, ALL_PROXY\nthe proxy when neither of the above is set\n"
        ".TP\n.B no_proxy, NO_PROXY\nhosts reached without the proxy, as \\fB\\-\\-noproxy\\fR\n";
  }
  out += fmt::format(".SH SEE ALSO\n\\fBmtls\\-doctor\\fR(1), \\fBopenssl\\fR(1)\n");
  return out;
}

std::string main_man_page(CLI::App& app) {
  std::string out = header("mtls-doctor", "finds, explains and prevents mutual-TLS failures");
  out +=
      ".SH SYNOPSIS\n.B mtls\\-doctor\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n.B mtls\\-doctor help\n"
      "[\\fICOMMAND\\fR]\n.br\n.B mtls\\-doctor\n\\-V | \\-\\-version\n";
  out += fmt::format(".SH DESCRIPTION\n{}\n.SH COMMANDS\n", roff(app.get_description()));
  for (auto& [path, cmd] : all_commands(app)) {
    out += fmt::format(".TP\n.B mtls\\-doctor {}\n{} (see \\fB{}\\fR(1))\n", roff(path),
                       roff(first_line(cmd->get_description())), roff(page_name(path)));
  }
  out +=
      ".SH EXIT STATUS\n.TP\n.B 0\nno problem found\n.TP\n.B 1\na problem found\n.TP\n.B 2\ncould not run\n"
      ".SH SEE ALSO\n";
  std::string see;
  for (auto& [path, cmd] : all_commands(app))
    see += (see.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR(1)", roff(page_name(path)));
  out += see + "\n";
  return out;
}

}  // namespace mtlsdoctor::cli
