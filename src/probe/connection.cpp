#include "connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "alerts.h"
#include "mtlsdoctor/ossl/errors.h"
#include "protocols.h"

namespace mtlsdoctor::probe::detail {

struct Connection::Addresses {
  addrinfo* list = nullptr;
  ~Addresses() {
    if (list) freeaddrinfo(list);
  }
};

namespace {

constexpr short kGoOn = -1;  // from follow(): nothing to wait for yet, carry on

void message_callback(int write_p, int /*version*/, int content_type, const void* buf, size_t len, SSL* /*ssl*/,
                      void* arg) {
  static_cast<Connection*>(arg)->on_message(write_p, content_type, static_cast<const unsigned char*>(buf), len);
}

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::uint32_t be24(const unsigned char* p) { return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]; }

// Number of certificates in a Certificate handshake message body (RFC 5246 §7.4.2, RFC 8446 §4.4.2).
std::size_t count_certificates(const unsigned char* body, std::size_t len, bool tls13) {
  std::size_t pos = 0;
  if (tls13) {
    if (len < 1) return 0;
    pos = 1 + body[0];
  }
  if (pos + 3 > len) return 0;
  const std::size_t end = std::min(len, pos + 3 + be24(body + pos));
  pos += 3;
  std::size_t count = 0;
  while (pos + 3 <= end) {
    pos += 3 + be24(body + pos);
    if (tls13) {
      if (pos + 2 > end) break;
      pos += 2 + ((std::size_t{body[pos]} << 8) | body[pos + 1]);
    }
    if (pos > end) break;
    ++count;
  }
  return count;
}

}  // namespace

core::Result<ossl::SslCtxPtr> make_context(const Probe& probe) {
  ossl::clear_errors();
  ossl::SslCtxPtr owned(SSL_CTX_new(TLS_client_method()));
  if (!owned) return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot create a TLS context"));
  SSL_CTX* ctx = owned.get();
  SSL_CTX_set_security_level(ctx, probe.options.security_level);
  // We verify the server ourselves afterwards, reporting every problem: the handshake goes on.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_max_cert_list(ctx, static_cast<long>(probe.options.max_handshake_bytes));
  switch (probe.options.version) {
    case TlsVersion::Tls12: SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION); break;
    case TlsVersion::Tls13: SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION); SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION); break;
    case TlsVersion::Any: SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); break;
  }
  if (probe.credentials && !probe.credentials->chain.empty()) {
    const auto& chain = probe.credentials->chain;
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const unsigned char* p = chain[i].data();
      ossl::X509Ptr x{d2i_X509(nullptr, &p, static_cast<long>(chain[i].size()))};
      const bool ok = x && (i == 0 ? SSL_CTX_use_certificate(ctx, x.get()) : SSL_CTX_add1_chain_cert(ctx, x.get()));
      if (!ok) {
        return std::unexpected(ossl::error_from_queue(
            core::ErrorCategory::Crypto,
            fmt::format("OpenSSL refuses to send {} at security level {}", i == 0 ? "the client certificate" : "a chain certificate",
                        probe.options.security_level)));
      }
    }
    if (probe.credentials->key &&
        (!SSL_CTX_use_PrivateKey(ctx, probe.credentials->key) || !SSL_CTX_check_private_key(ctx))) {
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto,
                                                    "the private key does not match the client certificate"));
    }
  }
  return owned;
}

bool same_context(const Probe& a, const Probe& b) {
  const auto& x = a.options;
  const auto& y = b.options;
  if (x.security_level != y.security_level || x.version != y.version || x.max_handshake_bytes != y.max_handshake_bytes) return false;
  if (a.credentials.has_value() != b.credentials.has_value()) return false;
  return !a.credentials || (a.credentials->key == b.credentials->key && a.credentials->chain == b.credentials->chain);
}

core::Result<std::unique_ptr<Connection>> Connection::create(const Probe& probe, SSL_CTX* shared, Resolver* resolver) {
  std::unique_ptr<Connection> c{new Connection(probe)};
  c->m_resolver = resolver;
  if (shared != nullptr) {
    SSL_CTX_up_ref(shared);  // an SSL_CTX is reference-counted; each SSL takes its own settings from it
    c->m_ctx.reset(shared);
  } else {
    auto ctx = make_context(probe);
    if (!ctx) return std::unexpected(ctx.error());
    c->m_ctx = std::move(*ctx);
  }
  c->m_start = std::chrono::steady_clock::now();
  c->m_t.target = probe.target.display();
  c->m_t.starttls = probe.options.starttls;
  return c;
}

