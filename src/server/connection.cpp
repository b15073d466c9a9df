#include "connection.h"

#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <vector>

#include "http_reply.h"
#include "mtlsdoctor/core/printable.h"

namespace mtlsdoctor::server::detail {
namespace {

constexpr std::size_t kMaxDrain = 256 * 1024;  // a client that keeps sending is cut off here

bool again(int rc) noexcept {
  return rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED;
}

std::optional<std::string> server_name(gnutls_session_t s) {
  std::array<char, 256> name{};
  std::size_t len = name.size();
  unsigned type = 0;
  if (gnutls_server_name_get(s, name.data(), &len, &type, 0) != 0 || type != GNUTLS_NAME_DNS) return std::nullopt;
  return std::string(name.data(), strnlen(name.data(), len));
}

std::string alert_label(int alert) {
  const char* name = gnutls_alert_get_name(static_cast<gnutls_alert_description_t>(alert));
  return fmt::format("{} ({})", name ? name : "alert", alert);
}

}  // namespace

Connection::Connection(net::Fd fd, std::string peer, std::shared_ptr<const Generation> generation, Shared& shared,
                       core::MonoTime now)
    : m_fd(std::move(fd)),
      m_peer(std::move(peer)),
      m_generation(std::move(generation)),
      m_shared(shared),
      m_deadline(now + shared.options.handshake_timeout) {
  const auto& o = shared.options;
  if (gnutls_init(&m_session, GNUTLS_SERVER | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS) < 0) {
    m_session = nullptr;
    m_state = State::Done;
    return;
  }
  gnutls_priority_set(m_session, m_generation->priority);
  gnutls_credentials_set(m_session, GNUTLS_CRD_CERTIFICATE, m_generation->credentials);
  // In alert mode a certificate is required; in HTTP mode any (or none) completes the
  // handshake and the answer is a 403 naming the cause.
  gnutls_certificate_server_set_request(m_session,
                                        o.deny_with == DenyWith::Alert ? GNUTLS_CERT_REQUIRE : GNUTLS_CERT_REQUEST);
  gnutls_session_set_ptr(m_session, this);
  gnutls_transport_set_int(m_session, m_fd.get());
  ++m_shared.counters.accepted;
  m_reloads_at_start = m_shared.counters.reloads;
}

Connection::~Connection() {
  if (m_session) gnutls_deinit(m_session);
}

int Connection::verify_hook(gnutls_session_t session) {
  auto* self = static_cast<Connection*>(gnutls_session_get_ptr(session));
  return self ? self->on_certificate() : -1;
}

Peer Connection::peer() const {
  return Peer{m_peer, server_name(m_session), gnutls_protocol_get_version(m_session) == GNUTLS_TLS1_3,
              std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
}

std::string Connection::tls_name() const {
  switch (gnutls_protocol_get_version(m_session)) {
    case GNUTLS_TLS1_3: return "TLSv1.3";
    case GNUTLS_TLS1_2: return "TLSv1.2";
    default: return "unknown";
  }
}

int Connection::on_certificate() {
  unsigned count = 0;
  const gnutls_datum_t* list = gnutls_certificate_get_peers(m_session, &count);
  std::vector<x509::Certificate> sent;
  for (unsigned i = 0; list && i < count; ++i) {
    auto cert = m_generation->certificates.get({list[i].data, list[i].size}, "a client's certificate");
    if (!cert) {
      Admission a;
      a.cause = core::FindingId::ClientCertRejected;
      a.reason = fmt::format("certificate {} of the client's chain cannot be parsed: {}", i, cert.error().message);
      m_admission = std::move(a);
      m_alert = 42;  // bad_certificate, as OpenSSL sends for an undecodable certificate
      return m_shared.options.deny_with == DenyWith::Alert ? -1 : 0;
    }
    sent.push_back(std::move(*cert));
  }
  m_admission = admit(m_generation->gate, sent, peer());
  const bool refuse = !m_admission->allowed && m_shared.options.deny_with == DenyWith::Alert;
  return refuse ? -1 : 0;
}

void Connection::wait_for_gnutls() {
  m_events = gnutls_record_get_direction(m_session) == 0 ? POLLIN : POLLOUT;
}

void Connection::step(bool expired, core::MonoTime now) {
  if (expired) {
    if (m_state == State::Handshake) {
      ++m_shared.counters.handshake_failed;
      m_shared.metrics.handshake_failed("timeout");
      m_shared.events(fmt::format("{}: handshake timed out after {} ms", core::printable(m_peer),
                                  m_shared.options.handshake_timeout.count()));
    }
    finish();
    return;
  }
  switch (m_state) {
    case State::Handshake: handshake(now); break;
    case State::SendAlert: send_alert(now); break;
    case State::ReadRequest: read_request(now); break;
    case State::WriteResponse: write_response(now); break;
    case State::Connect: connected(now); break;
    case State::Relay: relay(now); break;
    case State::Bye: bye(now); break;
    case State::Drain: drain(); break;
    case State::Done: break;
  }
}

void Connection::handshake(core::MonoTime now) {
  const int rc = gnutls_handshake(m_session);
  if (again(rc)) {
    wait_for_gnutls();
    return;
  }
  if (rc < 0) {
    handshake_failed(rc, now);
    return;
  }
  if (!m_admission) m_admission = admit(m_generation->gate, {}, peer());  // no certificate was sent
  if (!m_admission->allowed && m_shared.options.deny_with == DenyWith::Alert) {
    refuse(now);
    return;
  }
  const bool proxied = m_admission->allowed && m_shared.upstream;
  decided(std::nullopt, m_shared.options.deny_with == DenyWith::Http && !proxied
                            ? std::optional<int>(m_admission->allowed ? 200 : 403)
                            : std::nullopt);
  if (proxied && !m_shared.upstream->http) {
    start_upstream(now);
    return;
  }
  m_state = State::ReadRequest;
  m_deadline = now + m_shared.options.request_timeout;
  read_request(now);
}

void Connection::handshake_failed(int rc, core::MonoTime now) {
  const bool no_certificate = rc == GNUTLS_E_CERTIFICATE_REQUIRED || rc == GNUTLS_E_NO_CERTIFICATE_FOUND;
  if (m_admission && !m_admission->allowed) {
    refuse(now);  // our hook refused the certificate
    return;
  }
  if (rc == GNUTLS_E_KEY_USAGE_VIOLATION && !m_admission) {
    // GnuTLS checks the key usage of the signing key (TLS 1.3 CertificateVerify) before our
    // hook runs: judge the certificate now so the refusal still names its cause.
    on_certificate();
    if (m_admission->allowed || m_admission->cause == core::FindingId::ClientChainIncomplete ||
        m_admission->cause == core::FindingId::ClientCertUntrustedIssuer) {
      m_admission->allowed = false;
      m_admission->cause = core::FindingId::ClientCertBadKeyUsage;
      m_admission->reason = "its keyUsage does not allow the signature the TLS handshake needs (digitalSignature)";
    }
    refuse(now);
    return;
  }
  if (no_certificate && !m_admission) {
    m_admission = admit(m_generation->gate, {}, peer());
    refuse(now);
    return;
  }
  ++m_shared.counters.handshake_failed;
  m_shared.metrics.handshake_failed(rc == GNUTLS_E_FATAL_ALERT_RECEIVED ? "client-alert" : "tls-error");
  std::string why = gnutls_strerror(rc);
  if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED) {
    why = fmt::format("the client sent alert {}", alert_label(gnutls_alert_get(m_session)));
  } else {
    gnutls_alert_send_appropriate(m_session, rc);  // best effort: never waits
  }
  m_shared.events(fmt::format("{}: handshake failed before a decision: {}", core::printable(m_peer), why));
  start_drain(now);
}

void Connection::refuse(core::MonoTime now) {
  if (m_alert == 0) m_alert = refusal_alert(*m_admission, gnutls_protocol_get_version(m_session) == GNUTLS_TLS1_3);
  decided(m_alert, std::nullopt);
  m_state = State::SendAlert;
  send_alert(now);
}

void Connection::send_alert(core::MonoTime now) {
  const int rc = gnutls_alert_send(m_session, GNUTLS_AL_FATAL, static_cast<gnutls_alert_description_t>(m_alert));
  if (again(rc)) {
    wait_for_gnutls();
    return;
  }
  start_drain(now);
}

void Connection::decided(std::optional<int> alert, std::optional<int> http_status) {
  const Admission& a = *m_admission;
  if (a.allowed) {
    ++m_shared.counters.allowed;
  } else {
    ++m_shared.counters.denied;
  }
  const policy::Policy* pol = m_generation->gate.policy ? &*m_generation->gate.policy : nullptr;
  const auto sni = server_name(m_session);
  m_shared.metrics.decided(a, pol, std::chrono::system_clock::now());
  if (m_shared.log) {
    m_shared.log->write(
        decision_log_line({std::chrono::system_clock::now(), m_peer, sni, tls_name(), &a, pol, alert, http_status}));
    return;
  }
  std::string consequence;
  if (alert) consequence = fmt::format(", alert {}", alert_label(*alert));
  if (http_status) consequence = fmt::format(", HTTP {}", *http_status);
  m_shared.events(core::printable(fmt::format("{} {} {}: {}{}: {}", a.allowed ? "allow" : "deny", m_peer, tls_name(),
                                              core::slug(a.cause), consequence, a.reason)));
}

void Connection::read_request(core::MonoTime now) {
  if (!m_pipelined.empty()) {
    const std::string bytes = std::exchange(m_pipelined, {});
    if (take_request_bytes(bytes, now)) return;
  }
  std::array<char, 16 * 1024> buf{};
  for (;;) {
    const ssize_t n = gnutls_record_recv(m_session, buf.data(), buf.size());
    if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
      wait_for_gnutls();
      return;
    }
    if (n <= 0) {  // closed (between requests: the usual end), or an error: nothing to answer
      finish();
      return;
    }
    if (take_request_bytes({buf.data(), static_cast<std::size_t>(n)}, now)) return;
  }
}

