// `serve`: an mTLS server that verifies every client certificate, enforces the access policy,
// refuses with the alert that names the fault (access_denied 49 for a policy denial) or with an
// HTTP 403 that explains it, and logs one decision per connection. One event loop per worker
// thread, non-blocking throughout, every phase under a deadline; reloads its files without
// dropping a connection.
//
// TLS is GnuTLS's: OpenSSL 3.0 has no public call to send an arbitrary alert, and maps no
// verification result to access_denied; gnutls_alert_send() is public API. Certificates are
// still judged by OpenSSL (chain::verify_peer) and the policy engine, as `check` and
// `policy test` judge them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::server {

enum class DenyWith {
  Alert,  // fail the handshake with the alert that names the fault
  Http,   // complete the handshake with any certificate and answer 403 with the reason
};

enum class Versions { Both, Tls12Only, Tls13Only };

struct ServeOptions {
  std::string address = "127.0.0.1";   // IPv4 or IPv6 literal
  std::uint16_t port = 0;              // 0: the kernel picks (see Server::port())
  x509::IdentityFiles identity;        // the server's certificate, key, chain
  std::vector<std::string> client_ca;  // trust anchors for client certificates; also the CA names sent
  std::vector<std::string> crl;
  std::optional<std::string> policy_file;
  DenyWith deny_with = DenyWith::Alert;
  std::optional<std::string> decision_log;  // file, or "-" for stdout
  Versions versions = Versions::Both;
  // Where allowed clients go (none: serve answers 200 itself). `upstream` "HOST:PORT" relays the
  // decrypted bytes; `upstream_http` "http://HOST:PORT" forwards one HTTP/1.1 request per
  // connection with the verified certificate in X-Forwarded-Client-Cert (Envoy's format), the
  // client's own XFCC removed. HOST is resolved once, at start.
  std::optional<std::string> upstream;
  std::optional<std::string> upstream_http;
  // Prometheus text on GET /metrics (plain HTTP; keep it on loopback or a private network).
  std::optional<std::string> metrics_address;
  std::uint16_t metrics_port = 0;
  std::size_t max_connections = 1024;  // open at once, over all workers
  // Threads, each an event loop accepting from the one listener (0: one per CPU).
  unsigned workers = 1;
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds request_timeout{10'000};  // request head after the handshake
  std::chrono::milliseconds drain_timeout{1'000};     // reading the client's last bytes after a refusal
  std::chrono::milliseconds idle_timeout{60'000};     // a proxied connection with no bytes either way, or
                                                      // a kept-alive one waiting for its next request
  // HTTP requests one connection may carry (keep-alive); 1: every response closes the connection.
  std::size_t keepalive_requests = 1000;
  std::chrono::milliseconds watch_interval{1'000};  // how often the files are checked for changes (0: never)
};

// Counters since start, for tests and the status line.
struct Stats {
  std::uint64_t accepted = 0;
  std::uint64_t allowed = 0;
  std::uint64_t denied = 0;            // refused by verification or policy
  std::uint64_t handshake_failed = 0;  // failed before a decision (the client's alert, garbage, timeout)
  std::uint64_t reloads = 0;
  std::uint64_t reload_failures = 0;
  std::size_t open = 0;
};

// Human-readable event lines (start, reload, refusals when there is no decision log): one
// line each, without newline, already escaped. Called from any worker thread.
using EventSink = std::function<void(std::string_view line)>;

class Server {
 public:
  // Loads every file and binds; errors name the file (or the address).
  [[nodiscard]] static core::Result<std::unique_ptr<Server>> start(ServeOptions options, EventSink events);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept;
  [[nodiscard]] std::string listening() const;                // "127.0.0.1:8443"
  [[nodiscard]] std::uint16_t metrics_port() const noexcept;  // 0 without --metrics-listen

  // Serves until stop(); then stops accepting and lets open connections finish (each within
  // its deadline) before returning.
  void run();
  // Both are async-signal-safe and thread-safe (they write a byte to the loop's pipe).
  void stop() noexcept;
  void reload() noexcept;

  [[nodiscard]] Stats stats() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::server