Connection::~Connection() {
  if (m_fd >= 0) close(m_fd);
}

double Connection::elapsed_ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
}

void Connection::arm(std::chrono::milliseconds timeout) {
  m_phase_start = std::chrono::steady_clock::now();
  m_deadline = m_phase_start + timeout;
}

void Connection::event(Direction d, std::string what) {
  m_t.events.push_back({elapsed_ms(), d, static_cast<Stage>(m_state), std::move(what)});
}

short Connection::finish(TransportError error, std::string text) {
  if (m_t.error == TransportError::None) {  // the first failure is the one that counts
    m_t.error = error;
    m_t.error_text = std::move(text);
    if (error != TransportError::None) m_t.stopped_at = static_cast<Stage>(m_state);
  }
  if (m_state == State::Response && m_t.error == TransportError::None) m_t.stopped_at = Stage::Done;
  if (!m_response.empty()) parse_answer();
  m_t.total_ms = elapsed_ms();
  m_state = State::Done;
  if (m_fd >= 0) {
    close(m_fd);
    m_fd = -1;
  }
  return 0;
}

short Connection::step() {
  switch (m_state) {
    case State::Resolve: return resolve();
    case State::Connect: return m_connect_started ? finish_connect() : connect_socket();
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
    finish(TransportError::DnsFailure, fmt::format("no answer from the resolver within {} ms", m_probe.options.timeout.count()));
    return;
  }
  if (m_state == State::Response && m_probe.options.application == Application::None) {
    finish(TransportError::None, {});  // nothing more was said: the server accepted us
    return;
  }
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_phase_start);
  finish(TransportError::Timeout, fmt::format("no answer within {} ms", waited.count()));
}

short Connection::resolve() {
  const Target& where = m_probe.options.connect_to ? *m_probe.options.connect_to : m_probe.target;
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
    in6_addr literal{};
    const bool numeric =
        inet_pton(AF_INET, where.host.c_str(), &literal) == 1 || inet_pton(AF_INET6, where.host.c_str(), &literal) == 1;
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
  if (rc != 0 || !m_addresses->list) return finish(TransportError::DnsFailure, gai_strerror(rc));
  m_state = State::Connect;
  return connect_socket();
}

short Connection::connect_socket() {
  const addrinfo* ai = m_addresses->list;
  char host[NI_MAXHOST] = {};
  char serv[NI_MAXSERV] = {};
  getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
  m_t.address = ai->ai_family == AF_INET6 ? fmt::format("[{}]:{}", host, serv) : fmt::format("{}:{}", host, serv);
  m_fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  if (m_fd < 0) return finish(TransportError::Unreachable, std::strerror(errno));
  if (!m_probe.options.source_address.empty()) {
    addrinfo hints{};
    hints.ai_family = ai->ai_family;
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    addrinfo* src = nullptr;
    if (getaddrinfo(m_probe.options.source_address.c_str(), nullptr, &hints, &src) != 0 || !src) {
      return finish(TransportError::Unreachable, fmt::format("bad --source-address {}", m_probe.options.source_address));
    }
    const int bound = bind(m_fd, src->ai_addr, src->ai_addrlen);
    freeaddrinfo(src);
    if (bound != 0) return finish(TransportError::Unreachable, fmt::format("cannot bind {}: {}", m_probe.options.source_address, std::strerror(errno)));
  }
  arm(m_probe.options.timeout);
  m_connect_started = true;
  if (connect(m_fd, ai->ai_addr, ai->ai_addrlen) == 0) return finish_connect();
  if (errno != EINPROGRESS) {
    const int err = errno;
    return finish(err == ECONNREFUSED ? TransportError::Refused : TransportError::Unreachable, std::strerror(err));
  }
  return POLLOUT;
}

short Connection::finish_connect() {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err == EINPROGRESS || err == EALREADY) return POLLOUT;
  if (err != 0) {
    const auto kind = err == ECONNREFUSED ? TransportError::Refused
                      : err == ETIMEDOUT  ? TransportError::Timeout
                                          : TransportError::Unreachable;
    return finish(kind, std::strerror(err));
  }
  m_t.connect_ms = elapsed_ms();
  if (m_probe.options.starttls != StartTls::None) {
    m_state = State::StartTls;
    m_dialogue = std::make_unique<StartTlsDialogue>(m_probe.options.starttls);
    arm(m_probe.options.timeout);
    if (const short events = follow(m_dialogue->start()); events != kGoOn) return events;
    return starttls();
  }
  return begin_tls();
}