bool Connection::take_request_bytes(std::string_view bytes, core::MonoTime now) {
  if (m_idle) {  // the next request has begun: its head has the request deadline
    m_idle = false;
    m_deadline = now + m_shared.options.request_timeout;
  }
  const auto parsed = m_parser.feed(bytes);
  if (parsed == wire::Parse::Incomplete) return false;
  if (parsed == wire::Parse::Malformed) {
    respond(wire::status_for(m_parser.error()), error_body(wire::to_string(m_parser.error())), now);
    return true;
  }
  ++m_requests;
  const auto& request = m_parser.request();
  m_method = request.method;
  if (m_admission->allowed && m_shared.upstream) {
    forward_request(now);
    return true;
  }
  // Answered here: a request without a body may be followed by another (a body is not read).
  const bool bodyless = !request.header("transfer-encoding") &&
                        (!request.header("content-length") || *request.header("content-length") == "0");
  const bool keep = m_admission->allowed && bodyless && may_keep_alive(request);
  if (keep) m_pipelined.assign(m_parser.remainder());
  const policy::Policy* pol = m_generation->gate.policy ? &*m_generation->gate.policy : nullptr;
  const auto sni = server_name(m_session);
  respond(m_admission->allowed ? 200 : 403, decision_body(*m_admission, pol, tls_name(), sni), now, keep);
  return true;
}

