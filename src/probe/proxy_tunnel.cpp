// Through a proxy (--proxy): after the TCP connection to the proxy, TLS with it first for an
// https:// proxy (its certificate verified, as curl does), then the tunnel to the target:
// CONNECT for http(s):// (RFC 9110 §9.3.6), the SOCKS5 dialogue for socks5(h):// (RFC 1928, a
// password by RFC 1929). Once the tunnel is open the probe goes on as if connected to the target;
// a failure before is the proxy's, recorded as such. Every read takes no more than the proxy's
// answer: what follows belongs to the tunnel (an SMTP greeting, say).
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "connection.h"
#include "mtlsdoctor/net/address.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/wire/socks.h"

namespace mtlsdoctor::probe::detail {
namespace {

constexpr std::size_t kMaxProxyHead = 16 * 1024;
constexpr short kGoOn = -1;

std::string methods_offered(const Proxy& p) {
  return p.username.empty() ? "no authentication" : "no authentication, username/password";
}

}  // namespace

short Connection::proxy_start() {
  m_state = State::Proxy;
  arm(m_probe.options.timeout);
  const Proxy& proxy = *m_probe.options.proxy;
  if (proxy.scheme != ProxyScheme::Https) return proxy_first_message();
  // TLS with the proxy, verified as curl verifies it: its CA file or the system's, and its name.
  m_proxy_ctx.reset(SSL_CTX_new(TLS_client_method()));
  if (!m_proxy_ctx) return finish(TransportError::ProxyTls, "cannot start TLS with the proxy");
  SSL_CTX_set_verify(m_proxy_ctx.get(), SSL_VERIFY_PEER, nullptr);
  const bool trust = proxy.cacert.empty()
                         ? SSL_CTX_set_default_verify_paths(m_proxy_ctx.get()) == 1
                         : SSL_CTX_load_verify_locations(m_proxy_ctx.get(), proxy.cacert.c_str(), nullptr) == 1;
  ossl::clear_errors();
  if (!trust)
    return finish(TransportError::ProxyTls,
                  fmt::format("cannot read the CA file for the proxy's certificate: {}", proxy.cacert));
  m_proxy_ssl.reset(SSL_new(m_proxy_ctx.get()));
  if (!m_proxy_ssl || !SSL_set_fd(m_proxy_ssl.get(), m_fd.get()))
    return finish(TransportError::ProxyTls, "cannot start TLS with the proxy");
  X509_VERIFY_PARAM* param = SSL_get0_param(m_proxy_ssl.get());
  if (net::is_ip_literal(proxy.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, proxy.host.c_str());
  } else {
    SSL_set_tlsext_host_name(m_proxy_ssl.get(), proxy.host.c_str());
    X509_VERIFY_PARAM_set1_host(param, proxy.host.c_str(), 0);
  }
  SSL_set_connect_state(m_proxy_ssl.get());
  m_proxy_step = ProxyStep::Tls;
  event(Direction::Sent, EventKind::Proxy, TextDetail{fmt::format("TLS handshake with the proxy {}", proxy.display())});
  return proxy_tls();
}

short Connection::proxy_tls() {
  ossl::clear_errors();
  const int ret = SSL_connect(m_proxy_ssl.get());
  if (ret == 1) {
    event(Direction::Received, EventKind::Proxy,
          TextDetail{fmt::format("TLS with the proxy: {} {}, its certificate verified",
                                 SSL_get_version(m_proxy_ssl.get()), SSL_get_cipher_name(m_proxy_ssl.get()))});
    return proxy_first_message();
  }
  const int err = SSL_get_error(m_proxy_ssl.get(), ret);
  if (err == SSL_ERROR_WANT_READ) return POLLIN;
  if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
  const long verify = SSL_get_verify_result(m_proxy_ssl.get());
  const unsigned long code = ERR_peek_error();
  ossl::clear_errors();
  if (verify != X509_V_OK)
    return finish(TransportError::ProxyTls, fmt::format("the proxy's certificate is not trusted: {} (verify code {})",
                                                        X509_verify_cert_error_string(verify), verify));
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  return finish(TransportError::ProxyTls, fmt::format("the TLS handshake with the proxy failed: {}",
                                                      reason ? reason : "the proxy closed the connection"));
}

short Connection::proxy_first_message() {
  const Proxy& proxy = *m_probe.options.proxy;
  const Target& to = m_probe.options.connect_to ? *m_probe.options.connect_to : m_probe.target;
  m_proxy_in.clear();
  m_clear_sent = 0;
  if (proxy.socks()) {
    m_proxy_step = ProxyStep::Greeting;
    m_clear_out = wire::socks5_greeting(!proxy.username.empty());
    event(Direction::Sent, EventKind::Proxy,
          TextDetail{
              fmt::format("SOCKS5 greeting to the proxy {} (methods: {})", proxy.display(), methods_offered(proxy))});
  } else {
    m_proxy_step = ProxyStep::Request;
    m_clear_out = wire::format_connect_request(to.display(), proxy.authorization);
    event(Direction::Sent, EventKind::Proxy,
          TextDetail{fmt::format("CONNECT {} to the proxy {}", to.display(), proxy.display())});
  }
  return proxy_tunnel();
}

std::optional<short> Connection::send_clear_text() {
  if (!m_proxy_ssl) return send_on_socket();
  while (m_clear_sent < m_clear_out.size()) {
    ossl::clear_errors();
    const int n = SSL_write(m_proxy_ssl.get(), m_clear_out.data() + m_clear_sent,
                            static_cast<int>(m_clear_out.size() - m_clear_sent));
    if (n > 0) {
      m_clear_sent += static_cast<std::size_t>(n);
      continue;
    }
    const int err = SSL_get_error(m_proxy_ssl.get(), n);
    if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
    if (err == SSL_ERROR_WANT_READ) return POLLIN;
    ossl::clear_errors();
    return finish(TransportError::Reset, "the TLS connection to the proxy failed while sending");
  }
  return std::nullopt;
}

long Connection::read_clear_text(char* buf, std::size_t size, bool peek, short& wait) {
  if (m_proxy_ssl) {
    ossl::clear_errors();
    const int n = peek ? SSL_peek(m_proxy_ssl.get(), buf, static_cast<int>(size))
                       : SSL_read(m_proxy_ssl.get(), buf, static_cast<int>(size));
    if (n > 0) return n;
    const int err = SSL_get_error(m_proxy_ssl.get(), n);
    const unsigned long code = ERR_peek_error();
    ossl::clear_errors();
    if (err == SSL_ERROR_WANT_READ) {
      wait = POLLIN;
      return -1;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
      wait = POLLOUT;
      return -1;
    }
    // A close, with close_notify or without (OpenSSL 3 reports the latter as an error of its own).
    if (err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL ||
        (ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING))
      return 0;
    wait = finish(TransportError::Reset, "the TLS connection to the proxy failed");
    return -1;
  }
  for (;;) {
    const ssize_t n = ::recv(m_fd.get(), buf, size, peek ? MSG_PEEK : 0);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait = POLLIN;
      return -1;
    }
    const int err = errno;
    wait = finish(err == ECONNRESET ? TransportError::Reset : TransportError::Unreachable, std::strerror(err));
    return -1;
  }
}

