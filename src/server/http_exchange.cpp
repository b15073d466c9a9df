#include "mtlsdoctor/server/http_exchange.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace mtlsdoctor::server {

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
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
  std::string fields;
  for (const auto& [name, value] : a.headers) fields += fmt::format("{}: {}\r\n", name, value);
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}Connection: "
      "close\r\n\r\n{}",
      a.status, reason_phrase(a.status), a.content_type, a.body.size(), fields, head ? std::string_view{} : a.body);
}

namespace {

// Why a server-side handshake failed, in OpenSSL's words: the verification result when the
// client's certificate did not verify, else the last reason queued ("peer did not return a
// certificate", "no shared cipher", "tlsv1 alert unknown ca" — the client refused ours, …).
std::string handshake_failure(SSL* ssl, int error) {
  const long verify = SSL_get_verify_result(ssl);
  const unsigned long last = ERR_peek_last_error();
  std::string why;
  if (last != 0 && ERR_GET_LIB(last) == ERR_LIB_SSL && ERR_GET_REASON(last) == SSL_R_CERTIFICATE_VERIFY_FAILED &&
      verify != X509_V_OK)
    why = fmt::format("the client certificate did not verify: {} (verify code {})",
                      X509_verify_cert_error_string(verify), verify);
  else if (last != 0 && ERR_GET_LIB(last) == ERR_LIB_SSL && ERR_GET_REASON(last) == SSL_R_HTTP_REQUEST)
    why = "plain HTTP sent to the HTTPS port (answered 400)";
  else if (last != 0 && ERR_reason_error_string(last) != nullptr)
    why = ERR_reason_error_string(last);
  else if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN)
    why = "the client closed the connection during the handshake";
  else
    why = "the TLS handshake failed";
  ERR_clear_error();
  return why;
}

// What Go's servers answer to plain HTTP on an HTTPS port, so that a scraper configured with
// http:// reads a status and a sentence instead of a reset.
constexpr std::string_view kPlainHttpOnHttps =
    "HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
    "Client sent an HTTP request to an HTTPS server.\n";

}  // namespace

HttpExchange::HttpExchange(net::Fd fd, core::MonoTime deadline, ossl::SslPtr tls)
    : m_fd(std::move(fd)), m_tls(std::move(tls)), m_deadline(deadline) {
  // A write may take part of the answer; the rest goes when the socket is writable again.
  if (m_tls) SSL_set_mode(m_tls.get(), SSL_MODE_ENABLE_PARTIAL_WRITE);
}

short HttpExchange::events() const noexcept {
  if (m_tls) return m_want;
  return m_out.empty() ? POLLIN : POLLOUT;
}

void HttpExchange::close() noexcept {
  // A close_notify when the handshake completed: a clean end, not a truncation, for the client.
  if (m_tls && m_handshaken) {
    ERR_clear_error();
    (void)SSL_shutdown(m_tls.get());
    ERR_clear_error();
  }
  m_fd.reset();
}

bool HttpExchange::handshake() {
  ERR_clear_error();
  const int r = SSL_do_handshake(m_tls.get());
  if (r == 1) {
    m_handshaken = true;
    m_want = POLLIN;
    return true;
  }
  const int e = SSL_get_error(m_tls.get(), r);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
    m_want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    return false;
  }
  const unsigned long last = ERR_peek_last_error();
  if (last != 0 && ERR_GET_LIB(last) == ERR_LIB_SSL && ERR_GET_REASON(last) == SSL_R_HTTP_REQUEST)
    (void)::send(m_fd.get(), kPlainHttpOnHttps.data(), kPlainHttpOnHttps.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  m_tls_failure = handshake_failure(m_tls.get(), e);
  // The alert (or the 400) is on its way; closing on bytes the client still sends (a TLS 1.3
  // client writes its request before it reads the refusal) would reset the connection and lose
  // it. So: no more writing, then the client's bytes read and dropped until it closes.
  ::shutdown(m_fd.get(), SHUT_WR);
  m_draining = true;
  m_want = POLLIN;
  return false;
}

void HttpExchange::drain() {
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = ::recv(m_fd.get(), buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0 || (m_drained += static_cast<std::size_t>(n)) > kMaxDrained) break;
  }
  m_fd.reset();
}

HttpExchange::Io HttpExchange::receive(char* buf, std::size_t size, std::size_t& got) {
  if (!m_tls) {
    const ssize_t n = ::read(m_fd.get(), buf, size);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return Io::Again;
    if (n <= 0) return Io::Closed;
    got = static_cast<std::size_t>(n);
    return Io::Done;
  }
  ERR_clear_error();
  const int n = SSL_read(m_tls.get(), buf, static_cast<int>(size));
  if (n > 0) {
    got = static_cast<std::size_t>(n);
    return Io::Done;
  }
  const int e = SSL_get_error(m_tls.get(), n);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
    m_want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    return Io::Again;
  }
  ERR_clear_error();
  return Io::Closed;
}

HttpExchange::Io HttpExchange::send(const char* data, std::size_t size, std::size_t& sent) {
  if (!m_tls) {
    // MSG_NOSIGNAL: a client gone before its answer is an EPIPE here, never a SIGPIPE.
    const ssize_t w = ::send(m_fd.get(), data, size, MSG_NOSIGNAL);
    if (w < 0 && (errno == EAGAIN || errno == EINTR)) return Io::Again;
    if (w <= 0) return Io::Closed;
    sent = static_cast<std::size_t>(w);
    return Io::Done;
  }
  ERR_clear_error();
  const int w = SSL_write(m_tls.get(), data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
  if (w > 0) {
    sent = static_cast<std::size_t>(w);
    return Io::Done;
  }
  const int e = SSL_get_error(m_tls.get(), w);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
    m_want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    return Io::Again;
  }
  ERR_clear_error();
  return Io::Closed;
}

void HttpExchange::step(bool expired, const Handler& handler) {
  if (expired) {
    if (m_tls && !m_handshaken && !m_draining) m_tls_failure = "the TLS handshake did not finish in time";
    close();
    return;
  }
  if (m_draining) {
    drain();
    return;
  }
  if (m_tls && !m_handshaken && !handshake()) return;
  // Read until the head is complete or nothing more has come (TLS may hold decrypted bytes the
  // socket no longer signals).
  while (m_out.empty()) {
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    switch (receive(buf.data(), buf.size(), n)) {
      case Io::Again: return;
      case Io::Closed: close(); return;
      case Io::Done: break;
    }
    switch (m_parser.feed({buf.data(), n})) {
      case wire::Parse::Incomplete: continue;
      case wire::Parse::Malformed:
        m_out = format_http_answer({wire::status_for(m_parser.error()),
                                    "text/plain; charset=utf-8",
                                    fmt::format("{}\n", wire::to_string(m_parser.error())),
                                    {}});
        break;
      case wire::Parse::Complete: {
        const auto& r = m_parser.request();
        m_out = format_http_answer(handler(r), r.method == "HEAD");
        break;
      }
    }
  }
  m_want = POLLOUT;
  while (m_written < m_out.size()) {
    std::size_t w = 0;
    switch (send(m_out.data() + m_written, m_out.size() - m_written, w)) {
      case Io::Again: return;
      case Io::Closed: close(); return;
      case Io::Done: m_written += w; break;
    }
  }
  close();
}

}  // namespace mtlsdoctor::server
