// An HTTP proxy the probe tunnels through with CONNECT (--proxy, HTTPS_PROXY), as curl reads
// one: "http://[user[:password]@]host[:port]" (port 1080 by default) and NO_PROXY's exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::probe {

struct Proxy {
  std::string host;  // name or address literal, without brackets
  std::uint16_t port = 1080;
  std::string authorization;  // "Basic …" from the URL's credentials; never shown or logged

  [[nodiscard]] std::string display() const;  // "host:port", without the credentials
};

// http:// or no scheme; https:// and socks proxies are refused (not supported). Errors never
// repeat the credentials.
[[nodiscard]] core::Result<Proxy> parse_proxy_url(std::string_view url);

// Whether NO_PROXY (comma-separated: "*", host names matching themselves and their subdomains,
// with or without a leading dot, address literals) exempts `host` from the proxy.
[[nodiscard]] bool bypasses_proxy(std::string_view host, std::string_view no_proxy);

}  // namespace mtlsdoctor::probe