// How many bytes of `seen` (what was taken so far, then what is waiting) the proxy's current
// answer takes: never more than it, so the tunnel's first bytes stay where TLS will read them.
std::size_t Connection::proxy_message_size(std::string_view seen) const {
  switch (m_proxy_step) {
    case ProxyStep::Greeting:
    case ProxyStep::Password: return std::min<std::size_t>(2, seen.size());
    case ProxyStep::Request:
      if (m_probe.options.proxy->socks()) {
        const auto r = wire::read_socks5_reply(seen);
        if (r.status == wire::Parse::Complete) return r.size;
        return r.status == wire::Parse::Malformed ? seen.size() : std::min(r.needed, seen.size());
      } else {
        const auto end = seen.find("\r\n\r\n");
        return end == std::string_view::npos ? seen.size() : end + 4;
      }
    case ProxyStep::Tls:
    case ProxyStep::Open: break;
  }
  return seen.size();
}

short Connection::proxy_tunnel() {
  if (m_proxy_step == ProxyStep::Tls) return proxy_tls();
  char buf[4096];
  for (;;) {
    if (const auto wait = send_clear_text()) return *wait;
    short wait = 0;
    const long n = read_clear_text(buf, sizeof buf, true, wait);
    if (n < 0) return wait;
    if (n == 0) {
      return finish(TransportError::Closed,
                    fmt::format("the proxy closed the connection {}",
                                m_proxy_in.empty() ? "without answering" : "in the middle of its answer"));
    }
    const std::string seen = m_proxy_in + std::string(buf, static_cast<std::size_t>(n));
    const std::size_t take = proxy_message_size(seen) - m_proxy_in.size();
    std::size_t taken = 0;
    while (taken < take) {
      const long got = read_clear_text(buf, take - taken, false, wait);
      if (got < 0 && wait == 0) return 0;  // read_clear_text finished the connection
      if (got <= 0) return finish(TransportError::Reset, "the proxy's answer could not be read");
      m_proxy_in.append(buf, static_cast<std::size_t>(got));
      taken += static_cast<std::size_t>(got);
    }
    if (const short events = proxy_answer(); events != kGoOn) return events;
  }
}

