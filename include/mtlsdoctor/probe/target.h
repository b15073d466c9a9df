// What to probe: "host:port", "[v6addr]:port", "https://host[:port]/path".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::probe {

struct Target {
  std::string host;      // name or address literal, without brackets
  std::uint16_t port = 443;
  std::string path = "/";
  bool url = false;      // given as https://… (an HTTP request is certainly expected)

  [[nodiscard]] std::string display() const;  // "host:port", "[::1]:443"
};

[[nodiscard]] core::Result<Target> parse_target(std::string_view text);
// "host:port" for --connect-to.
[[nodiscard]] core::Result<Target> parse_host_port(std::string_view text);

}  // namespace mtlsdoctor::probe
