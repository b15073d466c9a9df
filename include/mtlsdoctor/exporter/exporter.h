// `monitor serve` (MONITOR.md): the monitor as a service. A SweepLoop sweeps the configuration
// every interval and records the history; this serves it over plain HTTP/1.1:
//   GET /metrics      the last sweep in Prometheus's text format (metrics.h)
//   GET /probe?target=…[&identity=…][&servername=…]   one live probe, blackbox-exporter style
//   GET /api/status   the last sweep as `monitor run --format json`
//   GET /             the status page (HTML, worst first, history sparklines)
// The HTTP side is the project's own: net::Listener, wire::HttpRequestParser and
// server::HttpExchange, over OpenSSL when `web_config` asks for TLS (web_config.h: TLS, client
// certificates judged by a CA, SANs or a POLICY.md policy, basic auth). One thread accepts; each connection is served
// by a thread of its own (at most `max_connections`, beyond which connections wait in the listen backlog), because a
// /probe blocks for as long as its handshake takes and must not hold up /metrics.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/monitor/config.h"
#include "mtlsdoctor/monitor/service.h"

namespace mtlsdoctor::exporter {

struct ExporterOptions {
  std::string address = "127.0.0.1";  // an IP literal
  std::uint16_t port = 9796;          // 0: any free port
  std::size_t max_connections = 32;   // HTTP connections served at once
  std::size_t probe_concurrency = 8;  // /probe requests in flight; beyond: 503
  // Each phase of a /probe (connect, handshake, response); a shorter
  // X-Prometheus-Scrape-Timeout-Seconds from Prometheus lowers it so the answer beats the scrape.
  std::chrono::milliseconds probe_timeout{10'000};
  std::chrono::milliseconds request_timeout{10'000};  // to send the request head
  monitor::SweepLoopOptions sweeps;
  // exporter-toolkit's web configuration (web_config.h); none: plain HTTP, no authentication.
  std::optional<std::filesystem::path> web_config;
};

// Called with one line at a time (the exporter serialises its threads' calls).
using EventSink = std::function<void(std::string_view)>;

class Exporter {
 public:
  // Binds the listener; nothing is swept or served before run().
  [[nodiscard]] static core::Result<std::unique_ptr<Exporter>> start(monitor::Config config, ExporterOptions options,
                                                                     EventSink events);
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept;
  [[nodiscard]] std::string listening() const;  // "127.0.0.1:9796"

  // Sweeps and serves until stop(); then waits for the connections being served.
  void run();
  void stop() noexcept;  // async-signal-safe

  [[nodiscard]] monitor::SweepStatus status() const;

 private:
  struct Impl;
  explicit Exporter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::exporter