bool Connection::may_keep_alive(const wire::HttpRequest& request) const {
  if (m_stopping || m_requests >= m_shared.options.keepalive_requests || request.minor_version < 1) return false;
  if (m_shared.counters.reloads != m_reloads_at_start) return false;  // new files: a new connection uses them
  const std::string* connection = request.header("connection");
  if (!connection) return true;
  // "close" among the Connection options (RFC 9112 §9.6).
  std::string_view rest = *connection;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view option = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!option.empty() && (option.front() == ' ' || option.front() == '\t')) option.remove_prefix(1);
    while (!option.empty() && (option.back() == ' ' || option.back() == '\t')) option.remove_suffix(1);
    if (wire::http_iequals(option, "close")) return false;
  }
  return true;
}

void Connection::respond(int status, std::string body, core::MonoTime now, bool keep_alive) {
  m_keep_alive = keep_alive;
  m_response = http_response(status, body, keep_alive, m_method == "HEAD");
  m_written = 0;
  m_state = State::WriteResponse;
  write_response(now);
}

void Connection::write_response(core::MonoTime now) {
  while (m_written < m_response.size()) {
    const ssize_t n = gnutls_record_send(m_session, m_response.data() + m_written, m_response.size() - m_written);
    if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
      wait_for_gnutls();
      return;
    }
    if (n < 0) {
      finish();
      return;
    }
    m_written += static_cast<std::size_t>(n);
  }
  response_done(now);
}

void Connection::response_done(core::MonoTime now) {
  if (!m_keep_alive || m_stopping) {
    m_state = State::Bye;
    bye(now);
    return;
  }
  // The next request: a fresh head (the bytes after this one's are in m_pipelined).
  m_keep_alive = false;
  m_parser = wire::HttpRequestParser{};
  m_method.clear();
  m_up.clear();
  m_down.clear();
  m_down_sent = 0;
  m_body_left = 0;
  m_client_done = false;
  m_upstream_eof = false;
  m_upstream.reset();
  m_upstream_events = 0;
  m_head.clear();
  m_head_done = false;
  m_framing = {};
  m_body_left_down = 0;
  m_chunked = {};
  m_response_done = false;
  m_idle = true;
  m_state = State::ReadRequest;
  m_events = POLLIN;
  m_deadline = now + m_shared.options.idle_timeout;
  read_request(now);  // GnuTLS may hold the next request's bytes already
}

void Connection::stopping(core::MonoTime now) {
  if (m_stopping) return;
  m_stopping = true;
  if (m_state == State::ReadRequest && m_idle) {
    m_state = State::Bye;  // close_notify, then the close
    bye(now);
  }
}

void Connection::bye(core::MonoTime now) {
  const int rc = gnutls_bye(m_session, GNUTLS_SHUT_WR);
  if (again(rc)) {
    wait_for_gnutls();
    return;
  }
  start_drain(now);
}

void Connection::start_drain(core::MonoTime now) {
  // Close our side, then read what the client still sends (a TLS 1.3 client writes its request
  // before it reads our alert): closing with unread bytes would send a reset instead.
  ::shutdown(m_fd.get(), SHUT_WR);
  m_state = State::Drain;
  m_events = POLLIN;
  m_deadline = now + m_shared.options.drain_timeout;
  drain();
}

void Connection::drain() {
  std::array<char, 16 * 1024> buf{};
  for (;;) {
    const ssize_t n = ::read(m_fd.get(), buf.data(), buf.size());
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) break;
    m_drained += static_cast<std::size_t>(n);
    if (m_drained > kMaxDrain) break;
  }
  finish();
}

void Connection::finish() {
  m_state = State::Done;
  m_fd.reset();
  m_upstream.reset();
}

}  // namespace mtlsdoctor::server::detail
