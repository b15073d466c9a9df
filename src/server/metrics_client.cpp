#include "metrics_client.h"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace mtlsdoctor::server::detail {
namespace {

std::string response(int status, std::string_view reason, std::string_view type, std::string_view body) {
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", status,
                     reason, type, body.size(), body);
}

}  // namespace

void MetricsClient::step(bool expired, const Render& render) {
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
        m_out = response(wire::status_for(m_parser.error()), "Bad Request", "text/plain", "bad request\n");
        break;
      case wire::Parse::Complete: {
        const auto& r = m_parser.request();
        const bool metrics = r.target == "/metrics" || r.target.starts_with("/metrics?");
        if (r.method != "GET" && r.method != "HEAD") {
          m_out = response(405, "Method Not Allowed", "text/plain", "GET /metrics\n");
        } else if (!metrics) {
          m_out = response(404, "Not Found", "text/plain", "GET /metrics\n");
        } else {
          m_out = response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", r.method == "HEAD" ? "" : render());
        }
        break;
      }
    }
  }
  while (m_written < m_out.size()) {
    const ssize_t w = ::write(m_fd.get(), m_out.data() + m_written, m_out.size() - m_written);
    if (w < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (w <= 0) break;
    m_written += static_cast<std::size_t>(w);
  }
  m_fd.reset();
}

}  // namespace mtlsdoctor::server::detail
