#include "mtlsdoctor/wire/http_query.h"

#include <fmt/format.h>

namespace mtlsdoctor::wire {
namespace {

int hex(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

core::Result<std::string> decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      const int hi = i + 2 < s.size() ? hex(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hex(s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return core::fail(core::ErrorCategory::Parse, "a broken percent-escape in the request target");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      return core::fail(core::ErrorCategory::Parse, "a control character in the request target");
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<std::string_view> HttpTarget::get(std::string_view name) const noexcept {
  for (const auto& [k, v] : query)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

core::Result<HttpTarget> parse_http_target(std::string_view target) {
  if (!target.starts_with('/')) return core::fail(core::ErrorCategory::Parse, "the request target is not a path");
  if (const auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  const auto q = target.find('?');
  HttpTarget out;
  auto path = decode(target.substr(0, q), false);
  if (!path) return std::unexpected(path.error());
  out.path = std::move(*path);
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view field = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (field.empty()) continue;
    if (out.query.size() == kMaxQueryFields)
      return core::fail(core::ErrorCategory::Limit, fmt::format("more than {} query fields", kMaxQueryFields));
    const auto eq = field.find('=');
    auto name = decode(field.substr(0, eq), true);
    if (!name) return std::unexpected(name.error());
    auto value = decode(eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1), true);
    if (!value) return std::unexpected(value.error());
    out.query.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

}  // namespace mtlsdoctor::wire