// The clear-text exchange: write what the dialogue asked for, read, feed it, until it says
// TLS may start or names what went wrong. Bounded by the dialogue (kMaxClearTextBytes) and by
// the phase deadline.
short Connection::starttls() {
  char buf[4096];
  for (;;) {
    while (m_clear_sent < m_clear_out.size()) {
      const ssize_t n = ::send(m_fd, m_clear_out.data() + m_clear_sent, m_clear_out.size() - m_clear_sent, MSG_NOSIGNAL);
      if (n >= 0) {
        m_clear_sent += static_cast<std::size_t>(n);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return POLLOUT;
      } else if (errno != EINTR) {
        return finish(TransportError::Reset, std::strerror(errno));
      }
    }
    const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return POLLIN;
      const int err = errno;
      return finish(err == ECONNRESET ? TransportError::Reset : TransportError::Unreachable, std::strerror(err));
    }
    const auto step = n == 0 ? m_dialogue->closed() : m_dialogue->received({buf, static_cast<std::size_t>(n)});
    if (const short events = follow(step); events != kGoOn) return events;
  }
}

// Records what the dialogue noted and does what it asks; kGoOn: write (if asked), then read.
short Connection::follow(StartTlsDialogue::Step step) {
  for (auto& note : m_dialogue->take_notes()) event(note.direction, std::move(note.what));
  switch (step.kind) {
    case StartTlsDialogue::Step::Kind::Send:
      m_clear_out = std::move(step.bytes);
      m_clear_sent = 0;
      return kGoOn;
    case StartTlsDialogue::Step::Kind::Receive: return kGoOn;
    case StartTlsDialogue::Step::Kind::StartTls:
      m_t.starttls_ms = elapsed_ms();
      return begin_tls();
    case StartTlsDialogue::Step::Kind::Fail: return finish(step.error, std::move(step.text));
  }
  return kGoOn;
}

short Connection::begin_tls() {
  m_state = State::Handshake;
  m_ssl.reset(SSL_new(m_ctx.get()));
  if (!m_ssl || !SSL_set_fd(m_ssl.get(), m_fd)) return finish(TransportError::TlsError, "cannot start TLS");
  const std::string& name = m_probe.options.servername.empty() ? m_probe.target.host : m_probe.options.servername;
  if (!is_ip_literal(name)) SSL_set_tlsext_host_name(m_ssl.get(), name.c_str());
  SSL_set_msg_callback(m_ssl.get(), message_callback);
  SSL_set_msg_callback_arg(m_ssl.get(), this);
  SSL_set_connect_state(m_ssl.get());
  arm(m_probe.options.timeout);
  return handshake();
}

void Connection::on_message(int write_p, int content_type, const unsigned char* buf, std::size_t len) {
  const Direction dir = write_p ? Direction::Sent : Direction::Received;
  if (content_type == SSL3_RT_ALERT && len >= 2) {
    Alert a;
    a.direction = dir;
    a.fatal = buf[0] == SSL3_AL_FATAL;
    a.code = buf[1];
    a.name = std::string(alert_name(a.code));
    a.after_handshake = m_ssl && SSL_is_init_finished(m_ssl.get());
    a.at_ms = elapsed_ms();
    event(dir, fmt::format("alert {} {} ({})", a.fatal ? "fatal" : "warning", a.name, a.code));
    m_t.alerts.push_back(std::move(a));
    return;
  }
  if (content_type != SSL3_RT_HANDSHAKE || len < 4) return;
  const int type = buf[0];
  if (!write_p) m_handshake_bytes += len;
  std::string what(handshake_name(type));
  const bool tls13 = m_ssl && SSL_version(m_ssl.get()) == TLS1_3_VERSION;
  if (type == SSL3_MT_CERTIFICATE) {
    const std::size_t n = count_certificates(buf + 4, len - 4, tls13);
    what += n == 0 ? " (empty: no certificate)" : fmt::format(" ({} certificate{})", n, n == 1 ? "" : "s");
    if (write_p) {
      m_t.client_certificate_message = true;
      m_t.client_certificates_sent = n;
    }
  } else if (type == SSL3_MT_CERTIFICATE_REQUEST && !write_p) {
    m_t.certificate_requested = true;
  }
  event(dir, std::move(what));
}

