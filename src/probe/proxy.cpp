#include "mtlsdoctor/probe/proxy.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

#include "mtlsdoctor/probe/target.h"

namespace mtlsdoctor::probe {
namespace {

core::Result<Proxy> usage(std::string message) {
  return std::unexpected(core::Error{core::ErrorCategory::Usage, std::move(message), {}, {}});
}

// RFC 3986 §2.1: credentials in a URL are percent-encoded ("p%40ss" for "p@ss").
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string Proxy::display() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

std::string_view to_string(ProxyScheme s) noexcept {
  switch (s) {
    case ProxyScheme::Http: return "http";
    case ProxyScheme::Https: return "https";
    case ProxyScheme::Socks5: return "socks5";
    case ProxyScheme::Socks5h: return "socks5h";
  }
  return "http";
}

core::Result<Proxy> parse_proxy_url(std::string_view url) {
  std::string_view rest = url;
  Proxy p;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    const std::string name = lower(rest.substr(0, scheme));
    if (name == "http") {
      p.scheme = ProxyScheme::Http;
    } else if (name == "https") {
      p.scheme = ProxyScheme::Https;
    } else if (name == "socks5") {
      p.scheme = ProxyScheme::Socks5;
    } else if (name == "socks5h") {
      p.scheme = ProxyScheme::Socks5h;
    } else {
      return usage(fmt::format("{}:// proxies are not supported (http://, https://, socks5:// and socks5h:// are)",
                               name.substr(0, 16)));
    }
    rest.remove_prefix(scheme + 3);
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") return usage("a proxy URL has no path (http://host:port)");
    rest = rest.substr(0, slash);
  }
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    rest.remove_prefix(at + 1);
    if (p.socks()) {
      const auto colon = userinfo.find(':');
      p.username = percent_decode(userinfo.substr(0, colon));
      p.password = colon == std::string_view::npos ? std::string() : percent_decode(userinfo.substr(colon + 1));
      // RFC 1929 §2: each is 1 to 255 bytes.
      if (p.username.empty() || p.username.size() > 255 || p.password.size() > 255)
        return usage("a SOCKS5 user name and password are 1 to 255 bytes each (RFC 1929)");
    } else {
      p.authorization = "Basic " + base64(percent_decode(userinfo));
    }
  }
  if (rest.empty()) return usage("no proxy host");
  const bool has_port = rest.back() != ']' && rest.find(':') != std::string_view::npos &&
                        (rest.front() == '[' || rest.find(':') == rest.rfind(':'));
  const char* default_port = p.scheme == ProxyScheme::Https ? "443" : "1080";
  auto where = parse_host_port(has_port ? std::string(rest) : fmt::format("{}:{}", rest, default_port));
  if (!where) return usage(fmt::format("{}", where.error().message));  // names host:port only
  p.host = where->host;
  p.port = where->port;
  return p;
}

bool bypasses_proxy(std::string_view host, std::string_view no_proxy) {
  const std::string h = lower(host);
  std::size_t start = 0;
  while (start <= no_proxy.size()) {
    const auto comma = no_proxy.find(',', start);
    std::string_view entry =
        no_proxy.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.front()))) entry.remove_prefix(1);
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back()))) entry.remove_suffix(1);
    if (entry == "*") return true;
    if (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
    if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']') entry = entry.substr(1, entry.size() - 2);
    const std::string e = lower(entry);
    if (!e.empty() && (h == e || (h.size() > e.size() && h.ends_with(e) && h[h.size() - e.size() - 1] == '.')))
      return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace mtlsdoctor::probe
