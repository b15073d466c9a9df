// HAProxy's configuration syntax (src/cfgparse.c, parse_line()): a section keyword (`global`,
// `defaults`, `frontend NAME`, `backend NAME`, `listen NAME`, …) starts a section that lasts
// until the next one; every other line is a directive of the current section. Words are split
// on spaces; "…" quotes (with `\` escapes and `$VAR` expansion, which is not done here),
// '…' quotes literally, `\` escapes one character outside quotes, `#` starts a comment.
#include <fmt/format.h>

#include <array>
#include <filesystem>

#include "config_file.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {
namespace {

constexpr std::array kSections = {"global",    "defaults", "frontend", "backend",     "listen", "userlist", "peers",
                                  "resolvers", "mailers",  "program",  "http-errors", "ring",   "cache",    "traces"};

bool is_section(std::string_view word) {
  for (auto s : kSections) {
    if (word == s) return true;
  }
  return false;
}

std::unexpected<core::Error> parse_error(const std::string& where, std::string message) {
  return std::unexpected(core::Error{core::ErrorCategory::Parse, std::move(message), where, {}});
}

}  // namespace

core::Result<std::vector<Directive>> parse_haproxy(std::string_view text, const std::string& file) {
  std::vector<Directive> out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i >= line.size() || line[i] == '#') break;
      std::string w;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) && line[i] != '#') {
        const char c = line[i];
        if (c == '"' || c == '\'') {
          const std::size_t open = i++;
          while (i < line.size() && line[i] != c) {
            if (c == '"' && line[i] == '\\' && i + 1 < line.size()) ++i;
            w.push_back(line[i++]);
          }
          if (i >= line.size()) {
            return parse_error(fmt::format("{}:{}:{}", file, line_no, open + 1), "unmatched quote");
          }
          ++i;
        } else if (c == '\\' && i + 1 < line.size()) {
          w.push_back(line[i + 1]);
          i += 2;
        } else {
          w.push_back(c);
          ++i;
        }
      }
      words.push_back(std::move(w));
    }
    if (words.empty()) continue;
    Directive d;
    d.name = words.front();
    d.args.assign(words.begin() + 1, words.end());
    d.file = file;
    d.line = line_no;
    if (is_section(d.name)) {
      d.block = true;
      out.push_back(std::move(d));
      continue;
    }
    if (out.empty()) {
      return parse_error(
          fmt::format("{}:{}", file, line_no),
          fmt::format("'{}' outside any section (global, defaults, frontend, backend, listen, …)", d.name));
    }
    out.back().children.push_back(std::move(d));
  }
  return out;
}

core::Result<std::vector<Directive>> read_haproxy(const std::string& path) {
  auto text = read_config_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_haproxy(*text, path);
}

}  // namespace mtlsdoctor::servercfg
