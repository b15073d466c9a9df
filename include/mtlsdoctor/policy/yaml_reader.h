// Reading YAML with its marks, as the policy file and the monitor configuration do: every
// error at a Location (1-based line and column), mappings whose keys are plain words given once,
// and yaml-cpp's exceptions turned into Parse errors naming FILE:LINE:COLUMN.
#pragma once

#include <yaml-cpp/yaml.h>

#include <expected>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy::yaml {

struct Failure {
  Location where;
  std::string message;
};

template <class T>
using Parsed = std::expected<T, Failure>;

[[nodiscard]] Location at(const YAML::Node& node);

[[nodiscard]] inline std::unexpected<Failure> fail(Location where, std::string message) {
  return std::unexpected(Failure{where, std::move(message)});
}

struct Entry {
  std::string key;
  Location key_at;
  YAML::Node value;
};

// A mapping's entries, refusing duplicate keys and keys that are not plain strings; `what`
// names the mapping in messages ("match", "a files entry").
[[nodiscard]] Parsed<std::vector<Entry>> entries(const YAML::Node& node, std::string_view what);

// "unknown key 'k' in WHERE (expected one of: KNOWN)"
[[nodiscard]] std::string unknown_key(std::string_view key, std::string_view where, std::string_view known);

// A non-empty scalar value ("'KEY' needs a value (a string)" otherwise).
[[nodiscard]] Parsed<std::string> scalar(const Entry& e);

// One key of a mapping: how its value is read (and stored).
struct Field {
  std::string_view key;
  std::function<Parsed<void>(const Entry&)> read;
};

// A field whose value `read(entry)` (a Parsed<T>) is stored in `slot`.
template <class Slot, class Read>
Field field(std::string_view key, Slot& slot, Read read) {
  return {key, [&slot, read = std::move(read)](const Entry& e) -> Parsed<void> {
            auto value = read(e);
            if (!value) return std::unexpected(value.error());
            slot = std::move(*value);
            return {};
          }};
}

// Every entry of the mapping `node` (`what` in messages) read by the field of its key; a key no
// field has is an error listing, in order, the keys expected there.
[[nodiscard]] Parsed<void> read_fields(const YAML::Node& node, std::string_view what,
                                       std::initializer_list<Field> fields);

// A Parse error whose subject is "FILE:LINE:COLUMN".
[[nodiscard]] core::Error parse_error(std::string_view file, Location where, std::string message);

// Loads `text` and reads its root with `read` (Parsed<T>(const YAML::Node&)); invalid YAML and
// every failure become a parse_error of `file`.
template <class T, class Read>
[[nodiscard]] core::Result<T> read_document(std::string_view text, std::string_view file, Read&& read) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return std::unexpected(parse_error(file, {e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg));
  }
  try {
    Parsed<T> parsed = read(root);
    if (!parsed) return std::unexpected(parse_error(file, parsed.error().where, parsed.error().message));
    return std::move(*parsed);
  } catch (const YAML::Exception& e) {
    return std::unexpected(parse_error(file, {e.mark.line + 1, e.mark.column + 1}, e.msg));
  }
}

}  // namespace mtlsdoctor::policy::yaml
