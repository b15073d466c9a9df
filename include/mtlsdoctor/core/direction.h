// Which way something went on a connection, seen from our side of it (either role).
#pragma once

#include <string_view>

namespace mtlsdoctor::core {

enum class Direction { Sent, Received };

[[nodiscard]] constexpr std::string_view to_string(Direction d) noexcept {
  return d == Direction::Sent ? "sent" : "received";
}

}  // namespace mtlsdoctor::core
