// The way to the upstream: a non-blocking connect, then bytes relayed both ways until the
// upstream closes (--upstream), or requests forwarded one at a time with their XFCC header
// (--upstream-http): each on a new upstream connection (`Connection: close`), its response read
// for where it ends so that the client's connection can carry the next request.
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "connection.h"
#include "http_reply.h"
#include "mtlsdoctor/core/printable.h"
#include "xfcc.h"

namespace mtlsdoctor::server::detail {
namespace {

constexpr std::size_t kBuffer = 64 * 1024;

bool would_block() noexcept {
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

}  // namespace

void Connection::forward_request(core::MonoTime now) {
  const auto& request = m_parser.request();
  if (request.header("transfer-encoding")) {
    respond(411, error_body("serve forwards request bodies with a Content-Length only, not chunked ones"), now);
    return;
  }
  std::size_t body = 0;
  if (const std::string* length = request.header("content-length")) {
    const auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), body);
    if (ec != std::errc{} || end != length->data() + length->size()) {
      respond(400, error_body("Content-Length is not a number"), now);
      return;
    }
  }
  m_keep_alive = may_keep_alive(request);
  m_up = upstream_head(request, xfcc_value(*m_admission->leaf), address_host(m_peer));
  const auto remainder = m_parser.remainder();
  const std::size_t taken = std::min(remainder.size(), body);
  m_up.append(remainder.substr(0, taken));
  if (m_keep_alive) m_pipelined.assign(remainder.substr(taken));  // the next request, already sent
  m_body_left = body - taken;
  m_client_done = m_body_left == 0;
  start_upstream(now);
}

void Connection::start_upstream(core::MonoTime now) {
  const Upstream& u = *m_shared.upstream;
  const int fd = ::socket(u.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    upstream_failed(std::strerror(errno), now);
    return;
  }
  m_upstream.reset(fd);
  m_state = State::Connect;
  m_events = 0;
  m_upstream_events = POLLOUT;
  m_deadline = now + m_shared.options.handshake_timeout;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&u.address), u.length) == 0) {
    connected(now);
  } else if (errno != EINPROGRESS) {
    upstream_failed(std::strerror(errno), now);
  }
}

void Connection::connected(core::MonoTime now) {
  pollfd p{m_upstream.get(), POLLOUT, 0};
  if (::poll(&p, 1, 0) <= 0) return;  // not yet
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(m_upstream.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err != 0) {
    upstream_failed(std::strerror(err), now);
    return;
  }
  m_state = State::Relay;
  m_deadline = now + m_shared.options.idle_timeout;
  relay(now);
}

void Connection::upstream_failed(const std::string& why, core::MonoTime now) {
  m_upstream.reset();
  m_upstream_events = 0;
  m_shared.events(core::printable(fmt::format("{}: upstream {}: {}", m_peer, m_shared.upstream->name, why)));
  if (m_shared.upstream->http) {
    respond(502, error_body(fmt::format("the upstream {} cannot be reached: {}", m_shared.upstream->name, why)), now);
  } else {
    m_state = State::Bye;
    bye(now);
  }
}

void Connection::relay(core::MonoTime now) {
  std::array<char, 16 * 1024> buf{};
  const bool http = m_shared.upstream->http;
  bool progress = true;
  bool activity = false;
  while (progress) {
    progress = false;
    // The client's bytes (for HTTP: the rest of the body only).
    if (!m_client_done && m_up.size() < kBuffer) {
      const std::size_t want = http ? std::min(buf.size(), m_body_left) : buf.size();
      const ssize_t n = want == 0 ? 0 : gnutls_record_recv(m_session, buf.data(), want);
      if (n > 0) {
        m_up.append(buf.data(), static_cast<std::size_t>(n));
        if (http) m_body_left -= static_cast<std::size_t>(n);
        m_client_done = http && m_body_left == 0;
        progress = activity = true;
      } else if (n == 0) {
        m_client_done = true;
        progress = true;
      } else if (n != GNUTLS_E_AGAIN && n != GNUTLS_E_INTERRUPTED) {
        finish();  // the client broke the connection
        return;
      }
    }
    if (!m_up.empty()) {
      const ssize_t w = ::write(m_upstream.get(), m_up.data(), m_up.size());
      if (w > 0) {
        m_up.erase(0, static_cast<std::size_t>(w));
        progress = activity = true;
      } else if (!would_block()) {
        m_upstream_eof = true;
        m_up.clear();
        m_client_done = true;
      }
    }
    if (!http && m_client_done && m_up.empty() && m_upstream) ::shutdown(m_upstream.get(), SHUT_WR);
    // The upstream's bytes, to the client.
    if (!m_upstream_eof && !m_response_done && m_down.empty()) {
      const ssize_t r = ::read(m_upstream.get(), buf.data(), buf.size());
      if (r > 0) {
        m_down_sent = 0;
        if (!http) {
          m_down.assign(buf.data(), static_cast<std::size_t>(r));
        } else if (!from_upstream({buf.data(), static_cast<std::size_t>(r)}, now)) {
          return;  // answered 502
        }
        progress = activity = true;
      } else if (r == 0 || !would_block()) {
        m_upstream_eof = true;
        progress = true;
      }
    }
    if (m_down_sent < m_down.size()) {
      const ssize_t n = gnutls_record_send(m_session, m_down.data() + m_down_sent, m_down.size() - m_down_sent);
      if (n > 0) {
        m_down_sent += static_cast<std::size_t>(n);
        progress = activity = true;
      } else if (n != GNUTLS_E_AGAIN && n != GNUTLS_E_INTERRUPTED) {
        finish();
        return;
      }
      if (m_down_sent == m_down.size()) {
        m_down.clear();
        m_down_sent = 0;
      }
    }
  }
  if (http && (m_response_done || m_upstream_eof) && m_down.empty()) {
    upstream_ended(now);
    return;
  }
  if (m_upstream_eof && m_down.empty()) {
    m_upstream.reset();
    m_upstream_events = 0;
    m_state = State::Bye;
    bye(now);
    return;
  }
  m_events =
      static_cast<short>((!m_client_done && m_up.size() < kBuffer ? POLLIN : 0) | (!m_down.empty() ? POLLOUT : 0));
  m_upstream_events = static_cast<short>((!m_upstream_eof && !m_response_done && m_down.empty() ? POLLIN : 0) |
                                         (!m_up.empty() ? POLLOUT : 0));
  if (activity) m_deadline = now + m_shared.options.idle_timeout;
}

