#include "mtlsdoctor/server/http_exchange.h"

#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace mtlsdoctor::server {

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

std::string format_http_answer(const HttpAnswer& a, bool head) {
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: "
      "close\r\n\r\n{}",
      a.status, reason_phrase(a.status), a.content_type, a.body.size(), head ? std::string_view{} : a.body);
}

void HttpExchange::step(bool expired, const Handler& handler) {
  if (expired) {
    m_fd.reset();
    return;
  }
  if (m_out.empty()) {
    std::array<char, 4096> buf{};
    const ssize_t n = ::read(m_fd.get(), buf.data(), buf.size());
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
      m_fd.reset();
      return;
    }
    switch (m_parser.feed({buf.data(), static_cast<std::size_t>(n)})) {
      case wire::Parse::Incomplete: return;
      case wire::Parse::Malformed:
        m_out = format_http_answer({wire::status_for(m_parser.error()), "text/plain; charset=utf-8",
                                    fmt::format("{}\n", wire::to_string(m_parser.error()))});
        break;
      case wire::Parse::Complete: {
        const auto& r = m_parser.request();
        m_out = format_http_answer(handler(r), r.method == "HEAD");
        break;
      }
    }
  }
  while (m_written < m_out.size()) {
    // MSG_NOSIGNAL: a client gone before its answer is an EPIPE here, never a SIGPIPE.
    const ssize_t w = ::send(m_fd.get(), m_out.data() + m_written, m_out.size() - m_written, MSG_NOSIGNAL);
    if (w < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (w <= 0) break;
    m_written += static_cast<std::size_t>(w);
  }
  m_fd.reset();
}

}  // namespace mtlsdoctor::server
