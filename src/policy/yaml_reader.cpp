#include "mtlsdoctor/policy/yaml_reader.h"

#include <fmt/format.h>

#include <set>

namespace mtlsdoctor::policy::yaml {

Location at(const YAML::Node& node) {
  const auto mark = node.Mark();
  return {mark.line + 1, mark.column + 1};
}

Parsed<std::vector<Entry>> entries(const YAML::Node& node, std::string_view what) {
  if (!node.IsMap()) return fail(at(node), fmt::format("{} must be a mapping (key: value)", what));
  std::vector<Entry> out;
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) return fail(at(it->first), fmt::format("{}: keys must be plain words", what));
    std::string key = it->first.Scalar();
    if (!seen.insert(key).second) return fail(at(it->first), fmt::format("{}: key '{}' appears twice", what, key));
    out.push_back({std::move(key), at(it->first), it->second});
  }
  return out;
}

std::string unknown_key(std::string_view key, std::string_view where, std::string_view known) {
  return fmt::format("unknown key '{}' in {} (expected one of: {})", key, where, known);
}

core::Error parse_error(std::string_view file, Location where, std::string message) {
  return core::Error{
      core::ErrorCategory::Parse, std::move(message), fmt::format("{}:{}:{}", file, where.line, where.column), {}};
}

}  // namespace mtlsdoctor::policy::yaml
