#include "connection.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mtlsdoctor/net/address.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/tls/context.h"
#include "mtlsdoctor/tls/names.h"
#include "mtlsdoctor/tls/peer.h"

namespace mtlsdoctor::probe::detail {

struct Connection::Addresses {
  addrinfo* list = nullptr;
  ~Addresses() {
    if (list) freeaddrinfo(list);
  }
};

namespace {

constexpr short kGoOn = -1;  // from follow(): nothing to wait for yet, carry on

TransportError transport_error(wire::StartTlsFailure f) {
  switch (f) {
    case wire::StartTlsFailure::None: return TransportError::None;
    case wire::StartTlsFailure::NotOffered: return TransportError::StartTlsNotOffered;
    case wire::StartTlsFailure::Refused: return TransportError::StartTlsRefused;
    case wire::StartTlsFailure::UnexpectedProtocol: return TransportError::UnexpectedProtocol;
  }
  return TransportError::UnexpectedProtocol;
}

// On the socket BIO OpenSSL reads from: keeps the first bytes it read, so that a peer that is not
// TLS can be shown (OpenSSL reads a record header, five bytes, and gives up).
long keep_first_bytes(BIO* bio, int oper, const char* argp, std::size_t /*len*/, int /*argi*/, long /*argl*/, int ret,
                      std::size_t* processed) {
  if (oper == (BIO_CB_READ | BIO_CB_RETURN) && ret > 0 && processed && argp) {
    auto* kept = reinterpret_cast<std::string*>(BIO_get_callback_arg(bio));
    if (kept->size() <= kFirstBytesKept) kept->append(argp, std::min(*processed, kFirstBytesKept + 1 - kept->size()));
  }
  return ret;
}

}  // namespace

core::Result<ossl::SslCtxPtr> make_context(const Probe& probe) {
  tls::ClientContextBuilder b;
  b.versions(probe.options.version)
      .security_level(probe.options.security_level)
      .max_certificate_list(probe.options.max_handshake_bytes);
  if (probe.credentials && !probe.credentials->chain.empty())
    b.identity({probe.credentials->chain, probe.credentials->key});
  return b.build();
}

bool same_context(const Probe& a, const Probe& b) {
  const auto& x = a.options;
  const auto& y = b.options;
  if (x.security_level != y.security_level || x.version != y.version || x.max_handshake_bytes != y.max_handshake_bytes)
    return false;
  if (a.credentials.has_value() != b.credentials.has_value()) return false;
  return !a.credentials || (a.credentials->key == b.credentials->key && a.credentials->chain == b.credentials->chain);
}

core::Result<std::unique_ptr<Connection>> Connection::create(const Probe& probe, const core::MonotonicClock& clock,
                                                             SSL_CTX* shared, net::Resolver* resolver) {
  std::unique_ptr<Connection> c{new Connection(probe, clock)};
  c->m_resolver = resolver;
  if (shared != nullptr) {
    SSL_CTX_up_ref(shared);  // an SSL_CTX is reference-counted; each SSL takes its own settings from it
    c->m_ctx.reset(shared);
  } else {
    auto ctx = make_context(probe);
    if (!ctx) return std::unexpected(ctx.error());
    c->m_ctx = std::move(*ctx);
  }
  c->m_start = clock.now();
  c->m_t.target = probe.target.display();
  c->m_t.starttls = probe.options.starttls;
  if (probe.options.proxy) {
    c->m_t.proxy = probe.options.proxy->display();
    c->m_t.proxy_scheme = to_string(probe.options.proxy->scheme);
  }
  return c;
}

double Connection::elapsed_ms() const {
  return core::elapsed_ms(m_start, m_clock.now());
}

void Connection::arm(std::chrono::milliseconds timeout) {
  m_phase_start = m_clock.now();
  m_deadline = m_phase_start + timeout;
}

void Connection::event(Direction d, EventKind kind, EventDetail detail) {
  m_t.events.push_back(make_event(elapsed_ms(), d, static_cast<Stage>(m_state), kind, std::move(detail)));
}

short Connection::finish(TransportError error, std::string text) {
  take_observed();
  if (m_t.error == TransportError::None) {  // the first failure is the one that counts
    m_t.error = error;
    m_t.error_text = std::move(text);
    if (error != TransportError::None) m_t.stopped_at = static_cast<Stage>(m_state);
  }
  if (m_state == State::Response && m_t.error == TransportError::None) m_t.stopped_at = Stage::Done;
  if (!m_response.empty()) parse_answer();
  m_t.total_ms = elapsed_ms();
  m_state = State::Done;
  m_fd.reset();
  return 0;
}

short Connection::step() {
  switch (m_state) {
    case State::Resolve: return resolve();
    case State::Connect: return m_connect_started ? finish_connect() : connect_socket();
    case State::Proxy: return proxy_tunnel();
    case State::StartTls: return starttls();
    case State::Handshake: return handshake();
    case State::Request: return send_request();
    case State::Response: return read_response();
    case State::Done: return 0;
  }
  return 0;
}

void Connection::expire() {
  if (m_state == State::Resolve) {
    m_lookup.reset();  // the worker finishes it and drops its copy
    finish(TransportError::DnsFailure,
           fmt::format("no answer from the resolver within {} ms", m_probe.options.timeout.count()));
    return;
  }
  // Nothing was sent (--no-request, or an h2 connection) and nothing more was said: accepted.
  if (m_state == State::Response && m_request.empty()) {
    finish(TransportError::None, {});
    return;
  }
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.now() - m_phase_start);
  finish(TransportError::Timeout, fmt::format("no answer within {} ms", waited.count()));
}

