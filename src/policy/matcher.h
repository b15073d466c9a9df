// A condition compiled once: exact values in a hash set, globs and regular expressions in one
// RE2::Set each, serial ranges sorted, networks by prefix length. Deciding costs one lookup per
// field whatever the number of entries.
#pragma once

#include <memory>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy {

class Matcher {
 public:
  virtual ~Matcher() = default;
  [[nodiscard]] virtual bool matches(const Input& input) const = 0;
  // The values looked at, as printed (for traces).
  [[nodiscard]] virtual std::vector<std::string> observed(const Input& input) const = 0;
};

namespace detail {

// Compiles `condition` (its field, attribute, patterns and number are set). A Parse error
// names the pattern that cannot be compiled; its message has no location (the parser adds it).
struct CompileError {
  std::size_t pattern = 0;
  std::string message;
};
[[nodiscard]] std::expected<std::shared_ptr<const Matcher>, CompileError> compile(const Condition& condition);

}  // namespace detail
}  // namespace mtlsdoctor::policy