namespace {

// Hop-by-hop fields (RFC 9110 §7.6.1): they describe the upstream's connection, not the client's.
bool hop_by_hop(std::string_view name) {
  for (const std::string_view h : {"connection", "keep-alive", "proxy-connection", "te", "upgrade"}) {
    if (wire::http_iequals(name, h)) return true;
  }
  return false;
}

}  // namespace

bool Connection::from_upstream(std::string_view bytes, core::MonoTime now) {
  if (!m_head_done) {
    m_head.append(bytes);
    const auto head = wire::read_http_response_head(m_head);
    if (head.status == wire::Parse::Incomplete) return true;
    const auto framing = head.status == wire::Parse::Complete ? wire::response_framing(head, m_method) : std::nullopt;
    if (!framing || head.code == 101) {
      const std::string why = head.status == wire::Parse::Malformed ? "its answer is not an HTTP/1 response"
                              : head.code == 101 ? "it switched protocols (101), which serve does not relay"
                                                 : "its answer's Content-Length is not one number";
      m_upstream.reset();
      m_upstream_events = 0;
      m_shared.events(core::printable(fmt::format("{}: upstream {}: {}", m_peer, m_shared.upstream->name, why)));
      respond(502, error_body(fmt::format("the upstream {} failed: {}", m_shared.upstream->name, why)), now);
      return false;
    }
    std::string rest = m_head.substr(head.head_bytes);
    if (head.code < 200) {  // an interim answer (100 Continue): relayed, then the final one
      m_down.append(m_head, 0, head.head_bytes);
      m_head.clear();
      return rest.empty() || from_upstream(rest, now);
    }
    // The head again, with our own Connection: keep-alive only where the client can tell where the body ends.
    if (framing->end == wire::BodyEnd::Close) m_keep_alive = false;
    m_down += fmt::format("HTTP/1.1 {} {}\r\n", head.code, head.reason);
    for (const auto& h : head.headers) {
      if (!hop_by_hop(h.name)) m_down += fmt::format("{}: {}\r\n", h.name, h.value);
    }
    m_down += m_keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    m_head_done = true;
    m_framing = *framing;
    m_body_left_down = framing->length;
    m_response_done = framing->end == wire::BodyEnd::None;
    m_head.clear();
    return rest.empty() || m_response_done || from_upstream(rest, now);
  }
  switch (m_framing.end) {
    case wire::BodyEnd::None: break;  // nothing more belongs to this response
    case wire::BodyEnd::Close: m_down.append(bytes); break;
    case wire::BodyEnd::Length: {
      const std::size_t take = std::min(bytes.size(), m_body_left_down);
      m_down.append(bytes.substr(0, take));
      m_body_left_down -= take;
      m_response_done = m_body_left_down == 0;
      break;
    }
    case wire::BodyEnd::Chunked: {
      const std::size_t take = m_chunked.feed(bytes);
      m_down.append(bytes.substr(0, take));
      if (m_chunked.status() == wire::Parse::Malformed) {
        m_keep_alive = false;  // what follows cannot be framed: the client's connection ends with it
        m_framing.end = wire::BodyEnd::Close;
      }
      m_response_done = m_chunked.status() == wire::Parse::Complete;
      break;
    }
  }
  return true;
}

// The upstream's response is relayed whole (or the upstream closed): the client's connection
// carries the next request, or closes.
void Connection::upstream_ended(core::MonoTime now) {
  m_upstream.reset();
  m_upstream_events = 0;
  if (!m_head_done) {  // it closed before a whole head: nothing was relayed yet
    respond(502, error_body(fmt::format("the upstream {} closed without an answer", m_shared.upstream->name)), now);
    return;
  }
  if (!m_response_done) m_keep_alive = false;  // cut short (or ended by its close): so is the client's
  response_done(now);
}

}  // namespace mtlsdoctor::server::detail
