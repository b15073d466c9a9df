// Printable previews of what a peer said, for notes and error messages.
#include <fmt/format.h>

#include <cctype>

#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::wire {

std::string preview(std::string_view bytes, std::size_t max) {
  std::string out;
  for (const char c : bytes.substr(0, max)) {
    if (c == '\r' || c == '\n') break;
    const auto u = static_cast<unsigned char>(c);
    if (std::isprint(u)) {
      out += c;
    } else {
      out += fmt::format("\\x{:02x}", u);
    }
  }
  if (bytes.size() > max && bytes.substr(0, max).find('\n') == std::string_view::npos) out += "...";
  return out;
}

std::string escape_bytes(std::string_view bytes, std::size_t max) {
  std::string out;
  for (const char c : bytes.substr(0, max)) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      default: out += u >= 0x20 && u < 0x7f ? std::string(1, c) : fmt::format("\\x{:02x}", u);
    }
  }
  if (bytes.size() > max) out += "...";
  return out;
}

}  // namespace mtlsdoctor::wire