short Connection::tls_failure(int ret, Stage stage) {
  const int err = SSL_get_error(m_ssl.get(), ret);
  const int saved_errno = errno;
  const unsigned long code = ERR_peek_error();
  m_t.tls_errors = ossl::drain_errors();
  m_t.stopped_at = stage;
  record_session();
  if (err == SSL_ERROR_ZERO_RETURN) return finish(TransportError::Closed, "the server closed the TLS session (close_notify)");
  if (err == SSL_ERROR_SYSCALL) {
    if (saved_errno == ECONNRESET || saved_errno == EPIPE) return finish(TransportError::Reset, std::strerror(saved_errno));
    return finish(TransportError::Closed, "the server closed the connection without an alert");
  }
  const int reason = ERR_GET_REASON(code);
  // OpenSSL 3 reports a TCP close without close_notify as an SSL error of its own (1.1 said
  // SSL_ERROR_SYSCALL): a server that drops a refused client without an alert (Node.js).
  if (ERR_GET_LIB(code) == ERR_LIB_SSL && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    return finish(TransportError::Closed, "the server closed the connection without an alert");
  }
  const bool nothing_tls = m_handshake_bytes == 0 && m_t.alerts.empty();
  if (nothing_tls && (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
                      reason == SSL_R_UNKNOWN_PROTOCOL)) {
    return finish(TransportError::NotTls, "the server's answer is not a TLS record");
  }
  // OpenSSL refuses a handshake message longer than max_cert_list when it reads its header
  // (RFC 8446 §4: the length is announced first), before buffering any of it.
  // The state machine has moved to the message whose header it read: a server Certificate.
  if (ERR_GET_LIB(code) == ERR_LIB_SSL && reason == SSL_R_EXCESSIVE_MESSAGE_SIZE && SSL_get_state(m_ssl.get()) == TLS_ST_CR_CERT) {
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
  if (m_handshake_bytes > m_probe.options.max_handshake_bytes) {
    return finish(TransportError::TooLarge, fmt::format("the server sent more than {} bytes of handshake",
                                                        m_probe.options.max_handshake_bytes));
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
  if (SSL_get_state(m_ssl.get()) != TLS_ST_BEFORE && SSL_version(m_ssl.get()) != 0 && m_handshake_bytes > 0) {
    m_t.version = SSL_get_version(m_ssl.get());
  }
  if (const char* cipher = SSL_get_cipher_name(m_ssl.get()); cipher && std::string_view(cipher) != "(NONE)") m_t.cipher = cipher;
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(m_ssl.get())) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      unsigned char* der = nullptr;
      X509* x = sk_X509_value(chain, i);
      const int len = i2d_X509(x, &der);
      if (len > 0) {
        m_t.server_chain.emplace_back(der, der + len);
        m_t.server_chain_decoded.push_back(ossl::share(x));
      }
      OPENSSL_free(der);
    }
  }
  if (STACK_OF(X509_NAME)* names = SSL_get_client_CA_list(m_ssl.get())) {
    for (int i = 0; i < sk_X509_NAME_num(names); ++i) {
      ossl::BioPtr bio{BIO_new(BIO_s_mem())};
      X509_NAME_print_ex(bio.get(), sk_X509_NAME_value(names, i), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
      char* data = nullptr;
      const long len = BIO_get_mem_data(bio.get(), &data);
      m_t.acceptable_ca_names.emplace_back(data, static_cast<std::size_t>(len > 0 ? len : 0));
    }
  }
  m_t.ca_names_sent = !m_t.acceptable_ca_names.empty();
}

