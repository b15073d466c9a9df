// One probe as an explicit state machine over a non-blocking socket. step() advances as far
// as it can without blocking and says what to wait for; the event loop owns the waiting.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/probe/probe.h"
#include "resolver.h"
#include "starttls.h"

namespace mtlsdoctor::probe::detail {

using SteadyTime = std::chrono::steady_clock::time_point;

// The client TLS context a probe needs: options and the identity to send. Probes for which
// same_context() holds can share one (many targets, one identity: no per-probe decode of the
// client chain and key check).
[[nodiscard]] core::Result<ossl::SslCtxPtr> make_context(const Probe& probe);
[[nodiscard]] bool same_context(const Probe& a, const Probe& b);

class Connection {
 public:
  // `shared`: a context from make_context() for an equal probe (taken by reference), or null.
  // `resolver`: where names are looked up without blocking the loop (null: getaddrinfo here).
  [[nodiscard]] static core::Result<std::unique_ptr<Connection>> create(const Probe& probe, SSL_CTX* shared = nullptr,
                                                                        Resolver* resolver = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Advances; returns the poll() events to wait for, or 0 when finished.
  short step();
  void expire();  // the deadline passed while waiting
  [[nodiscard]] int fd() const noexcept { return m_fd; }
  [[nodiscard]] SteadyTime deadline() const noexcept { return m_deadline; }
  [[nodiscard]] bool done() const noexcept { return m_state == State::Done; }
  // The resolver answered the lookup this connection waits for (it has no socket yet): step().
  [[nodiscard]] bool lookup_answered() const noexcept { return m_lookup && m_lookup->done(); }
  [[nodiscard]] Transcript take() { return std::move(m_t); }

  // For OpenSSL's message callback.
  void on_message(int write_p, int content_type, const unsigned char* buf, std::size_t len);

 private:
  // In the order of `Stage`, which each state names where it stopped.
  enum class State { Resolve, Connect, StartTls, Handshake, Request, Response, Done };
  explicit Connection(const Probe& probe) : m_probe(probe) {}

  short resolve();
  short connect_socket();
  short finish_connect();
  short starttls();
  short follow(StartTlsDialogue::Step step);
  short begin_tls();
  short handshake();
  short send_request();
  short read_response();
  short finish(TransportError error, std::string text);
  short tls_failure(int ret, Stage stage);
  void after_handshake();
  void record_session();
  [[nodiscard]] bool answer_complete() const;
  void parse_answer();
  [[nodiscard]] double elapsed_ms() const;
  void arm(std::chrono::milliseconds timeout);
  void event(Direction d, std::string what);

  const Probe& m_probe;
  Transcript m_t;
  State m_state = State::Resolve;
  int m_fd = -1;
  ossl::SslCtxPtr m_ctx;
  ossl::SslPtr m_ssl;
  std::unique_ptr<StartTlsDialogue> m_dialogue;
  std::string m_clear_out;  // what the dialogue asked to send before TLS
  std::size_t m_clear_sent = 0;
  std::string m_request;
  std::string m_request_note;  // how the request appears in the transcript
  std::size_t m_request_sent = 0;
  std::string m_response;
  std::size_t m_handshake_bytes = 0;
  bool m_connect_started = false;
  SteadyTime m_start{};
  SteadyTime m_deadline{};
  SteadyTime m_phase_start{};
  struct Addresses;
  std::shared_ptr<Addresses> m_addresses;
  Resolver* m_resolver = nullptr;
  std::shared_ptr<Resolver::Job> m_lookup;
};

}  // namespace mtlsdoctor::probe::detail
