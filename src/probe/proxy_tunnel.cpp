// Through an HTTP proxy (--proxy): after the TCP connection to the proxy, CONNECT to the target
// and read the proxy's answer (RFC 9110 §9.3.6). A 2xx opens the tunnel and the probe goes on as
// if connected to the target; anything else is the proxy's refusal, recorded as such.
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "connection.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::probe::detail {
namespace {

constexpr std::size_t kMaxProxyHead = 16 * 1024;

}  // namespace

short Connection::proxy_tunnel() {
  if (const auto wait = send_clear_text()) return *wait;
  char buf[4096];
  for (;;) {
    // Peek, then take no more than the answer's head: what follows belongs to the tunnel (an
    // SMTP greeting, say), and is the TLS or STARTTLS code's to read.
    const ssize_t n = ::recv(m_fd.get(), buf, sizeof buf, MSG_PEEK);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return POLLIN;
      const int err = errno;
      return finish(err == ECONNRESET ? TransportError::Reset : TransportError::Unreachable, std::strerror(err));
    }
    if (n == 0) {
      return finish(TransportError::Closed,
                    fmt::format("the proxy closed the connection {}",
                                m_proxy_in.empty() ? "without answering CONNECT" : "in the middle of its answer"));
    }
    const std::string seen = m_proxy_in + std::string(buf, static_cast<std::size_t>(n));
    const auto end = seen.find("\r\n\r\n");
    const std::size_t take = end == std::string::npos ? static_cast<std::size_t>(n) : end + 4 - m_proxy_in.size();
    std::size_t taken = 0;
    while (taken < take) {
      const ssize_t got = ::recv(m_fd.get(), buf, take - taken, 0);
      if (got <= 0) return finish(TransportError::Reset, "the proxy's answer could not be read");
      m_proxy_in.append(buf, static_cast<std::size_t>(got));
      taken += static_cast<std::size_t>(got);
    }
    const auto answer = wire::read_connect_answer(m_proxy_in, kMaxProxyHead);
    if (answer.status == wire::Parse::Incomplete) continue;
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
    return after_connect();  // the tunnel is open: on to STARTTLS or TLS, as if connected to the target
  }
}

}  // namespace mtlsdoctor::probe::detail