void Connection::after_handshake() {
  m_t.handshake_done = true;
  m_t.handshake_ms = elapsed_ms();
  record_session();
  event(Direction::Sent, fmt::format("handshake complete: {} {}", m_t.version, m_t.cipher));
  arm(m_probe.options.timeout);
  const ProbeOptions& o = m_probe.options;
  m_state = State::Request;
  switch (o.application) {
    case Application::Http: {
      const Target& t = m_probe.target;
      const std::string host = t.port == 443 ? t.host : t.display();
      m_request = fmt::format("GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: mtls-doctor\r\nAccept: */*\r\nConnection: close\r\n\r\n",
                              t.path, host.find(':') != std::string::npos && t.port == 443 ? "[" + host + "]" : host);
      m_request_note = fmt::format("GET {} ({} bytes)", t.path, m_request.size());
      break;
    }
    case Application::Postgres: {
      PostgresAnswer answer;
      answer.user = o.pg_user;
      answer.database = o.pg_database.empty() ? o.pg_user : o.pg_database;
      m_request = postgres_startup_message(answer.user, answer.database);
      m_request_note = fmt::format("StartupMessage user={} database={} ({} bytes)", answer.user, answer.database, m_request.size());
      m_t.postgres = std::move(answer);
      break;
    }
    case Application::Smtp:
      // RFC 3207 §4.2: the client must forget what it knew and say EHLO again.
      m_request = "EHLO mtls-doctor\r\n";
      m_request_note = "EHLO mtls-doctor (over TLS)";
      break;
    case Application::None:
      // Nothing to send: wait briefly for a TLS 1.3 post-handshake rejection.
      m_deadline = m_phase_start + std::min<std::chrono::milliseconds>(o.timeout, std::chrono::milliseconds{1500});
      m_state = State::Response;
      break;
  }
}

short Connection::send_request() {
  while (m_request_sent < m_request.size()) {
    ossl::clear_errors();
    std::size_t written = 0;
    const int ret = SSL_write_ex(m_ssl.get(), m_request.data() + m_request_sent, m_request.size() - m_request_sent, &written);
    if (ret == 1) {
      m_request_sent += written;
      continue;
    }
    const int err = SSL_get_error(m_ssl.get(), ret);
    if (err == SSL_ERROR_WANT_READ) return POLLIN;
    if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
    // The server may have rejected us already (TLS 1.3): its alert can still be read.
    event(Direction::Sent, "request not sent: the connection failed");
    m_state = State::Response;
    return read_response();
  }
  event(Direction::Sent, m_request_note);
  m_state = State::Response;
  return read_response();
}

short Connection::read_response() {
  char buf[16384];
  for (;;) {
    ossl::clear_errors();
    std::size_t got = 0;
    const int ret = SSL_read_ex(m_ssl.get(), buf, sizeof buf, &got);
    if (ret == 1) {
      m_t.bytes_received += got;
      const std::size_t room = m_probe.options.max_response_bytes - std::min(m_response.size(), m_probe.options.max_response_bytes);
      m_response.append(buf, std::min(got, room));
      if (m_response.size() >= m_probe.options.max_response_bytes || answer_complete()) return finish(TransportError::None, {});
      continue;
    }
    const int err = SSL_get_error(m_ssl.get(), ret);
    if (err == SSL_ERROR_WANT_READ) return POLLIN;
    if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
    if (!m_response.empty() && (err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL)) {
      ossl::clear_errors();
      return finish(TransportError::None, {});  // the answer, then the close we asked for
    }
    return tls_failure(ret, Stage::Response);
  }
}

// Whether the service has said enough: HTTP ends with the close we asked for; PostgreSQL and
// SMTP wait for us after their first decisive answer.
bool Connection::answer_complete() const {
  switch (m_probe.options.application) {
    case Application::Postgres: {
      PostgresAnswer scratch;
      return read_postgres_answer(m_response, scratch).status != Parse::Incomplete;
    }
    case Application::Smtp: return read_smtp_reply(m_response).status != Parse::Incomplete;
    case Application::Http:
    case Application::None: return false;
  }
  return false;
}

void Connection::parse_answer() {
  switch (m_probe.options.application) {
    case Application::Postgres: {
      const auto read = read_postgres_answer(m_response, *m_t.postgres);
      for (const auto& note : read.notes) event(Direction::Received, note);
      if (read.status == Parse::Malformed) event(Direction::Received, fmt::format("not PostgreSQL: '{}'", preview(m_response)));
      return;
    }
    case Application::Smtp: {
      const auto read = read_smtp_reply(m_response);
      if (read.status != Parse::Complete) {
        event(Direction::Received, fmt::format("not an SMTP reply: '{}'", preview(m_response)));
        return;
      }
      event(Direction::Received, fmt::format("{} {}", read.reply.code, read.reply.lines.empty() ? "" : preview(read.reply.lines.front(), 100)));
      m_t.smtp = read.reply;
      return;
    }
    case Application::Http:
    case Application::None: break;
  }
  if (auto r = parse_http_response(m_response)) {
    event(Direction::Received, fmt::format("HTTP {} {}", r->status, r->reason));
    m_t.http = std::move(*r);
  }
}

}  // namespace mtlsdoctor::probe::detail