short Connection::resolve() {
  Target via_proxy;
  const auto& proxy = m_probe.options.proxy;
  if (proxy) {
    via_proxy.host = proxy->host;
    via_proxy.port = proxy->port;
  }
  const Target& target = m_probe.options.connect_to ? *m_probe.options.connect_to : m_probe.target;
  // socks5:// (not socks5h://): the proxy is given the target's address, looked up here first.
  bool target_first = proxy && proxy->scheme == ProxyScheme::Socks5 && m_socks_address.empty();
  if (target_first && net::is_ip_literal(target.host)) {
    unsigned char bytes[16];
    const bool v6 = target.host.find(':') != std::string::npos;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, target.host.c_str(), bytes) == 1) {
      m_socks_address.assign(reinterpret_cast<const char*>(bytes), v6 ? 16 : 4);
      target_first = false;
    }
  }
  const Target& where = target_first ? target : proxy ? via_proxy : target;
  if (m_lookup && !m_lookup->done()) return POLLIN;  // still resolving: the loop wakes on the resolver's pipe
  const std::string port = std::to_string(where.port);
  m_addresses = std::make_shared<Addresses>();
  int rc = 0;
  if (m_lookup) {
    rc = m_lookup->status();
    m_addresses->list = m_lookup->take();
    m_lookup.reset();
  } else {
    // An address literal needs no lookup: AI_NUMERICHOST skips the NSS modules, and without
    // AI_ADDRCONFIG glibc asks the kernel for no interface list (a netlink round trip per call).
    const bool numeric = net::is_ip_literal(where.host);
    if (!numeric && m_resolver) {
      m_lookup = m_resolver->submit(where.host, port);
      arm(m_probe.options.timeout);
      return POLLIN;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = numeric ? AI_NUMERICHOST | AI_NUMERICSERV : AI_ADDRCONFIG;
    rc = getaddrinfo(where.host.c_str(), port.c_str(), &hints, &m_addresses->list);
  }
  if (target_first) {
    if (rc != 0 || !m_addresses->list) {
      m_t.target_unresolved = true;
      return finish(TransportError::DnsFailure, gai_strerror(rc));
    }
    const addrinfo* ai = m_addresses->list;
    if (ai->ai_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      m_socks_address.assign(reinterpret_cast<const char*>(&a->sin6_addr), 16);
    } else {
      const auto* a = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      m_socks_address.assign(reinterpret_cast<const char*>(&a->sin_addr), 4);
    }
    m_addresses.reset();
    return resolve();  // now the proxy's own name
  }
  if (rc != 0 || !m_addresses->list) return finish(TransportError::DnsFailure, gai_strerror(rc));
  m_state = State::Connect;
  return connect_socket();
}

