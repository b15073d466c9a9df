#include "mtlsdoctor/probe/target_file.h"

#include <fmt/format.h>

#include <fstream>
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
    const auto last = line.find_last_not_of(" \t\r");
    auto t = parse_target(line.substr(first, last - first + 1));
    if (!t) return core::fail(core::ErrorCategory::Usage, fmt::format("line {}: {}", number, t.error().message), name);
    out.push_back(std::move(*t));
    if (out.size() > kMaxTargets) return core::fail(core::ErrorCategory::Limit, "more than 100,000 targets", name);
  }
  if (out.empty()) return core::fail(core::ErrorCategory::Usage, "no targets in the file", name);
  return out;
}

core::Result<std::vector<Target>> read_target_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::fail(core::ErrorCategory::Io, "cannot read the targets file", path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_target_list(text.view(), path);
}

}  // namespace mtlsdoctor::probe
