#include "mtlsdoctor/core/hint.h"

#include <charconv>

namespace mtlsdoctor::core {
namespace {

// "\x1e<number>\x1f": record and unit separators, which no message of ours contains.
constexpr char kOpen = '\x1e';
constexpr char kClose = '\x1f';
constexpr int kLast = static_cast<int>(Hint::Alpn);

}  // namespace

std::string hint(Hint h) {
  std::string out(1, kOpen);
  out += std::to_string(static_cast<int>(h));
  out += kClose;
  return out;
}

bool has_hints(std::string_view text) noexcept {
  return text.find(kOpen) != std::string_view::npos;
}

std::string resolve_hints(std::string_view text, std::string_view (*spell)(Hint) noexcept) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto open = text.find(kOpen);
    const auto close = open == std::string_view::npos ? open : text.find(kClose, open);
    int n = -1;
    if (close != std::string_view::npos) {
      const auto digits = text.substr(open + 1, close - open - 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc{} || end != digits.data() + digits.size() || n < 0 || n > kLast) n = -1;
    }
    if (n < 0) {
      // No placeholder (or a malformed one): the rest up to and including the separator is text.
      const auto upto = open == std::string_view::npos ? text.size() : open + 1;
      out += text.substr(0, upto);
      text.remove_prefix(upto);
      continue;
    }
    out += text.substr(0, open);
    out += spell(static_cast<Hint>(n));
    text.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace mtlsdoctor::core
