// The request head a client writes (RFC 9112 §3): the probe's first exchange, with the user's
// method and header fields checked so that nothing they give can split or smuggle a request.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {
namespace {

core::Result<HttpHeader> usage(std::string message) {
  return std::unexpected(core::Error{core::ErrorCategory::Usage, std::move(message), {}, {}});
}

// Fields the probe owns: it sends no body and reads the answer up to the close it asks for.
constexpr std::array<std::string_view, 3> kOwned{"connection", "content-length", "transfer-encoding"};

bool has(const std::vector<HttpHeader>& headers, std::string_view name) {
  return std::ranges::any_of(headers, [&](const HttpHeader& h) { return http_iequals(h.name, name); });
}

}  // namespace

core::Result<HttpHeader> parse_header_field(std::string_view field) {
  const auto colon = field.find(':');
  if (colon == std::string_view::npos)
    return usage(fmt::format("--header '{}': no colon (give 'Name: value')", preview(field)));
  const std::string_view name = field.substr(0, colon);
  std::string_view value = field.substr(colon + 1);
  if (!is_http_token(name))
    return usage(fmt::format("--header '{}': '{}' is not a header name (letters, digits and !#$%&'*+-.^_`|~)",
                             preview(field), preview(name)));
  // RFC 9110 §5.5: field-value = *field-content; CR, LF and NUL are never allowed (request
  // splitting), nor other controls but HTAB.
  if (std::ranges::any_of(value, [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
      })) {
    return usage(fmt::format("--header {}: the value holds a control character (CR, LF, …): not sent", name));
  }
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  for (const auto owned : kOwned) {
    if (http_iequals(name, owned))
      return usage(
          fmt::format("--header {}: set by mtls-doctor (no body is sent; the answer ends with the close)", name));
  }
  return HttpHeader{std::string(name), std::string(value)};
}

core::Result<std::string> parse_method(std::string_view method) {
  if (!is_http_token(method))
    return std::unexpected(core::Error{
        core::ErrorCategory::Usage, fmt::format("--request-method '{}': not an HTTP method", preview(method)), {}, {}});
  return std::string(method);
}

std::string format_http_request(const HttpRequestHead& head) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\n", head.method, head.target);
  if (!has(head.headers, "host")) out += fmt::format("Host: {}\r\n", head.host);
  if (!has(head.headers, "user-agent")) out += "User-Agent: mtls-doctor\r\n";
  if (!has(head.headers, "accept")) out += "Accept: */*\r\n";
  for (const auto& h : head.headers) out += fmt::format("{}: {}\r\n", h.name, h.value);
  // RFC 9110 §8.6: a request whose method defines a body says how long it is, even when empty.
  if (head.method == "POST" || head.method == "PUT" || head.method == "PATCH") out += "Content-Length: 0\r\n";
  out += "Connection: close\r\n\r\n";
  return out;
}

}  // namespace mtlsdoctor::wire
