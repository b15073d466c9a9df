#include "mtlsdoctor/exporter/exporter.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <list>
#include <mutex>
#include <thread>

#include "metrics.h"
#include "mtlsdoctor/core/printable.h"
#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/log_watch.h"
#include "mtlsdoctor/monitor/probe.h"
#include "mtlsdoctor/net/event_loop.h"
#include "mtlsdoctor/net/listener.h"
#include "mtlsdoctor/render/monitor.h"
#include "mtlsdoctor/render/monitor_page.h"
#include "mtlsdoctor/server/http_exchange.h"
#include "mtlsdoctor/wire/http_query.h"
#include "web_gate.h"

namespace mtlsdoctor::exporter {

using server::HttpAnswer;

namespace {

constexpr std::string_view kText = "text/plain; charset=utf-8";
constexpr std::string_view kPrometheus = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kJson = "application/json";
constexpr std::size_t kSparkSweeps = 60;  // sweeps of history read for the status page

HttpAnswer text(int status, std::string body) {
  return {status, std::string(kText), std::move(body) + "\n"};
}

// Prometheus's scrape timeout (seconds, a decimal), when it sent one.
std::optional<std::chrono::milliseconds> scrape_timeout(const wire::HttpRequest& r) {
  const std::string* h = r.header("X-Prometheus-Scrape-Timeout-Seconds");
  if (!h) return std::nullopt;
  double seconds = 0;
  const auto [end, ec] = std::from_chars(h->data(), h->data() + h->size(), seconds);
  if (ec != std::errc{} || end != h->data() + h->size() || !(seconds > 0) || seconds > 3600) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

}  // namespace

struct Exporter::Impl {
  monitor::Config config;
  ExporterOptions options;
  EventSink events;
  net::Listener listener;
  std::unique_ptr<detail::WebGate> web;  // --web-config; null: plain HTTP, no authentication
  monitor::SweepLoop sweeps;
  monitor::LogWatch logs;
  int wake_read = -1, wake_write = -1;
  std::atomic<bool> stop_requested{false};
  std::atomic<std::size_t> probes_in_flight{0};
  // /probe requests answered, by result: probed, refused (403, 400), busy (503).
  std::atomic<std::uint64_t> probes_done{0}, probes_refused{0}, probes_busy{0};

  Impl(monitor::Config c, ExporterOptions o, EventSink e, net::Listener l)
      : config(c),
        options(std::move(o)),
        events(std::move(e)),
        listener(std::move(l)),
        sweeps(std::move(c), options.sweeps),
        logs(config.logs, {.events = options.sweeps.events}) {}
  ~Impl() {
    if (wake_read >= 0) ::close(wake_read);
    if (wake_write >= 0) ::close(wake_write);
  }

  void wake() const noexcept {
    const char b = 'w';
    [[maybe_unused]] auto n = ::write(wake_write, &b, 1);
  }

  HttpAnswer status_page() const {
    const auto status = sweeps.status();
    render::StatusPage page;
    page.last = status.last.get();
    page.config = config.file;
    page.last_duration_seconds = status.last_duration_seconds;
    page.sweeps = status.sweeps;
    page.logs_watched = !config.logs.empty();
    const auto hour_ago =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - std::chrono::hours(1);
    for (auto& r : logs.counts().recent)
      if (r.read_at >= hour_ago) page.log_rejections.push_back(std::move(r));
    std::error_code ec;
    if (status.last && std::filesystem::exists(config.database, ec)) {
      // The recent sweeps only: enough for each sparkline, bounded however long the history.
      monitor::HistoryQuery q;
      q.since = status.last->checked_at - std::chrono::duration_cast<std::chrono::seconds>(
                                              config.interval * static_cast<long>(kSparkSweeps) * 3 / 2);
      if (auto history = monitor::History::open(config.database)) {
        if (auto rows = history->rows(q)) {
          for (auto& row : *rows) page.history[{row.kind, row.name}].push_back(std::move(row));
        }
      }
    }
    return {200, "text/html; charset=utf-8", render::status_page_html(page)};
  }

