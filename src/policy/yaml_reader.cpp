#include "mtlsdoctor/policy/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
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

core::Result<std::string> read_file(const std::string& path, std::string_view what, std::size_t limit) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::fail(core::ErrorCategory::Io, fmt::format("is a directory, not a {}", what), path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the {}: {}", what, std::strerror(errno)), path);
  std::string text;
  char buf[16384];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit)
      return core::fail(core::ErrorCategory::Limit, fmt::format("{} larger than {} MiB", what, limit >> 20), path);
  }
  if (in.bad()) return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the {}", what), path);
  return text;
}

core::Error parse_error(std::string_view file, Location where, std::string message) {
  return core::Error{
      core::ErrorCategory::Parse, std::move(message), fmt::format("{}:{}:{}", file, where.line, where.column), {}};
}

}  // namespace mtlsdoctor::policy::yaml
