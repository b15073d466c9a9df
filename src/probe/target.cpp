#include "mtlsdoctor/probe/target.h"

#include <fmt/format.h>

#include <charconv>

namespace mtlsdoctor::probe {

std::string Target::display() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

namespace {

core::Result<std::uint16_t> parse_port(std::string_view text, std::string_view whole) {
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value == 0 || value > 65535) {
    return core::fail(core::ErrorCategory::Usage, fmt::format("bad port '{}' in '{}'", text, whole));
  }
  return static_cast<std::uint16_t>(value);
}

// "host[:port]" or "[v6][:port]"; `default_port` when none is given (0: a port is required).
core::Result<Target> parse_authority(std::string_view text, std::string_view whole, std::uint16_t default_port) {
  Target t;
  std::string_view rest;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos)
      return core::fail(core::ErrorCategory::Usage, fmt::format("unclosed '[' in '{}'", whole));
    t.host = std::string(text.substr(1, close - 1));
    rest = text.substr(close + 1);
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) {
      return core::fail(core::ErrorCategory::Usage,
                        fmt::format("'{}': write IPv6 addresses in brackets, e.g. [::1]:443", whole));
    }
    t.host = std::string(text.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
  }
  if (t.host.empty()) return core::fail(core::ErrorCategory::Usage, fmt::format("no host in '{}'", whole));
  if (rest.empty()) {
    if (default_port == 0)
      return core::fail(core::ErrorCategory::Usage, fmt::format("no port in '{}' (host:port)", whole));
    t.port = default_port;
  } else {
    if (rest.front() != ':')
      return core::fail(core::ErrorCategory::Usage, fmt::format("unexpected '{}' in '{}'", rest, whole));
    auto port = parse_port(rest.substr(1), whole);
    if (!port) return std::unexpected(port.error());
    t.port = *port;
  }
  return t;
}

}  // namespace

core::Result<Target> parse_target(std::string_view text) {
  if (text.starts_with("https://")) {
    std::string_view rest = text.substr(8);
    const auto slash = rest.find('/');
    auto t = parse_authority(rest.substr(0, slash), text, 443);
    if (!t) return t;
    t->url = true;
    if (slash != std::string_view::npos) t->path = std::string(rest.substr(slash));
    return t;
  }
  struct Scheme {
    std::string_view prefix;
    StartTls starttls;
    std::uint16_t port;
  };
  static constexpr Scheme kSchemes[] = {{"postgres://", StartTls::Postgres, 5432},
                                        {"postgresql://", StartTls::Postgres, 5432},
                                        {"smtp://", StartTls::Smtp, 25}};
  for (const auto& scheme : kSchemes) {
    if (!text.starts_with(scheme.prefix)) continue;
    std::string_view rest = text.substr(scheme.prefix.size());
    rest = rest.substr(0, rest.find('?'));  // libpq parameters (sslmode=…) are ours to decide
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string user;
    if (const auto at = authority.rfind('@'); at != std::string_view::npos && scheme.starttls == StartTls::Postgres) {
      user = std::string(authority.substr(0, at));
      if (user.find(':') != std::string::npos) {
        return core::fail(core::ErrorCategory::Usage,
                          fmt::format("'{}': no password in the URL, mtls-doctor never sends one", text));
      }
      authority = authority.substr(at + 1);
    }
    auto t = parse_authority(authority, text, scheme.port);
    if (!t) return t;
    t->starttls = scheme.starttls;
    t->user = std::move(user);
    if (slash != std::string_view::npos) {
      if (scheme.starttls != StartTls::Postgres && rest.size() > slash + 1) {
        return core::fail(core::ErrorCategory::Usage, fmt::format("'{}': an smtp:// URL has no path", text));
      }
      t->database = std::string(rest.substr(slash + 1));
    }
    return t;
  }
  if (text.find("://") != std::string_view::npos) {
    return core::fail(
        core::ErrorCategory::Usage,
        fmt::format("'{}': only https://, postgres://, postgresql:// and smtp:// URLs, or host:port", text));
  }
  return parse_authority(text, text, 443);  // a bare host is HTTPS's, as curl and browsers read it
}

core::Result<Target> parse_host_port(std::string_view text) {
  return parse_authority(text, text, 0);
}

}  // namespace mtlsdoctor::probe