  HttpAnswer probe(const wire::HttpTarget& target, const wire::HttpRequest& r) {
    monitor::ProbeRequest request;
    request.target = std::string(target.get("target").value_or(""));
    if (auto i = target.get("identity")) request.identity = std::string(*i);
    if (auto s = target.get("servername")) request.servername = std::string(*s);
    // Counted before the allow-list is read: a flood of refused requests costs no probe either.
    if (probes_in_flight.fetch_add(1) >= options.probe_concurrency) {
      probes_in_flight.fetch_sub(1);
      ++probes_busy;
      return text(503, fmt::format("more than {} probes in flight; try again", options.probe_concurrency));
    }
    monitor::SweepOptions so;
    so.at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto phase = options.probe_timeout;
    if (auto limit = scrape_timeout(r)) {
      // Three phases, and half a second to answer, within Prometheus's timeout.
      phase = std::min(phase, std::max<std::chrono::milliseconds>(std::chrono::milliseconds(100),
                                                                  (*limit - std::chrono::milliseconds(500)) / 3));
    }
    so.phase_timeout = phase;
    const auto started = std::chrono::steady_clock::now();
    auto item = monitor::probe_target(config, request, so);
    probes_in_flight.fetch_sub(1);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!item) {
      ++probes_refused;
      const int code = item.error().why == monitor::ProbeRefusal::Why::NotAllowed ? 403 : 400;
      return text(code, core::printable(item.error().message));
    }
    ++probes_done;
    return {200, std::string(kPrometheus), detail::probe_metrics(*item, took)};
  }

  std::string web_metrics() const {
    if (!web) return {};
    std::uint64_t refused[detail::kRefusals];
    for (std::size_t i = 0; i < detail::kRefusals; ++i) refused[i] = web->refused(static_cast<detail::Refusal>(i));
    return detail::web_counters(refused, web->reloads(), web->reload_failures());
  }

  HttpAnswer answer(const wire::HttpRequest& r) {
    if (r.method != "GET" && r.method != "HEAD") return text(405, "GET /, /metrics, /probe, /api/status");
    auto target = wire::parse_http_target(r.target);
    if (!target) return text(400, target.error().message);
    if (target->path == "/metrics")
      return {200, std::string(kPrometheus),
              detail::sweep_metrics(sweeps.status()) +
                  detail::probe_counters(probes_done, probes_refused, probes_busy) + web_metrics() +
                  detail::log_metrics(logs.counts())};
    if (target->path == "/probe") return probe(*target, r);
    if (target->path == "/api/status") {
      const auto status = sweeps.status();
      if (!status.last) return {503, std::string(kJson), "{\"error\": \"no sweep has ended yet\"}\n"};
      return {200, std::string(kJson),
              render::monitor_json(*status.last).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
                  "\n"};
    }
    if (target->path == "/") return status_page();
    return text(404, "GET /, /metrics, /probe?target=HOST:PORT, /api/status");
  }

