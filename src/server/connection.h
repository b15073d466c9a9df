// One client of `serve`, as a state machine the loop drives: handshake (the certificate judged
// inside it), the refusal alert or the request, the response, a graceful close that drains what
// the client still sends so that it reads our alert instead of a reset.
#pragma once

#include <gnutls/gnutls.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "generation.h"
#include "mtlsdoctor/core/monotonic_clock.h"
#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/server/admission.h"
#include "mtlsdoctor/server/decision_log.h"
#include "mtlsdoctor/server/metrics.h"
#include "mtlsdoctor/server/serve.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::server::detail {

// Where allowed clients are sent, resolved at start.
struct Upstream {
  sockaddr_storage address{};
  socklen_t length = 0;
  bool http = false;  // --upstream-http: requests forwarded one by one, XFCC added to each
  std::string name;   // "127.0.0.1:8080", for messages
};

// The server's counters, shared by its workers.
struct Counters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> allowed{0};
  std::atomic<std::uint64_t> denied{0};
  std::atomic<std::uint64_t> handshake_failed{0};
  std::atomic<std::uint64_t> reloads{0};
  std::atomic<std::uint64_t> reload_failures{0};
  std::atomic<std::size_t> open{0};  // client connections held by all workers (reserved before accept)

  [[nodiscard]] Stats snapshot() const;
};

// What every connection shares with the server (and with the other workers: all of it is
// read-only or thread-safe).
struct Shared {
  const ServeOptions& options;
  const std::optional<Upstream>& upstream;
  DecisionLog* log = nullptr;  // null: decisions go to the event lines
  const EventSink& events;
  Counters& counters;
  Metrics& metrics;
};

class Connection {
 public:
  Connection(net::Fd fd, std::string peer, std::shared_ptr<const Generation> generation, Shared& shared,
             core::MonoTime now);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  [[nodiscard]] short events() const noexcept { return m_events; }
  [[nodiscard]] core::MonoTime deadline() const noexcept { return m_deadline; }
  [[nodiscard]] bool done() const noexcept { return m_state == State::Done; }
  // The upstream connection, while there is one (-1 otherwise), and what to wait for on it.
  [[nodiscard]] int upstream_fd() const noexcept { return m_upstream.get(); }
  [[nodiscard]] short upstream_events() const noexcept { return m_upstream_events; }

  // Makes what progress it can (the descriptor was ready, or the deadline passed).
  void step(bool expired, core::MonoTime now);
  // The server is stopping: a connection waiting for its next request closes now, one in the
  // middle of a request closes after its response.
  void stopping(core::MonoTime now);

  // GnuTLS's certificate hook, for this connection's session.
  static int verify_hook(gnutls_session_t session);

 private:
  enum class State { Handshake, SendAlert, ReadRequest, WriteResponse, Connect, Relay, Bye, Drain, Done };

  int on_certificate();
  void handshake(core::MonoTime now);
  void handshake_failed(int rc, core::MonoTime now);
  void refuse(core::MonoTime now);
  void send_alert(core::MonoTime now);
  void read_request(core::MonoTime now);
  // Takes request bytes (what the client sent, or what followed the last request); true once
  // the request is being answered.
  bool take_request_bytes(std::string_view bytes, core::MonoTime now);
  void respond(int status, std::string body, core::MonoTime now, bool keep_alive = false);
  // After a response: the next request on the same connection, or the close.
  void response_done(core::MonoTime now);
  // Whether the connection may carry another request after this one's response.
  [[nodiscard]] bool may_keep_alive(const wire::HttpRequest& request) const;
  void write_response(core::MonoTime now);
  void bye(core::MonoTime now);
  void start_drain(core::MonoTime now);
  void drain();
  void finish();
  // proxy.cpp: the way to the upstream and the relay both ways.
  void start_upstream(core::MonoTime now);
  void connected(core::MonoTime now);
  void relay(core::MonoTime now);
  void upstream_failed(const std::string& why, core::MonoTime now);
  void forward_request(core::MonoTime now);
  // --upstream-http: the upstream's bytes, read for the head and the body's end; what goes to
  // the client is appended to m_down. Returns false after answering 502 instead.
  bool from_upstream(std::string_view bytes, core::MonoTime now);
  void upstream_ended(core::MonoTime now);
  void wait_for_gnutls();
  void decided(std::optional<int> alert, std::optional<int> http_status);
  [[nodiscard]] Peer peer() const;
  [[nodiscard]] std::string tls_name() const;

  net::Fd m_fd;
  std::string m_peer;
  std::shared_ptr<const Generation> m_generation;
  Shared& m_shared;
  gnutls_session_t m_session = nullptr;
  State m_state = State::Handshake;
  short m_events = POLLIN;
  core::MonoTime m_deadline;
  std::optional<Admission> m_admission;
  int m_alert = 0;
  wire::HttpRequestParser m_parser;
  std::string m_response;
  std::size_t m_written = 0;
  std::size_t m_drained = 0;
  net::Fd m_upstream;
  short m_upstream_events = 0;
  std::string m_up;    // client → upstream, not yet written
  std::string m_down;  // upstream → client, not yet sent
  std::size_t m_down_sent = 0;
  std::size_t m_body_left = 0;  // --upstream-http: request body bytes still to forward
  bool m_client_done = false;   // nothing more is read from the client
  bool m_upstream_eof = false;
  // Keep-alive (HTTP/1.1 persistent connections).
  std::string m_pipelined;               // bytes the client sent after the request being answered
  std::string m_method;                  // of the request being answered (HEAD: no body comes back)
  bool m_keep_alive = false;             // the response being sent says keep-alive
  bool m_idle = false;                   // waiting for the first byte of the next request
  bool m_stopping = false;               // the server stops: no request after this one
  std::uint64_t m_requests = 0;          // requests taken on this connection
  std::uint64_t m_reloads_at_start = 0;  // a reload since: the connection ends after this response
  // --upstream-http: the response being relayed.
  std::string m_head;  // the upstream's head, until complete
  bool m_head_done = false;
  wire::ResponseFraming m_framing;
  std::size_t m_body_left_down = 0;  // Length: body bytes still to relay
  wire::ChunkedBodyEnd m_chunked;
  bool m_response_done = false;  // the whole response is in m_down (or sent)
};

}  // namespace mtlsdoctor::server::detail
