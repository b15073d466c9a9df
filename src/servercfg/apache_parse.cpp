// Apache httpd's configuration syntax (server/config.c, util.c ap_getword_conf): one directive a
// line, a trailing `\` continues it, `#` starts a comment only as a line's first word, arguments
// are words or '…'/"…" quoted (a backslash escapes the quote), `<Name args>` opens a section
// that `</Name>` closes. `Include`/`IncludeOptional` take a file, a directory (every file in it,
// in order) or a glob, relative to ServerRoot; `Define NAME [VALUE]` sets `${NAME}`.
#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "config_file.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {
namespace {

struct State {
  std::string server_root;
  std::map<std::string, std::string> defines;
  std::size_t files = 0;
};

std::unexpected<core::Error> parse_error(const std::string& file, int line, std::string message) {
  return std::unexpected(
      core::Error{core::ErrorCategory::Parse, std::move(message), fmt::format("{}:{}", file, line), {}});
}

// ap_getword_conf: a word, or a quoted string with its quotes taken off.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    std::string w;
    if (s[i] == '"' || s[i] == '\'') {
      const char q = s[i++];
      while (i < s.size() && s[i] != q) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == q || s[i + 1] == '\\')) ++i;
        w.push_back(s[i++]);
      }
      ++i;
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) w.push_back(s[i++]);
    }
    out.push_back(std::move(w));
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, std::string file, State& state, int depth)
      : m_text(text), m_file(std::move(file)), m_state(state), m_depth(depth) {}

  // Directives until the end of the file; `open` is the stack of sections entered in this file.
  core::Result<std::vector<Directive>> run() {
    std::vector<Directive> top;
    std::vector<Directive> stack;  // open sections
    auto add = [&](Directive d) { (stack.empty() ? top : stack.back().children).push_back(std::move(d)); };
    while (m_pos < m_text.size()) {
      const int line_no = m_line;
      std::string line = logical_line();
      auto first = line.find_first_not_of(" \t\r\f\v");
      if (first == std::string::npos || line[first] == '#') continue;
      line = substitute(line.substr(first));
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      if (line.starts_with("</")) {
        if (!line.ends_with(">")) return parse_error(m_file, line_no, fmt::format("'{}': missing '>'", line));
        std::string name = line.substr(2, line.size() - 3);
        while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
        if (stack.empty()) return parse_error(m_file, line_no, fmt::format("</{}> without matching section", name));
        if (!iequals(stack.back().name, name)) {
          return parse_error(
              m_file, line_no,
              fmt::format("</{}> closes <{}> (opened at line {})", name, stack.back().name, stack.back().line));
        }
        Directive done = std::move(stack.back());
        stack.pop_back();
        add(std::move(done));
        continue;
      }
      Directive d;
      d.file = m_file;
      d.line = line_no;
      if (line.starts_with("<")) {
        if (!line.ends_with(">")) return parse_error(m_file, line_no, fmt::format("'{}': missing '>'", line));
        line = line.substr(1, line.size() - 2);
        d.block = true;
      }
      const auto name_end = line.find_first_of(" \t");
      d.name = line.substr(0, name_end);
      if (d.name.empty()) return parse_error(m_file, line_no, "a section without a name");
      if (const auto args_at = line.find_first_not_of(" \t", name_end);
          name_end != std::string::npos && args_at != std::string::npos) {
        d.raw = line.substr(args_at);
        while (!d.raw.empty() && std::isspace(static_cast<unsigned char>(d.raw.back()))) d.raw.pop_back();
        d.args = words(d.raw);
      }
      if (d.block) {
        if (stack.size() >= 100) return parse_error(m_file, line_no, "sections nested more than 100 deep");
        stack.push_back(std::move(d));
        continue;
      }
      if (iequals(d.name, "ServerRoot") && d.args.size() == 1) m_state.server_root = d.args[0];
      if (iequals(d.name, "Define") && !d.args.empty()) {
        m_state.defines[d.args[0]] = d.args.size() > 1 ? d.args[1] : "";
      }
      if (iequals(d.name, "Include") || iequals(d.name, "IncludeOptional")) {
        auto included = include(d, iequals(d.name, "IncludeOptional"));
        if (!included) return std::unexpected(included.error());
        for (auto& x : *included) add(std::move(x));
        continue;
      }
      add(std::move(d));
    }
    if (!stack.empty()) {
      return parse_error(m_file, stack.back().line,
                         fmt::format("<{}> is not closed by the end of the file", stack.back().name));
    }
    return top;
  }

 private:
  // One line, with `\`-newline continuations joined.
  std::string logical_line() {
    std::string out;
    for (;;) {
      auto end = m_text.find('\n', m_pos);
      if (end == std::string_view::npos) end = m_text.size();
      std::string_view part = m_text.substr(m_pos, end - m_pos);
      m_pos = end + 1;
      ++m_line;
      if (part.ends_with("\r")) part.remove_suffix(1);
      if (part.ends_with("\\") && m_pos < m_text.size()) {
        out.append(part.substr(0, part.size() - 1));
        continue;
      }
      out.append(part);
      return out;
    }
  }

  // ${NAME} of a Define (an undefined one stays as written, as httpd warns and leaves it).
  std::string substitute(const std::string& line) const {
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
      if (line.compare(i, 2, "${") == 0) {
        const auto end = line.find('}', i);
        if (end != std::string::npos) {
          auto it = m_state.defines.find(line.substr(i + 2, end - i - 2));
          if (it != m_state.defines.end()) {
            out += it->second;
            i = end + 1;
            continue;
          }
        }
      }
      out.push_back(line[i++]);
    }
    return out;
  }

  core::Result<std::vector<Directive>> include(const Directive& d, bool optional) {
    if (d.args.size() != 1)
      return parse_error(m_file, d.line, fmt::format("{} takes one file, directory or glob", d.name));
    if (m_depth >= kMaxIncludeDepth) return parse_error(m_file, d.line, "includes nested more than 64 deep");
    std::string pattern = d.args[0];
    if (pattern.find('\0') != std::string::npos) return parse_error(m_file, d.line, "a file name with a NUL byte");
    if (!pattern.starts_with("/")) {
      pattern = (std::filesystem::path(m_state.server_root) / pattern).lexically_normal().string();
    }
    std::vector<std::string> paths;
    std::error_code ec;
    if (pattern.find_first_of("*?[") == std::string::npos) {
      if (std::filesystem::is_directory(pattern, ec)) {
        for (const auto& e : std::filesystem::directory_iterator(pattern, ec)) {
          if (!e.is_directory(ec)) paths.push_back(e.path().string());
        }
        std::sort(paths.begin(), paths.end());
      } else if (std::filesystem::exists(pattern, ec)) {
        paths.push_back(pattern);
      } else if (!optional) {
        return parse_error(m_file, d.line, fmt::format("{}: {} does not exist", d.name, pattern));
      }
    } else {
      glob_t g{};
      if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
        for (std::size_t i = 0; i < g.gl_pathc; ++i) {
          if (!std::filesystem::is_directory(g.gl_pathv[i], ec)) paths.emplace_back(g.gl_pathv[i]);
        }
      }
      globfree(&g);
      if (paths.empty() && !optional) {
        return parse_error(m_file, d.line,
                           fmt::format("Include: no file matches {} (IncludeOptional allows that)", pattern));
      }
    }
    m_state.files += paths.size();
    if (m_state.files > kMaxIncludedFiles) return parse_error(m_file, d.line, "more than 4,096 included files");
    return parse_included(
        paths,
        [this](const std::string& text, const std::string& path) {
          return Parser(text, path, m_state, m_depth + 1).run();
        },
        [this, &d](const std::string& path, const core::Error& e) {
          return parse_error(m_file, d.line, fmt::format("{}: {}", path, e.message));
        });
  }

  std::string_view m_text;
  std::string m_file;
  State& m_state;
  int m_depth;
  std::size_t m_pos = 0;
  int m_line = 1;
};

}  // namespace

core::Result<std::vector<Directive>> parse_apache(std::string_view text, const std::string& file,
                                                  const std::string& server_root) {
  State state{server_root, {}, 0};
  Parser parser(text, file, state, 0);
  return parser.run();
}

core::Result<std::vector<Directive>> read_apache(const std::string& path) {
  auto text = read_config_file(path);
  if (!text) return std::unexpected(text.error());
  const auto dir = std::filesystem::path(path).parent_path().string();
  return parse_apache(*text, path, dir.empty() ? "." : dir);
}

}  // namespace mtlsdoctor::servercfg