  // One connection, on its own thread: the exchange on a loop of its own (after the TLS
  // handshake when the web configuration asks for TLS), then done.
  void serve(net::Accepted accepted) {
    // OpenSSL writes with write(2): a client gone early must cost an EPIPE, not the process.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    const core::SteadyClock clock;
    net::EventLoop loop(clock);
    ossl::SslPtr tls;
    if (web) {
      web->refresh();
      if (web->tls()) {
        tls = web->accept(accepted.fd.get());
        if (!tls) {
          events(fmt::format("cannot start TLS for {}", accepted.peer));
          return;
        }
      }
    }
    const bool https = tls != nullptr;
    server::HttpExchange exchange(std::move(accepted.fd), loop.now() + options.request_timeout, std::move(tls));
    const server::HttpExchange::Handler handler = [this, &exchange, &accepted](const wire::HttpRequest& r) {
      HttpAnswer a;
      if (auto refused = web ? web->admit(r, exchange.tls(), accepted.peer) : std::nullopt)
        a = std::move(*refused);
      else
        a = answer(r);
      if (web) web->decorate(a);
      return a;
    };
    std::vector<net::Watch> watches(1);
    while (!exchange.done()) {
      watches[0] = {exchange.fd(), exchange.events(), exchange.deadline()};
      loop.wait(watches);
      if (watches[0].wake != net::Wake::Waiting) exchange.step(watches[0].wake == net::Wake::Expired, handler);
    }
    if (https && !exchange.tls_failure().empty()) {
      web->count(detail::Refusal::TlsHandshake);
      events(fmt::format("TLS handshake with {} failed: {}", accepted.peer, exchange.tls_failure()));
    }
  }
};

Exporter::Exporter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Exporter::~Exporter() = default;

core::Result<std::unique_ptr<Exporter>> Exporter::start(monitor::Config config, ExporterOptions options,
                                                        EventSink events) {
  auto listener = net::Listener::bind(options.address, options.port, 128);
  if (!listener) return std::unexpected(listener.error());
  // The sink is called from the sweep thread, the log watchers and every connection's thread:
  // one line at a time, whatever sink was given.
  const auto lock = std::make_shared<std::mutex>();
  const auto serialised = [lock](EventSink sink) -> EventSink {
    if (!sink) return sink;
    return [lock, sink = std::move(sink)](std::string_view line) {
      const std::lock_guard guard(*lock);
      sink(line);
    };
  };
  events = serialised(std::move(events));
  options.sweeps.events = serialised(std::move(options.sweeps.events));
  std::unique_ptr<detail::WebGate> web;
  if (options.web_config) {
    auto loaded = detail::WebGate::load(*options.web_config, events);
    if (!loaded) return std::unexpected(loaded.error());
    web = std::move(*loaded);
  }
  auto impl = std::make_unique<Impl>(std::move(config), std::move(options), std::move(events), std::move(*listener));
  impl->web = std::move(web);
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    return core::fail(core::ErrorCategory::Io, "cannot create the wake-up pipe");
  impl->wake_read = fds[0];
  impl->wake_write = fds[1];
  return std::unique_ptr<Exporter>(new Exporter(std::move(impl)));
}

std::uint16_t Exporter::port() const noexcept {
  return m_impl->listener.port();
}

std::string Exporter::listening() const {
  return m_impl->listener.address();
}

void Exporter::stop() noexcept {
  m_impl->stop_requested = true;
  m_impl->wake();
}

monitor::SweepStatus Exporter::status() const {
  return m_impl->sweeps.status();
}

void Exporter::run() {
  Impl& s = *m_impl;
  struct Worker {
    std::thread thread;
    std::atomic<bool> done{false};
  };
  std::list<Worker> workers;
  const auto reap = [&] {
    for (auto it = workers.begin(); it != workers.end();) {
      if (it->done) {
        it->thread.join();
        it = workers.erase(it);
      } else {
        ++it;
      }
    }
  };
  s.events(core::printable(fmt::format(
      "listening on {}: {} ({} files, {} identities, {} endpoints, every {} s)", s.listener.address(), s.config.file,
      s.config.files.size(), s.config.identities.size(), s.config.endpoints.size(), s.config.interval.count())));
  if (s.web) {
    s.events(fmt::format("web configuration {}: {}", s.options.web_config->string(), s.web->summary()));
    if (!s.web->tls() && s.web->basic_auth())
      s.events("warning: basic auth over plain HTTP sends the passwords in clear; add tls_server_config");
  }
  s.sweeps.start();
  s.logs.start();
  const core::SteadyClock clock;
  net::EventLoop loop(clock);
  std::vector<net::Watch> watches;
  while (!s.stop_requested) {
    reap();
    watches.clear();
    watches.push_back({s.wake_read, POLLIN});
    if (workers.size() < s.options.max_connections) watches.push_back({s.listener.fd(), POLLIN});
    loop.wait(watches);
    if (watches[0].wake == net::Wake::Ready) {
      char buf[64];
      while (::read(s.wake_read, buf, sizeof buf) > 0) {
      }
    }
    if (watches.size() < 2 || watches[1].wake != net::Wake::Ready) continue;
    while (workers.size() < s.options.max_connections) {
      auto accepted = s.listener.accept();
      if (!accepted || !*accepted) break;
      auto& w = workers.emplace_back();
      w.thread = std::thread([&s, &w, a = std::move(**accepted)]() mutable {
        s.serve(std::move(a));
        w.done = true;
        s.wake();
      });
    }
  }
  s.events("stopping: finishing the requests being served and the sweep under way");
  s.sweeps.stop();
  s.logs.stop();
  for (auto& w : workers) w.thread.join();
  s.events("stopped");
}

}  // namespace mtlsdoctor::exporter
