#include "mtlsdoctor/probe/target_file.h"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace mtlsdoctor::probe {

core::Result<std::vector<Target>> parse_target_list(std::string_view text, std::string_view source) {
  std::vector<Target> out;
  const std::string name(source);
  int number = 0;
  while (!text.empty()) {
    ++number;
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    // "host:port   # note": a comment after white space ends the line.
    std::string_view entry = line.substr(first);
    for (std::size_t i = 1; i < entry.size(); ++i) {
      if (entry[i] == '#' && (entry[i - 1] == ' ' || entry[i - 1] == '\t')) {
        entry = entry.substr(0, i);
        break;
      }
    }
    entry = entry.substr(0, entry.find_last_not_of(" \t\r") + 1);
    // A key or certificate given by mistake: never echo its lines.
    if (entry.starts_with("-----BEGIN "))
      return core::fail(core::ErrorCategory::Usage, "is a PEM file (a certificate or key), not a list of targets",
                        name);
    auto t = parse_target(entry);
    if (!t) return core::fail(core::ErrorCategory::Usage, fmt::format("line {}: {}", number, t.error().message), name);
    out.push_back(std::move(*t));
    if (out.size() > kMaxTargets) return core::fail(core::ErrorCategory::Limit, "more than 100,000 targets", name);
  }
  if (out.empty()) return core::fail(core::ErrorCategory::Usage, "no targets in the file", name);
  return out;
}

core::Result<std::vector<Target>> read_target_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return parse_target_list(text.view(), "stdin");
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::fail(core::ErrorCategory::Io, "is a directory, not a targets file", path);
  std::ifstream in(path);
  if (!in)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the targets file: {}", std::strerror(errno)),
                      path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_target_list(text.view(), path);
}

}  // namespace mtlsdoctor::probe
