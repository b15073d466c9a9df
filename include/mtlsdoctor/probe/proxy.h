// A proxy the probe tunnels through (--proxy, HTTPS_PROXY, ALL_PROXY), as curl reads one:
// "SCHEME://[user[:password]@]host[:port]" and NO_PROXY's exceptions. http:// (the default) and
// https:// (TLS to the proxy first) tunnel with CONNECT; socks5:// (the target's name resolved
// here) and socks5h:// (resolved by the proxy) with SOCKS5 (RFC 1928, passwords RFC 1929).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::probe {

enum class ProxyScheme { Http, Https, Socks5, Socks5h };
[[nodiscard]] std::string_view to_string(ProxyScheme s) noexcept;  // "http", "https", "socks5", "socks5h"

struct Proxy {
  ProxyScheme scheme = ProxyScheme::Http;
  std::string host;           // name or address literal, without brackets
  std::uint16_t port = 1080;  // as curl: 1080 unless given, 443 for https://
  std::string authorization;  // http(s): "Basic …" from the URL's credentials; never shown or logged
  std::string username;       // socks5(h): RFC 1929 credentials from the URL; never shown or logged
  std::string password;
  std::string cacert;  // https: the CA file that verifies the proxy's certificate; empty: the system's

  [[nodiscard]] bool socks() const noexcept { return scheme == ProxyScheme::Socks5 || scheme == ProxyScheme::Socks5h; }

  [[nodiscard]] std::string display() const;  // "host:port", without the credentials
};

// http://, https://, socks5://, socks5h:// or no scheme (http); others (socks4://) are refused.
// Errors never repeat the credentials.
[[nodiscard]] core::Result<Proxy> parse_proxy_url(std::string_view url);

// Whether NO_PROXY (comma-separated: "*", host names matching themselves and their subdomains,
// with or without a leading dot, address literals) exempts `host` from the proxy.
[[nodiscard]] bool bypasses_proxy(std::string_view host, std::string_view no_proxy);

}  // namespace mtlsdoctor::probe