short Connection::proxy_answer() {
  const Proxy& proxy = *m_probe.options.proxy;
  const Target& to = m_probe.options.connect_to ? *m_probe.options.connect_to : m_probe.target;
  const auto next = [&](std::string message) {
    m_clear_out = std::move(message);
    m_clear_sent = 0;
    m_proxy_in.clear();
    return kGoOn;
  };
  const auto not_socks = [&] {
    event(Direction::Received, EventKind::NotUnderstood,
          TextDetail{fmt::format("not a SOCKS5 answer: '{}'", wire::escape_bytes(m_proxy_in, 32))});
    return finish(TransportError::ProxyNotSocks,
                  fmt::format("the proxy's answer is not SOCKS5: '{}'", wire::escape_bytes(m_proxy_in, 32)));
  };
  const auto connect_request = [&] {
    m_proxy_step = ProxyStep::Request;
    if (proxy.scheme == ProxyScheme::Socks5) {
      event(Direction::Sent, EventKind::Proxy,
            TextDetail{fmt::format("SOCKS5 CONNECT {} (the address looked up here)", to.display())});
      return next(wire::socks5_connect_address(m_socks_address, to.port));
    }
    if (to.host.size() > 255)
      return finish(TransportError::ProxyRefused, "the target's name is longer than SOCKS5's 255 bytes");
    event(Direction::Sent, EventKind::Proxy,
          TextDetail{fmt::format("SOCKS5 CONNECT {} (the name, resolved by the proxy)", to.display())});
    return next(wire::socks5_connect_name(to.host, to.port));
  };
  switch (m_proxy_step) {
    case ProxyStep::Greeting: {
      const auto r = wire::read_socks5_method(m_proxy_in);
      if (r.status == wire::Parse::Incomplete) return kGoOn;
      if (r.status == wire::Parse::Malformed) return not_socks();
      if (r.value == wire::kSocksNoAcceptableMethod) {
        event(Direction::Received, EventKind::Proxy, TextDetail{"proxy: SOCKS5 no acceptable method"});
        return finish(TransportError::ProxyAuthRejected,
                      fmt::format("the proxy accepts none of the methods offered ({})", methods_offered(proxy)));
      }
      if (r.value == wire::kSocksUsernamePassword && !proxy.username.empty()) {
        event(Direction::Received, EventKind::Proxy, TextDetail{"proxy: SOCKS5 method username/password"});
        m_proxy_step = ProxyStep::Password;
        event(Direction::Sent, EventKind::Proxy, TextDetail{"SOCKS5 username/password (RFC 1929)"});
        return next(wire::socks5_password_request(proxy.username, proxy.password));
      }
      if (r.value != wire::kSocksNoAuthentication) return not_socks();  // a method that was not offered
      event(Direction::Received, EventKind::Proxy, TextDetail{"proxy: SOCKS5 method no authentication"});
      return connect_request();
    }
    case ProxyStep::Password: {
      const auto r = wire::read_socks5_password_reply(m_proxy_in);
      if (r.status == wire::Parse::Incomplete) return kGoOn;
      if (r.status == wire::Parse::Malformed) return not_socks();
      event(Direction::Received, EventKind::Proxy,
            TextDetail{fmt::format("proxy: SOCKS5 password {}", r.value == 0 ? "accepted" : "refused")});
      if (r.value != 0)
        return finish(TransportError::ProxyAuthRejected,
                      fmt::format("the proxy refused the user name and password (RFC 1929 status {})", r.value));
      return connect_request();
    }
    case ProxyStep::Request: break;
    case ProxyStep::Tls:
    case ProxyStep::Open: return kGoOn;
  }
  if (proxy.socks()) {
    const auto r = wire::read_socks5_reply(m_proxy_in);
    if (r.status == wire::Parse::Incomplete) return kGoOn;
    if (r.status == wire::Parse::Malformed) return not_socks();
    m_t.proxy_status = r.code;
    m_t.proxy_reason = std::string(wire::socks5_reply_text(r.code));
    event(Direction::Received, EventKind::Proxy,
          TextDetail{fmt::format("proxy: SOCKS5 reply {} {} (bound {})", r.code, m_t.proxy_reason, r.bound)});
    if (r.code != 0)
      return finish(TransportError::ProxyRefused,
                    fmt::format("the proxy answered CONNECT with SOCKS5 reply {} ({})", r.code, m_t.proxy_reason));
  } else {
    const auto answer = wire::read_connect_answer(m_proxy_in, kMaxProxyHead);
    if (answer.status == wire::Parse::Incomplete) return kGoOn;
    if (answer.status == wire::Parse::Malformed) {
      event(Direction::Received, EventKind::NotUnderstood,
            TextDetail{fmt::format("not an HTTP answer to CONNECT: '{}'", wire::preview(m_proxy_in))});
      return finish(TransportError::ProxyNotHttp,
                    fmt::format("the proxy's answer is not HTTP: '{}'", wire::preview(m_proxy_in)));
    }
    m_t.proxy_status = answer.code;
    m_t.proxy_reason = wire::preview(answer.reason, 100);
    event(Direction::Received, EventKind::Proxy,
          TextDetail{fmt::format("proxy: HTTP {} {}", answer.code, m_t.proxy_reason)});
    if (answer.code < 200 || answer.code > 299) {
      return finish(TransportError::ProxyRefused,
                    fmt::format("the proxy answered CONNECT with {} {}", answer.code, m_t.proxy_reason));
    }
  }
  m_proxy_step = ProxyStep::Open;
  m_proxy_in.clear();
  return after_connect();  // the tunnel is open: on to STARTTLS or TLS, as if connected to the target
}

}  // namespace mtlsdoctor::probe::detail
