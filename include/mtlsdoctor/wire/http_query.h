// A request target's path and query (RFC 3986 §3.3–3.4, the form encoding of HTML forms):
// "/probe?target=127.0.0.1%3A8443&identity=a+b" → "/probe", [("target", "127.0.0.1:8443"),
// ("identity", "a b")]. Percent-escapes are decoded in names and values; a broken escape, a NUL
// or a control character once decoded, or more than kMaxQueryFields fields is an error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::wire {

struct HttpTarget {
  std::string path;  // decoded
  std::vector<std::pair<std::string, std::string>> query;

  // The first value of `name`, if given.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const noexcept;
};

inline constexpr std::size_t kMaxQueryFields = 32;

// An origin-form target ("/path?query"); anything else (absolute form, "*") is an error.
[[nodiscard]] core::Result<HttpTarget> parse_http_target(std::string_view target);

}  // namespace mtlsdoctor::wire
