// One probe as an explicit state machine over a non-blocking socket. step() advances as far
// as it can without blocking and says what to wait for; the event loop owns the waiting. The
// TLS session is watched by a tls::SessionObserver, whose records become the transcript's
// events and alerts; the clear-text protocols are wire's codecs.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/monotonic_clock.h"
#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/net/resolver.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/probe/probe.h"
#include "mtlsdoctor/tls/session_observer.h"
#include "mtlsdoctor/wire/http2.h"
#include "mtlsdoctor/wire/starttls.h"

namespace mtlsdoctor::probe::detail {

// The client TLS context a probe needs: options and the identity to send. Probes for which
// same_context() holds can share one (many targets, one identity: no per-probe decode of the
// client chain and key check).
[[nodiscard]] core::Result<ossl::SslCtxPtr> make_context(const Probe& probe);
[[nodiscard]] bool same_context(const Probe& a, const Probe& b);

class Connection {
 public:
  // `shared`: a context from make_context() for an equal probe (taken by reference), or null.
  // `resolver`: where names are looked up without blocking the loop (null: getaddrinfo here).
  // `clock`: all of the probe's times and deadlines; it must outlive the connection.
  [[nodiscard]] static core::Result<std::unique_ptr<Connection>> create(const Probe& probe,
                                                                        const core::MonotonicClock& clock,
                                                                        SSL_CTX* shared = nullptr,
                                                                        net::Resolver* resolver = nullptr);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Advances; returns the poll() events to wait for, or 0 when finished.
  short step();
  void expire();  // the deadline passed while waiting
  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  [[nodiscard]] core::MonoTime deadline() const noexcept { return m_deadline; }
  [[nodiscard]] bool done() const noexcept { return m_state == State::Done; }
  // The resolver answered the lookup this connection waits for (it has no socket yet): step().
  [[nodiscard]] bool lookup_answered() const noexcept { return m_lookup && m_lookup->done(); }
  [[nodiscard]] Transcript take() { return std::move(m_t); }

 private:
  // In the order of `Stage`, which each state names where it stopped.
  enum class State { Resolve, Connect, Proxy, StartTls, Handshake, Request, Response, Done };
  Connection(const Probe& probe, const core::MonotonicClock& clock)
      : m_probe(probe), m_clock(clock), m_observer(clock) {}

  short resolve();
  short connect_socket();
  short finish_connect();
  short after_connect();  // through the proxy, STARTTLS, or straight to TLS
  // proxy_tunnel.cpp: TLS to an https:// proxy, then CONNECT or the SOCKS5 dialogue.
  short proxy_start();
  short proxy_tls();
  short proxy_tunnel();
  short proxy_first_message();
  short proxy_answer();  // what m_proxy_in holds: kGoOn (-1) to read or send on, else what step() returns
  [[nodiscard]] std::size_t proxy_message_size(std::string_view seen) const;
  // Before the target's TLS, the proxy's messages and the STARTTLS dialogue alike travel on the
  // socket, or inside the TLS with an https:// proxy once there is one (m_proxy_ssl).
  // Writes what is left of m_clear_out: nullopt once all is sent, else what step() returns
  // (POLLIN or POLLOUT to wait, 0 when the connection failed).
  std::optional<short> send_clear_text();
  std::optional<short> send_on_socket();
  // Reads (or peeks): > 0 bytes, 0 closed, -1 wait for `wait` (0: the connection failed and is
  // finished).
  long read_clear_text(char* buf, std::size_t size, bool peek, short& wait);
  short starttls();
  short follow(wire::StartTlsDialogue::Step step);
  short begin_tls();
  short handshake();
  short send_request();
  short read_response();
  void send_h2_owed();
  short finish(TransportError error, std::string text);
  short tls_failure(int ret, Stage stage);
  void after_handshake();
  void record_session();
  void take_observed();
  [[nodiscard]] bool answer_complete() const;
  void parse_answer();
  [[nodiscard]] double elapsed_ms() const;
  void arm(std::chrono::milliseconds timeout);
  void event(Direction d, EventKind kind, EventDetail detail);

  const Probe& m_probe;
  const core::MonotonicClock& m_clock;
  tls::SessionObserver m_observer;  // declared before m_ssl, which points at it: outlives it
  std::size_t m_observed = 0;       // records of m_observer already in the transcript
  std::string m_first_in;           // the first bytes OpenSSL read (kFirstBytesKept + 1 at most); outlives m_ssl
  Transcript m_t;
  State m_state = State::Resolve;
  net::Fd m_fd;
  ossl::SslCtxPtr m_ctx;
  // An https:// proxy's TLS: the target's TLS runs inside it (a BIO_f_ssl over it), so it is
  // declared before m_ssl, which it outlives.
  ossl::SslCtxPtr m_proxy_ctx;
  ossl::SslPtr m_proxy_ssl;
  enum class ProxyStep { Tls, Greeting, Password, Request, Open };
  ProxyStep m_proxy_step = ProxyStep::Tls;
  std::string m_socks_address;  // socks5://: the target's address (4 or 16 bytes), looked up here
  ossl::SslPtr m_ssl;
  std::unique_ptr<wire::StartTlsDialogue> m_dialogue;
  std::string m_proxy_in;   // the proxy's answer to CONNECT, so far
  std::string m_clear_out;  // what the dialogue asked to send before TLS
  std::size_t m_clear_sent = 0;
  std::string m_request;
  std::string m_request_note;  // how the request appears in the transcript
  std::size_t m_request_sent = 0;
  std::string m_response;
  std::unique_ptr<wire::Http2Exchange> m_h2;  // ALPN chose h2: the request and answer in HTTP/2
  std::string m_h2_out;                       // frames owed while the answer comes (SETTINGS ack, WINDOW_UPDATE)
  bool m_connect_started = false;
  core::MonoTime m_start{};
  core::MonoTime m_deadline{};
  core::MonoTime m_phase_start{};
  struct Addresses;
  std::shared_ptr<Addresses> m_addresses;
  net::Resolver* m_resolver = nullptr;
  std::shared_ptr<net::Resolver::Job> m_lookup;
};

}  // namespace mtlsdoctor::probe::detail
