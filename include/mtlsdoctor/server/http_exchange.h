// One plain HTTP/1.1 exchange on an accepted, non-blocking socket: the request head read under a
// deadline (wire::HttpRequestParser, every size bounded), one answer from a handler, then close.
// `serve --metrics-listen` answers GET /metrics with it; `monitor serve` its whole HTTP side.
// The owner polls fd() for events() until deadline() and calls step() when it wakes.
#pragma once

#include <poll.h>

#include <functional>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/monotonic_clock.h"
#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::server {

struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// "OK", "Not Found", … (RFC 9110 §15); "Error" for a status not listed.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;
// The whole response: status line, Content-Type, Content-Length, no-store, Connection: close.
// `head`: the headers only (a HEAD request), Content-Length still the body's.
[[nodiscard]] std::string format_http_answer(const HttpAnswer& answer, bool head = false);

class HttpExchange {
 public:
  // Called once, with a complete request head (any method, any target).
  using Handler = std::function<HttpAnswer(const wire::HttpRequest&)>;

  HttpExchange(net::Fd fd, core::MonoTime deadline) : m_fd(std::move(fd)), m_deadline(deadline) {}

  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  [[nodiscard]] short events() const noexcept { return m_out.empty() ? POLLIN : POLLOUT; }
  [[nodiscard]] core::MonoTime deadline() const noexcept { return m_deadline; }
  [[nodiscard]] bool done() const noexcept { return !m_fd; }

  // Reads what arrived, answers once the head is complete (a malformed head: 400/414/431/505
  // without calling the handler), writes what the socket takes; closes when written, on EOF,
  // on an error, or when `expired`.
  void step(bool expired, const Handler& handler);

 private:
  net::Fd m_fd;
  core::MonoTime m_deadline;
  wire::HttpRequestParser m_parser{wire::HttpRequestLimits{4096, 8192, 50}};
  std::string m_out;
  std::size_t m_written = 0;
};

}  // namespace mtlsdoctor::server
