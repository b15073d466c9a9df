// What a proxy needs of the response it relays (RFC 9112 §6): the head, where the body ends
// (Content-Length, chunked, the close), and a chunked body's last chunk. The bytes are relayed
// as they came; these only say where one response stops, so that the next request on the same
// connection can follow it.
#include <algorithm>
#include <charconv>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {
namespace {

constexpr std::size_t kMaxChunkLine = 4 * 1024;          // a size line with its extensions
constexpr std::size_t kMaxTrailers = 32 * 1024;          // all trailer lines together
constexpr std::size_t kMaxChunk = std::size_t{1} << 40;  // a size beyond this is an attack or an error

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const std::string* HttpResponseHead::header(std::string_view name) const noexcept {
  for (const auto& h : headers) {
    if (http_iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

HttpResponseHead read_http_response_head(std::string_view bytes, std::size_t max_head) {
  HttpResponseHead r;
  auto malformed = [&r] {
    r.status = Parse::Malformed;
    return r;
  };
  constexpr std::string_view kPrefix = "HTTP/1.";
  if (bytes.substr(0, kPrefix.size()) != kPrefix.substr(0, std::min(bytes.size(), kPrefix.size()))) return malformed();
  const auto end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (bytes.size() > max_head) return malformed();
    return r;
  }
  if (end + 4 > max_head) return malformed();
  std::string_view head = bytes.substr(0, end + 2);
  // "HTTP/1.1 200 OK"
  const std::string_view line = head.substr(0, head.find("\r\n"));
  if (line.size() < 12 || line[7] < '0' || line[7] > '9' || line[8] != ' ') return malformed();
  r.minor_version = line[7] - '0';
  const auto [ptr, ec] = std::from_chars(line.data() + 9, line.data() + 12, r.code);
  if (ec != std::errc{} || ptr != line.data() + 12 || r.code < 100 || r.code > 599 ||
      (line.size() > 12 && line[12] != ' ')) {
    return malformed();
  }
  r.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
  head.remove_prefix(line.size() + 2);
  while (!head.empty()) {
    const auto eol = head.find("\r\n");
    const std::string_view field = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    const auto colon = field.find(':');
    if (colon == std::string_view::npos || !is_http_token(field.substr(0, colon))) return malformed();
    const std::string_view value = trim(field.substr(colon + 1));
    if (std::ranges::any_of(value, [](char c) { return c == '\r' || c == '\n' || c == '\0'; })) return malformed();
    r.headers.push_back({std::string(field.substr(0, colon)), std::string(value)});
  }
  r.head_bytes = end + 4;
  r.status = Parse::Complete;
  return r;
}

std::optional<ResponseFraming> response_framing(const HttpResponseHead& head, std::string_view method) {
  // RFC 9112 §6.3, in its order.
  if (http_iequals(method, "HEAD") || (head.code >= 100 && head.code < 200) || head.code == 204 || head.code == 304)
    return ResponseFraming{BodyEnd::None, 0};
  std::optional<std::string_view> encoding;
  std::optional<std::size_t> length;
  for (const auto& h : head.headers) {
    if (http_iequals(h.name, "transfer-encoding")) {
      encoding = h.value;  // the last coding of the last field decides
    } else if (http_iequals(h.name, "content-length")) {
      // "Content-Length: 42" or a list of the same number ("42, 42").
      std::string_view rest = h.value;
      if (trim(rest).empty()) return std::nullopt;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        std::size_t n = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
        if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size()) return std::nullopt;
        if (length && *length != n) return std::nullopt;
        length = n;
      }
    }
  }
  if (encoding) {
    std::string_view last = *encoding;
    if (const auto comma = last.rfind(','); comma != std::string_view::npos) last = last.substr(comma + 1);
    // A Transfer-Encoding overrides Content-Length; a final coding other than chunked ends with the close.
    return http_iequals(trim(last), "chunked") ? ResponseFraming{BodyEnd::Chunked, 0} : ResponseFraming{};
  }
  if (length) return ResponseFraming{BodyEnd::Length, *length};
  return ResponseFraming{};
}

std::size_t ChunkedBodyEnd::feed(std::string_view bytes) {
  std::size_t i = 0;
  auto fail = [this] { m_status = Parse::Malformed; };
  while (i < bytes.size() && m_status == Parse::Incomplete) {
    switch (m_state) {
      case State::Data: {
        const std::size_t take = std::min(m_left, bytes.size() - i);
        i += take;
        m_left -= take;
        if (m_left == 0) {
          m_state = State::DataEnd;
          m_cr = false;
        }
        break;
      }
      case State::DataEnd: {  // the CRLF after a chunk's data
        const char c = bytes[i++];
        if (!m_cr && c == '\r') {
          m_cr = true;
        } else if (m_cr && c == '\n') {
          m_state = State::Size;
          m_line = 0;
          m_size_digits = m_size_done = m_cr = false;
          m_left = 0;
        } else {
          fail();
        }
        break;
      }
      case State::Size: {  // 1*HEXDIG [ chunk-ext ] CRLF
        const char c = bytes[i++];
        if (++m_line > kMaxChunkLine) {
          fail();
          break;
        }
        if (m_cr) {
          if (c != '\n' || !m_size_digits) {
            fail();
            break;
          }
          m_cr = false;
          if (m_left == 0) {
            m_state = State::Trailer;
            m_line = 0;
          } else {
            m_state = State::Data;
          }
        } else if (c == '\r') {
          m_cr = true;
        } else if (!m_size_done && hex_value(c) >= 0) {
          if (m_left > kMaxChunk / 16) {
            fail();
            break;
          }
          m_left = m_left * 16 + static_cast<std::size_t>(hex_value(c));
          m_size_digits = true;
        } else if (m_size_digits && (c == ';' || c == ' ' || c == '\t')) {
          m_size_done = true;  // an extension (or whitespace before it): skipped
        } else if (!m_size_done || c == '\n') {
          fail();
        }
        break;
      }
      case State::Trailer: {  // *( field-line CRLF ) CRLF
        const char c = bytes[i++];
        if (++m_trailer_bytes > kMaxTrailers) {
          fail();
          break;
        }
        if (m_cr) {
          if (c != '\n') {
            fail();
            break;
          }
          m_cr = false;
          if (m_line == 0) {
            m_status = Parse::Complete;
          } else {
            m_line = 0;
          }
        } else if (c == '\r') {
          m_cr = true;
        } else if (c == '\n') {
          fail();
        } else {
          ++m_line;
        }
        break;
      }
    }
  }
  return i;
}

}  // namespace mtlsdoctor::wire
