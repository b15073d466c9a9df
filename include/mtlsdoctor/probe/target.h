// What to probe: "host:port", "[v6addr]:port", "https://host[:port]/path",
// "postgres[ql]://[user@]host[:port][/database]" (port 5432), "smtp://host[:port]" (port 25).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/probe/transcript.h"

namespace mtlsdoctor::probe {

struct Target {
  std::string host;  // name or address literal, without brackets
  std::uint16_t port = 443;
  std::string path = "/";
  bool url = false;                    // given as https://… (an HTTP request is certainly expected)
  StartTls starttls = StartTls::None;  // given as postgres://, postgresql:// or smtp://
  std::string user;                    // postgres://USER@…: the role to log in as
  std::string database;                // postgres://…/DATABASE

  [[nodiscard]] std::string display() const;  // "host:port", "[::1]:443"
};

[[nodiscard]] core::Result<Target> parse_target(std::string_view text);
// "host:port" for --connect-to.
[[nodiscard]] core::Result<Target> parse_host_port(std::string_view text);

}  // namespace mtlsdoctor::probe
