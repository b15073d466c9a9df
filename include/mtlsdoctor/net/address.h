// Socket addresses as people write them: "192.0.2.1:443", "[2001:db8::1]:443".
#pragma once

#include <sys/socket.h>

#include <string>

namespace mtlsdoctor::net {

[[nodiscard]] std::string format_address(const sockaddr* address, socklen_t length);

// Whether `host` is an IPv4 or IPv6 address literal (no brackets), not a name.
[[nodiscard]] bool is_ip_literal(const std::string& host) noexcept;

}  // namespace mtlsdoctor::net
