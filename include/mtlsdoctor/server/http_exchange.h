// One HTTP/1.1 exchange on an accepted, non-blocking socket: the request head read under a
// deadline (wire::HttpRequestParser, every size bounded), one answer from a handler, then close.
// Plain, or HTTPS when given a server-side SSL for the socket: the handshake first, under the
// same deadline, then the same exchange through it, ended with a close_notify.
// `serve --metrics-listen` answers GET /metrics with it; `monitor serve` its whole HTTP side.
// The owner polls fd() for events() until deadline() and calls step() when it wakes.
#pragma once

#include <poll.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/monotonic_clock.h"
#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::server {

struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more fields (WWW-Authenticate, …)
};

// "OK", "Not Found", … (RFC 9110 §15); "Error" for a status not listed.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;
// The whole response: status line, Content-Type, Content-Length, no-store, the answer's own
// headers, Connection: close.
// `head`: the headers only (a HEAD request), Content-Length still the body's.
[[nodiscard]] std::string format_http_answer(const HttpAnswer& answer, bool head = false);

class HttpExchange {
 public:
  // Called once, with a complete request head (any method, any target).
  using Handler = std::function<HttpAnswer(const wire::HttpRequest&)>;

  HttpExchange(net::Fd fd, core::MonoTime deadline) : m_fd(std::move(fd)), m_deadline(deadline) {}
  // HTTPS: `tls` is a server-side SSL whose I/O is `fd` (SSL_set_fd), its handshake not begun.
  HttpExchange(net::Fd fd, core::MonoTime deadline, ossl::SslPtr tls);

  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  [[nodiscard]] short events() const noexcept;
  [[nodiscard]] core::MonoTime deadline() const noexcept { return m_deadline; }
  [[nodiscard]] bool done() const noexcept { return !m_fd; }
  // The connection's TLS (the handler reads the client's certificate from it); null when plain.
  [[nodiscard]] SSL* tls() const noexcept { return m_tls.get(); }
  // Why an HTTPS exchange ended before a request: its handshake failed or timed out, the client
  // refused our certificate, … ("" when it did not).
  [[nodiscard]] const std::string& tls_failure() const noexcept { return m_tls_failure; }

  // Runs the handshake (HTTPS), reads what arrived, answers once the head is complete (a
  // malformed head: 400/414/431/505 without calling the handler), writes what the socket
  // takes; closes when written, on EOF, on an error, or when `expired`.
  void step(bool expired, const Handler& handler);

 private:
  enum class Io { Done, Again, Closed };
  [[nodiscard]] bool handshake();
  Io receive(char* buf, std::size_t size, std::size_t& got);
  Io send(const char* data, std::size_t size, std::size_t& sent);
  void close() noexcept;
  void drain();
  static constexpr std::size_t kMaxDrained = 64 * 1024;

  net::Fd m_fd;
  ossl::SslPtr m_tls;
  bool m_handshaken = false;
  bool m_draining = false;  // after a failed handshake: reading the client's last bytes
  std::size_t m_drained = 0;
  short m_want = POLLIN;  // what TLS waits for
  std::string m_tls_failure;
  core::MonoTime m_deadline;
  wire::HttpRequestParser m_parser{wire::HttpRequestLimits{4096, 8192, 50}};
  std::string m_out;
  std::size_t m_written = 0;
};

}  // namespace mtlsdoctor::server
