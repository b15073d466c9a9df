// The CONNECT exchange with an HTTP proxy (RFC 9110 §9.3.6): the request a client sends to open a
// tunnel, and the proxy's answer read up to its empty line. Any 2xx opens the tunnel; anything
// else is the proxy's refusal (407 wants credentials, 403 a policy, 502/504 an unreachable target).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {

std::string format_connect_request(std::string_view authority, std::string_view proxy_authorization) {
  std::string out = fmt::format("CONNECT {0} HTTP/1.1\r\nHost: {0}\r\nUser-Agent: mtls-doctor\r\n", authority);
  if (!proxy_authorization.empty()) out += fmt::format("Proxy-Authorization: {}\r\n", proxy_authorization);
  out += "\r\n";
  return out;
}

ConnectAnswer read_connect_answer(std::string_view bytes, std::size_t max_head) {
  ConnectAnswer a;
  constexpr std::string_view kPrefix = "HTTP/1.";
  if (bytes.substr(0, kPrefix.size()) != kPrefix.substr(0, std::min(bytes.size(), kPrefix.size()))) {
    a.status = Parse::Malformed;
    return a;
  }
  const auto end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (bytes.size() > max_head) a.status = Parse::Malformed;
    return a;
  }
  if (end + 4 > max_head) {
    a.status = Parse::Malformed;
    return a;
  }
  // "HTTP/1.1 407 Proxy Authentication Required"
  const std::string_view line = bytes.substr(0, bytes.find("\r\n"));
  if (line.size() < 12 || line[8] != ' ') {
    a.status = Parse::Malformed;
    return a;
  }
  const auto [ptr, ec] = std::from_chars(line.data() + 9, line.data() + 12, a.code);
  if (ec != std::errc{} || ptr != line.data() + 12 || a.code < 100 || a.code > 599 ||
      (line.size() > 12 && line[12] != ' ')) {
    a.status = Parse::Malformed;
    return a;
  }
  a.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
  a.head_bytes = end + 4;
  a.status = Parse::Complete;
  return a;
}

}  // namespace mtlsdoctor::wire
