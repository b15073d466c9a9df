#pragma once
#include <string_view>
namespace mtlsdoctor::probe::detail {
// RFC 8446 §6 and RFC 5246 §7.2 AlertDescription names, as the RFCs spell them.
[[nodiscard]] std::string_view alert_name(int code) noexcept;
[[nodiscard]] std::string_view handshake_name(int type) noexcept;
}  // namespace mtlsdoctor::probe::detail