short Connection::connect_socket() {
  const addrinfo* ai = m_addresses->list;
  m_t.address = net::format_address(ai->ai_addr, ai->ai_addrlen);
  m_fd.reset(socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
  if (!m_fd) return finish(TransportError::Unreachable, std::strerror(errno));
  if (!m_probe.options.source_address.empty()) {
    addrinfo hints{};
    hints.ai_family = ai->ai_family;
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    addrinfo* src = nullptr;
    if (getaddrinfo(m_probe.options.source_address.c_str(), nullptr, &hints, &src) != 0 || !src) {
      return finish(TransportError::LocalAddress,
                    fmt::format("{} is not an address of the target's family ({})", m_probe.options.source_address,
                                ai->ai_family == AF_INET6 ? "IPv6" : "IPv4"));
    }
    const int bound = bind(m_fd.get(), src->ai_addr, src->ai_addrlen);
    freeaddrinfo(src);
    if (bound != 0)
      return finish(TransportError::LocalAddress,
                    fmt::format("cannot bind {}: {}", m_probe.options.source_address, std::strerror(errno)));
  }
  arm(m_probe.options.timeout);
  m_connect_started = true;
  if (connect(m_fd.get(), ai->ai_addr, ai->ai_addrlen) == 0) return finish_connect();
  if (errno != EINPROGRESS) {
    const int err = errno;
    return finish(err == ECONNREFUSED ? TransportError::Refused : TransportError::Unreachable, std::strerror(err));
  }
  return POLLOUT;
}

short Connection::finish_connect() {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(m_fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
  if (err == EINPROGRESS || err == EALREADY) return POLLOUT;
  if (err != 0) {
    const auto kind = err == ECONNREFUSED ? TransportError::Refused
                      : err == ETIMEDOUT  ? TransportError::Timeout
                                          : TransportError::Unreachable;
    return finish(kind, std::strerror(err));
  }
  m_t.connect_ms = elapsed_ms();
  return after_connect();
}

short Connection::after_connect() {
  if (m_probe.options.proxy && m_proxy_step != ProxyStep::Open) return proxy_start();
  if (m_probe.options.starttls != StartTls::None) {
    m_state = State::StartTls;
    m_dialogue = std::make_unique<wire::StartTlsDialogue>(m_probe.options.starttls);
    arm(m_probe.options.timeout);
    if (const short events = follow(m_dialogue->start()); events != kGoOn) return events;
    return starttls();
  }
  return begin_tls();
}

std::optional<short> Connection::send_on_socket() {
  while (m_clear_sent < m_clear_out.size()) {
    const ssize_t n =
        ::send(m_fd.get(), m_clear_out.data() + m_clear_sent, m_clear_out.size() - m_clear_sent, MSG_NOSIGNAL);
    if (n >= 0) {
      m_clear_sent += static_cast<std::size_t>(n);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return POLLOUT;
    } else if (errno != EINTR) {
      return finish(TransportError::Reset, std::strerror(errno));
    }
  }
  return std::nullopt;
}

// The clear-text exchange: write what the dialogue asked for, read, feed it, until it says
// TLS may start or names what went wrong. Bounded by the dialogue (kMaxClearTextBytes) and by
// the phase deadline. Through an https:// proxy, inside its TLS (the tunnel's bytes are the
// proxy's records' contents), as the target's TLS that follows.
short Connection::starttls() {
  char buf[4096];
  for (;;) {
    if (const auto wait = send_clear_text()) return *wait;
    short wait = 0;
    const long n = read_clear_text(buf, sizeof buf, false, wait);
    if (n < 0) return wait;
    const auto step = n == 0 ? m_dialogue->closed() : m_dialogue->received({buf, static_cast<std::size_t>(n)});
    if (const short events = follow(step); events != kGoOn) return events;
  }
}

// Records what the dialogue noted and does what it asks; kGoOn: write (if asked), then read.
short Connection::follow(wire::StartTlsDialogue::Step step) {
  using Kind = wire::StartTlsDialogue::Step::Kind;
  for (auto& note : m_dialogue->take_notes())
    event(note.direction, EventKind::StartTls, TextDetail{std::move(note.what)});
  switch (step.kind) {
    case Kind::Send:
      m_clear_out = std::move(step.bytes);
      m_clear_sent = 0;
      return kGoOn;
    case Kind::Receive: return kGoOn;
    case Kind::StartTls: m_t.starttls_ms = elapsed_ms(); return begin_tls();
    case Kind::Fail: return finish(transport_error(step.error), std::move(step.text));
  }
  return kGoOn;
}

short Connection::begin_tls() {
  m_state = State::Handshake;
  m_ssl.reset(SSL_new(m_ctx.get()));
  if (!m_ssl) return finish(TransportError::TlsError, "cannot start TLS");
  // HTTP/2's owed frames are retried from a buffer that may have moved (exchange.cpp).
  SSL_set_mode(m_ssl.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (m_proxy_ssl) {
    // Through an https:// proxy: TLS with the target inside the TLS with the proxy.
    BIO* through = BIO_new(BIO_f_ssl());
    if (!through) return finish(TransportError::TlsError, "cannot start TLS");
    BIO_set_ssl(through, m_proxy_ssl.get(), BIO_NOCLOSE);
    SSL_set_bio(m_ssl.get(), through, through);  // one reference, owned by m_ssl
  } else if (!SSL_set_fd(m_ssl.get(), m_fd.get())) {
    return finish(TransportError::TlsError, "cannot start TLS");
  }
  if (BIO* rbio = SSL_get_rbio(m_ssl.get())) {
    BIO_set_callback_ex(rbio, keep_first_bytes);
    BIO_set_callback_arg(rbio, reinterpret_cast<char*>(&m_first_in));
  }
  const std::string& name = m_probe.options.servername.empty() ? m_probe.target.host : m_probe.options.servername;
  if (!net::is_ip_literal(name)) SSL_set_tlsext_host_name(m_ssl.get(), name.c_str());
  if (!m_probe.options.alpn.empty()) {
    std::string wire_list;  // RFC 7301 §3.1: each protocol name prefixed by its length
    for (const auto& p : m_probe.options.alpn) wire_list += static_cast<char>(p.size()) + p;
    // SSL_set_alpn_protos returns 0 on success.
    if (SSL_set_alpn_protos(m_ssl.get(), reinterpret_cast<const unsigned char*>(wire_list.data()),
                            static_cast<unsigned int>(wire_list.size())) != 0)
      return finish(TransportError::TlsError, "cannot offer the ALPN protocols");
  }
  if (m_probe.options.post_handshake_auth) SSL_set_post_handshake_auth(m_ssl.get(), 1);
  m_observer.attach(m_ssl.get());
  SSL_set_connect_state(m_ssl.get());
  arm(m_probe.options.timeout);
  return handshake();
}

// What the observer saw since the last call, as the transcript's events and alerts. Called
// after every TLS call, before the probe adds events of its own, so the order is the wire's.
void Connection::take_observed() {
  const auto& records = m_observer.records();
  for (; m_observed < records.size(); ++m_observed) {
    const tls::Observed& o = records[m_observed];
    const double at = core::elapsed_ms(m_start, o.at);
    const auto stage = static_cast<Stage>(m_state);
    if (o.kind == tls::RecordKind::Alert) {
      m_t.events.push_back(make_event(at, o.direction, stage, EventKind::Alert, AlertDetail{o.level, o.type}));
      m_t.alerts.push_back({o.direction, o.level == tls::AlertLevel::Fatal, o.type,
                            std::string(tls::alert_name(o.type)), o.phase == tls::Phase::Established, at});
      continue;
    }
    if (o.type == SSL3_MT_CERTIFICATE && o.direction == Direction::Sent) {
      m_t.client_certificate_message = true;
      m_t.client_certificates_sent = o.certificates.value_or(0);
    } else if (o.type == SSL3_MT_CERTIFICATE_REQUEST && o.direction == Direction::Received) {
      m_t.certificate_requested = true;
    }
    m_t.events.push_back(
        make_event(at, o.direction, stage, handshake_event_kind(o.type), HandshakeDetail{o.type, o.certificates}));
  }
}

short Connection::tls_failure(int ret, Stage stage) {
  const int err = SSL_get_error(m_ssl.get(), ret);
  const int saved_errno = errno;
  const unsigned long code = ERR_peek_error();
  m_t.tls_errors = ossl::drain_errors();
  m_t.stopped_at = stage;
  record_session();
  if (err == SSL_ERROR_ZERO_RETURN)
    return finish(TransportError::Closed, "the server closed the TLS session (close_notify)");
  if (err == SSL_ERROR_SYSCALL) {
    if (saved_errno == ECONNRESET || saved_errno == EPIPE)
      return finish(TransportError::Reset, std::strerror(saved_errno));
    return finish(TransportError::Closed, "the server closed the connection without an alert");
  }
  const int reason = ERR_GET_REASON(code);
  // OpenSSL 3 reports a TCP close without close_notify as an SSL error of its own (1.1 said
  // SSL_ERROR_SYSCALL): a server that drops a refused client without an alert (Node.js).
  if (ERR_GET_LIB(code) == ERR_LIB_SSL && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    return finish(TransportError::Closed, "the server closed the connection without an alert");
  }
  const bool nothing_tls = m_observer.handshake_bytes_received() == 0 && m_t.alerts.empty();
  if (nothing_tls && (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
                      reason == SSL_R_UNKNOWN_PROTOCOL)) {
    // OpenSSL stopped at a record header; the rest of what already came shows what answered.
    m_t.first_bytes = m_first_in;
    while (!m_proxy_ssl && m_t.first_bytes.size() <= kFirstBytesKept) {
      char more[kFirstBytesKept + 1];
      const ssize_t n = ::recv(m_fd.get(), more, kFirstBytesKept + 1 - m_t.first_bytes.size(), MSG_DONTWAIT);
      if (n <= 0) break;
      m_t.first_bytes.append(more, static_cast<std::size_t>(n));
    }
    return finish(TransportError::NotTls, "the server's answer is not a TLS record");
  }
  // OpenSSL refuses a handshake message longer than max_cert_list when it reads its header
  // (RFC 8446 §4: the length is announced first), before buffering any of it.
  // The state machine has moved to the message whose header it read: a server Certificate.
  if (ERR_GET_LIB(code) == ERR_LIB_SSL && reason == SSL_R_EXCESSIVE_MESSAGE_SIZE &&
      SSL_get_state(m_ssl.get()) == TLS_ST_CR_CERT) {
    return finish(TransportError::TooLarge,
                  fmt::format("the server's Certificate message (its chain) is larger than the {} bytes accepted "
                              "(excessive message size)",
                              m_probe.options.max_handshake_bytes));
  }
  const char* text = ERR_reason_error_string(code);
  return finish(TransportError::TlsError, text ? text : "TLS failure");
}

short Connection::handshake() {
  ossl::clear_errors();
  const int ret = SSL_connect(m_ssl.get());
  take_observed();
  if (m_observer.handshake_bytes_received() > m_probe.options.max_handshake_bytes) {
    return finish(TransportError::TooLarge,
                  fmt::format("the server sent more than {} bytes of handshake", m_probe.options.max_handshake_bytes));
  }
  if (ret == 1) {
    after_handshake();
    return step();
  }
  const int err = SSL_get_error(m_ssl.get(), ret);
  if (err == SSL_ERROR_WANT_READ) return POLLIN;
  if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
  return tls_failure(ret, Stage::Handshake);
}

// What the session established so far; called on success and on failure alike, since a
// TLS 1.2 rejection ends the handshake after the CertificateRequest was processed.
void Connection::record_session() {
  if (!m_ssl || !m_t.version.empty()) return;
  if (SSL_get_state(m_ssl.get()) != TLS_ST_BEFORE && SSL_version(m_ssl.get()) != 0 &&
      m_observer.handshake_bytes_received() > 0) {
    m_t.version = SSL_get_version(m_ssl.get());
  }
  if (const char* cipher = SSL_get_cipher_name(m_ssl.get()); cipher && std::string_view(cipher) != "(NONE)")
    m_t.cipher = cipher;
  if (m_t.alpn.empty()) {
    const unsigned char* alpn = nullptr;
    unsigned int alpn_len = 0;
    SSL_get0_alpn_selected(m_ssl.get(), &alpn, &alpn_len);
    if (alpn && alpn_len > 0) m_t.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  }
  if (m_t.server_chain.empty()) {
    auto chain = tls::read_peer_chain(m_ssl.get());
    m_t.server_chain = std::move(chain.der);
    if (!chain.decoded.certificates.empty()) {
      m_t.decoded_server_chain = std::make_shared<const tls::DecodedChain>(std::move(chain.decoded));
    }
  }
  auto names = tls::read_ca_names(m_ssl.get());
  m_t.acceptable_ca_names = std::move(names.rfc4514);
  m_t.acceptable_ca_names_der = std::move(names.der);
  m_t.ca_names_sent = !m_t.acceptable_ca_names.empty();
}

}  // namespace mtlsdoctor::probe::detail
