// The request head a server reads (RFC 9112 §2–§5), fed in pieces cut anywhere. Everything is
// bounded: the request line, each header line, all headers together and their number. What a
// server must refuse is refused with the status RFC 9112 and RFC 6585 name for it.
#include <algorithm>
#include <cctype>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {

bool is_http_token(std::string_view s) noexcept {
  // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" /
  // "_" / "`" / "|" / "~" / DIGIT / ALPHA.
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool http_iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

namespace {

std::string_view trim_ows(std::string_view s) {  // RFC 9110 §5.6.3: OWS = *( SP / HTAB )
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A request-target has no whitespace or control characters (RFC 9112 §3.2).
bool valid_target(std::string_view s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

}  // namespace

std::string_view to_string(HttpRequestError e) noexcept {
  switch (e) {
    case HttpRequestError::None: return "none";
    case HttpRequestError::BadRequestLine: return "bad-request-line";
    case HttpRequestError::BadHeader: return "bad-header";
    case HttpRequestError::MissingHost: return "missing-host";
    case HttpRequestError::RequestLineTooLong: return "request-line-too-long";
    case HttpRequestError::HeadersTooLarge: return "headers-too-large";
    case HttpRequestError::VersionNotSupported: return "version-not-supported";
  }
  return "none";
}

int status_for(HttpRequestError e) noexcept {
  switch (e) {
    case HttpRequestError::None: return 200;
    case HttpRequestError::BadRequestLine:
    case HttpRequestError::BadHeader:
    case HttpRequestError::MissingHost: return 400;
    case HttpRequestError::RequestLineTooLong: return 414;
    case HttpRequestError::HeadersTooLarge: return 431;  // RFC 6585 §5
    case HttpRequestError::VersionNotSupported: return 505;
  }
  return 400;
}

const std::string* HttpRequest::header(std::string_view name) const noexcept {
  for (const auto& h : headers) {
    if (http_iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::string_view HttpRequestParser::remainder() const noexcept {
  return m_state == State::Done ? std::string_view(m_buffer) : std::string_view{};
}

std::size_t HttpRequestParser::line_limit() const noexcept {
  return m_state == State::RequestLine
             ? m_limits.max_request_line
             : m_limits.max_header_bytes - std::min(m_header_bytes, m_limits.max_header_bytes);
}

Parse HttpRequestParser::fail(HttpRequestError e) {
  m_state = State::Failed;
  m_error = e;
  m_buffer.clear();
  return Parse::Malformed;
}

Parse HttpRequestParser::feed(std::string_view bytes) {
  if (m_state == State::Done) return Parse::Complete;
  if (m_state == State::Failed) return Parse::Malformed;
  m_buffer.append(bytes);
  std::size_t start = 0;
  for (;;) {
    const auto nl = m_buffer.find('\n', start + m_scanned);
    if (nl == std::string::npos) {
      m_scanned = m_buffer.size() - start;
      // A line still without its end that is already too long can only be refused.
      if (m_scanned > line_limit()) {
        return fail(m_state == State::RequestLine ? HttpRequestError::RequestLineTooLong
                                                  : HttpRequestError::HeadersTooLarge);
      }
      m_buffer.erase(0, start);
      return Parse::Incomplete;
    }
    m_scanned = 0;
    std::string_view line(m_buffer.data() + start, nl - start);
    start = nl + 1;
    // RFC 9112 §2.2: a lone LF may end a line; the CR before it is dropped.
    if (line.ends_with('\r')) line.remove_suffix(1);
    const Parse p = m_state == State::RequestLine ? request_line(line) : header_line(line);
    if (p == Parse::Malformed) return p;
    if (p == Parse::Complete) {
      m_buffer.erase(0, start);
      return p;
    }
  }
}

// request-line = method SP request-target SP HTTP-version (RFC 9112 §3).
Parse HttpRequestParser::request_line(std::string_view line) {
  if (line.size() > m_limits.max_request_line) return fail(HttpRequestError::RequestLineTooLong);
  // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
  if (line.empty()) return Parse::Incomplete;
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return fail(HttpRequestError::BadRequestLine);
  }
  const auto method = line.substr(0, sp1);
  const auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto version = line.substr(sp2 + 1);
  if (!is_http_token(method) || !valid_target(target)) return fail(HttpRequestError::BadRequestLine);
  // HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive, RFC 9112 §2.3).
  if (version.size() != 8 || !version.starts_with("HTTP/") || !std::isdigit(static_cast<unsigned char>(version[5])) ||
      version[6] != '.' || !std::isdigit(static_cast<unsigned char>(version[7]))) {
    return fail(HttpRequestError::BadRequestLine);
  }
  if (version[5] != '1') return fail(HttpRequestError::VersionNotSupported);
  m_request.method = std::string(method);
  m_request.target = std::string(target);
  m_request.minor_version = version[7] - '0';
  m_state = State::Headers;
  return Parse::Incomplete;
}

// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5); an empty line ends the head.
Parse HttpRequestParser::header_line(std::string_view line) {
  if (line.empty()) {
    // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is a 400.
    if (m_request.minor_version >= 1) {
      const auto hosts = std::count_if(m_request.headers.begin(), m_request.headers.end(),
                                       [](const HttpHeader& h) { return http_iequals(h.name, "host"); });
      if (hosts != 1) return fail(HttpRequestError::MissingHost);
    }
    m_state = State::Done;
    return Parse::Complete;
  }
  m_header_bytes += line.size() + 2;
  if (m_header_bytes > m_limits.max_header_bytes || m_request.headers.size() >= m_limits.max_headers) {
    return fail(HttpRequestError::HeadersTooLarge);
  }
  // RFC 9112 §5.2: obsolete line folding; a server may reject it with 400, which we do.
  if (line.front() == ' ' || line.front() == '\t') return fail(HttpRequestError::BadHeader);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return fail(HttpRequestError::BadHeader);
  // RFC 9112 §5.1: no whitespace between the name and the colon (a server MUST reject it).
  const auto name = line.substr(0, colon);
  if (!is_http_token(name)) return fail(HttpRequestError::BadHeader);
  const auto value = trim_ows(line.substr(colon + 1));
  // RFC 9110 §5.5: CR, LF and NUL are never valid in a field value.
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    return fail(HttpRequestError::BadHeader);
  m_request.headers.push_back({std::string(name), std::string(value)});
  return Parse::Incomplete;
}

}  // namespace mtlsdoctor::wire
