#include "mtlsdoctor/policy/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
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

Parsed<std::string> scalar(const Entry& e) {
  if (!e.value.IsScalar() || e.value.Scalar().empty())
    return fail(e.value.IsNull() ? e.key_at : at(e.value), fmt::format("'{}' needs a value (a string)", e.key));
  return e.value.Scalar();
}

Parsed<void> read_fields(const YAML::Node& node, std::string_view what, std::initializer_list<Field> fields) {
  auto items = entries(node, what);
  if (!items) return std::unexpected(items.error());
  for (const auto& e : *items) {
    const auto* f = std::find_if(fields.begin(), fields.end(), [&](const Field& x) { return x.key == e.key; });
    if (f == fields.end()) {
      std::string known;
      for (const auto& x : fields) known += fmt::format("{}{}", known.empty() ? "" : ", ", x.key);
      return fail(e.key_at, unknown_key(e.key, what, known));
    }
    if (auto r = f->read(e); !r) return r;
  }
  return {};
}

core::Error parse_error(std::string_view file, Location where, std::string message) {
  return core::Error{
      core::ErrorCategory::Parse, std::move(message), fmt::format("{}:{}:{}", file, where.line, where.column), {}};
}

}  // namespace mtlsdoctor::policy::yaml
