#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>
#include <utility>

#include "connection.h"
#include "generation.h"
#include "mtlsdoctor/core/printable.h"
#include "mtlsdoctor/net/event_loop.h"
#include "mtlsdoctor/net/listener.h"
#include "mtlsdoctor/server/http_exchange.h"
#include "mtlsdoctor/server/serve.h"

namespace mtlsdoctor::server {

using detail::Connection;
using detail::Generation;

namespace {

// "HOST:PORT", "[::1]:PORT" (--upstream) or "http://HOST:PORT[/…]" (--upstream-http), resolved now.
core::Result<std::optional<detail::Upstream>> resolve_upstream(const ServeOptions& o) {
  if (o.upstream && o.upstream_http) {
    return core::fail(core::ErrorCategory::Usage, "--upstream and --upstream-http exclude each other");
  }
  if (!o.upstream && !o.upstream_http) return std::optional<detail::Upstream>{};
  const bool http = o.upstream_http.has_value();
  std::string_view text = http ? *o.upstream_http : *o.upstream;
  const std::string given(text);
  if (http) {
    if (!text.starts_with("http://")) {
      return core::fail(core::ErrorCategory::Usage, "--upstream-http wants http://HOST:PORT", given);
    }
    text.remove_prefix(7);
    text = text.substr(0, text.find('/'));
  }
  std::string host, port;
  if (text.starts_with('[')) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos)
      return core::fail(core::ErrorCategory::Usage, "no port in the upstream", given);
    host = std::string(text.substr(1, close - 1));
    port = std::string(text.substr(close + 2));
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      if (!http) return core::fail(core::ErrorCategory::Usage, "the upstream wants HOST:PORT", given);
      host = std::string(text);
      port = "80";
    } else {
      host = std::string(text.substr(0, colon));
      port = std::string(text.substr(colon + 1));
    }
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return core::fail(core::ErrorCategory::Usage, fmt::format("cannot resolve the upstream: {}", gai_strerror(rc)),
                      given);
  }
  detail::Upstream u;
  std::memcpy(&u.address, found->ai_addr, found->ai_addrlen);
  u.length = found->ai_addrlen;
  u.http = http;
  u.name = host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
  ::freeaddrinfo(found);
  return std::optional<detail::Upstream>{u};
}

}  // namespace

// A worker's wake-up pipe: stop() and reload() write a byte to it.
struct WakePipe {
  int read = -1;
  int write = -1;
  WakePipe() = default;
  WakePipe(const WakePipe&) = delete;
  WakePipe& operator=(const WakePipe&) = delete;
  WakePipe(WakePipe&& o) noexcept : read(std::exchange(o.read, -1)), write(std::exchange(o.write, -1)) {}
  ~WakePipe() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
  void poke(char b) const noexcept { [[maybe_unused]] auto n = ::write(write, &b, 1); }
  void drain() const noexcept {
    char buf[64];
    while (::read(read, buf, sizeof buf) > 0) {
    }
  }
};

struct Server::Impl {
  ServeOptions options;
  EventSink events;
  std::optional<detail::Upstream> upstream;
  std::optional<net::Listener> metrics_listener;  // served by worker 0
  Metrics metrics;
  net::Listener listener;  // polled by every worker
  std::optional<DecisionLog> log;
  std::vector<std::string> files;  // watched for changes by worker 0
  std::vector<WakePipe> wakes;     // one per worker
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> reload_requested{false};
  detail::Counters counters;
  core::SteadyClock clock;

  mutable std::mutex generation_mutex;  // generation, generation_stamps_seen
  std::shared_ptr<const Generation> generation;
  std::vector<detail::FileStamp> generation_stamps_seen;

  Impl(ServeOptions o, EventSink e, net::Listener l)
      : options(std::move(o)), events(std::move(e)), listener(std::move(l)) {}

  [[nodiscard]] std::shared_ptr<const Generation> current() const {
    const std::lock_guard lock(generation_mutex);
    return generation;
  }

  // Worker 0's: loads the files anew; connections keep the generation they started with.
  void do_reload(std::string_view why) {
    auto next = detail::load_generation(options, &Connection::verify_hook);
    metrics.reloaded(next.has_value());
    if (!next) {
      ++counters.reload_failures;
      {
        // The old files stay in force; the new ones are looked at again when they change.
        const std::lock_guard lock(generation_mutex);
        generation_stamps_seen = detail::stamp_files(files);
      }
      events(core::printable(
          fmt::format("reload ({}) failed, keeping the previous configuration: {}{}", why, next.error().message,
                      next.error().subject.empty() ? "" : fmt::format(" ({})", next.error().subject))));
      return;
    }
    const std::string summary = (*next)->summary;
    {
      const std::lock_guard lock(generation_mutex);
      generation_stamps_seen = (*next)->stamps;
      generation = std::move(*next);
    }
    ++counters.reloads;
    if (log) {
      if (auto r = log->reopen(); !r) events(core::printable(r.error().message));
    }
    events(core::printable(fmt::format("reloaded ({}): {}", why, summary)));
  }

  [[nodiscard]] bool files_changed() const {
    const auto stamps = detail::stamp_files(files);
    const std::lock_guard lock(generation_mutex);
    return stamps != generation_stamps_seen;
  }

  void work(std::size_t index);
};

Stats detail::Counters::snapshot() const {
  Stats s;
  s.accepted = accepted;
  s.allowed = allowed;
  s.denied = denied;
  s.handshake_failed = handshake_failed;
  s.reloads = reloads;
  s.reload_failures = reload_failures;
  s.open = open;
  return s;
}

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Server::~Server() = default;

core::Result<std::unique_ptr<Server>> Server::start(ServeOptions options, EventSink events) {
  auto generation = detail::load_generation(options, &Connection::verify_hook);
  if (!generation) return std::unexpected(generation.error());
  std::optional<DecisionLog> log;
  if (options.decision_log) {
    auto l = DecisionLog::open(*options.decision_log);
    if (!l) return std::unexpected(l.error());
    log.emplace(std::move(*l));
  }
  auto upstream = resolve_upstream(options);
  if (!upstream) return std::unexpected(upstream.error());
  auto listener = net::Listener::bind(options.address, options.port, 1024);
  if (!listener) return std::unexpected(listener.error());
  std::optional<net::Listener> metrics_listener;
  if (options.metrics_address) {
    auto m = net::Listener::bind(*options.metrics_address, options.metrics_port, 64);
    if (!m) return std::unexpected(m.error());
    metrics_listener.emplace(std::move(*m));
  }
  if (options.workers == 0) options.workers = std::max(1U, std::thread::hardware_concurrency());
  auto impl = std::make_unique<Impl>(std::move(options), std::move(events), std::move(*listener));
  impl->generation = std::move(*generation);
  impl->upstream = std::move(*upstream);
  impl->metrics_listener = std::move(metrics_listener);
  impl->generation_stamps_seen = impl->generation->stamps;
  impl->files = detail::watched_files(impl->options);
  if (log) impl->log.emplace(std::move(*log));
  for (unsigned i = 0; i < impl->options.workers; ++i) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) {
      return core::fail(core::ErrorCategory::Io, "cannot create a wake-up pipe");
    }
    auto& w = impl->wakes.emplace_back();
    w.read = pipe_fds[0];
    w.write = pipe_fds[1];
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const noexcept {
  return m_impl->listener.port();
}
std::string Server::listening() const {
  return m_impl->listener.address();
}
std::uint16_t Server::metrics_port() const noexcept {
  return m_impl->metrics_listener ? m_impl->metrics_listener->port() : 0;
}

void Server::stop() noexcept {
  m_impl->stop_requested = true;
  for (const auto& w : m_impl->wakes) w.poke('s');
}

void Server::reload() noexcept {
  m_impl->reload_requested = true;
  m_impl->wakes.front().poke('r');
}

Stats Server::stats() const {
  return m_impl->counters.snapshot();
}

void Server::run() {
  Impl& s = *m_impl;
  s.events(core::printable(fmt::format("listening on {} ({} worker{}): {}", s.listener.address(), s.wakes.size(),
                                       s.wakes.size() == 1 ? "" : "s", s.current()->summary)));
  std::vector<std::thread> others;
  for (std::size_t i = 1; i < s.wakes.size(); ++i) others.emplace_back([&s, i] { s.work(i); });
  s.work(0);
  for (auto& t : others) t.join();
  s.events("stopped");
}

// One worker's event loop. Every worker accepts from the one listener (a worker busy with
// handshakes is not in poll(), so the idle ones take the new clients) and owns its connections
// from accept to close; worker 0 also serves the metrics, watches the files and reloads.
void Server::Impl::work(std::size_t index) {
  const bool first = index == 0;
  const WakePipe& wake = wakes[index];
  net::EventLoop loop(clock);
  detail::Shared shared{options, upstream, log ? &*log : nullptr, events, counters, metrics};
  std::list<Connection> connections;
  std::list<HttpExchange> scrapes;
  const HttpExchange::Handler answer_scrape = [&](const wire::HttpRequest& r) -> HttpAnswer {
    if (r.method != "GET" && r.method != "HEAD") return {405, "text/plain; charset=utf-8", "GET /metrics\n"};
    if (r.target != "/metrics" && !r.target.starts_with("/metrics?"))
      return {404, "text/plain; charset=utf-8", "GET /metrics\n"};
    return {200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(counters.open)};
  };
  std::vector<net::Watch> watches;
  std::vector<Connection*> watched;
  const bool watching = first && options.watch_interval.count() > 0;
  auto next_file_check = loop.now() + options.watch_interval;
  // With several workers none takes a whole burst of new clients at once.
  const std::size_t accept_batch = wakes.size() == 1 ? options.max_connections : 16;
  bool accepting = true;

  while (accepting || !connections.empty()) {
    if (stop_requested && accepting) {
      accepting = false;
      if (first || !connections.empty()) {
        events(fmt::format("stopping{}: no new connections; {} open connection{} finishing",
                           wakes.size() == 1 ? "" : fmt::format(" worker {}", index), connections.size(),
                           connections.size() == 1 ? "" : "s"));
      }
    }
    if (!accepting) {
      // Kept-alive connections waiting for a request close now; the others after their response.
      for (auto& c : connections) c.stopping(loop.now());
      counters.open -= connections.remove_if([](const Connection& c) { return c.done(); });
    }
    if (!accepting && connections.empty()) break;
    if (first && reload_requested.exchange(false)) do_reload("signal");
    const auto now = loop.now();
    if (watching && now >= next_file_check) {
      next_file_check = now + options.watch_interval;
      if (files_changed()) do_reload("a file changed");
    }

    watches.clear();
    watched.clear();
    watches.push_back({wake.read, POLLIN});
    const bool room = counters.open < options.max_connections;
    const std::size_t listen_at = watches.size();
    if (accepting && room) watches.push_back({listener.fd(), POLLIN});
    const std::size_t metrics_at = watches.size();
    if (first && accepting && metrics_listener && scrapes.size() < 16) {
      watches.push_back({metrics_listener->fd(), POLLIN});
    }
    const std::size_t scrapes_at = watches.size();
    for (const auto& m : scrapes) watches.push_back({m.fd(), m.events(), m.deadline()});
    const std::size_t connections_at = watches.size();
    for (auto& c : connections) {
      watches.push_back({c.fd(), c.events(), c.deadline()});
      if (c.upstream_fd() >= 0) watches.push_back({c.upstream_fd(), c.upstream_events()});
      watched.push_back(&c);
    }
    if (watching) watches.push_back({-1, 0, next_file_check});
    loop.wait(watches);

    if (watches[0].wake == net::Wake::Ready) wake.drain();
    std::size_t at = scrapes_at;
    for (auto& m : scrapes) {
      const auto& w = watches[at++];
      if (w.wake != net::Wake::Waiting) m.step(w.wake == net::Wake::Expired, answer_scrape);
    }
    scrapes.remove_if([](const HttpExchange& m) { return m.done(); });
    if (metrics_at < scrapes_at && watches[metrics_at].wake == net::Wake::Ready) {
      auto accepted = metrics_listener->accept();
      if (accepted && *accepted) {
        scrapes.emplace_back(std::move((*accepted)->fd), loop.now() + options.request_timeout);
      }
    }
    // A connection's watches: its client, then its upstream when it has one (as pushed above).
    at = connections_at;
    for (Connection* c : watched) {
      const auto& client = watches[at++];
      const bool upstream_ready = c->upstream_fd() >= 0 && watches[at++].wake == net::Wake::Ready;
      if (client.wake == net::Wake::Ready || upstream_ready) {
        c->step(false, loop.now());
      } else if (client.wake == net::Wake::Expired) {
        c->step(true, loop.now());
      }
    }
    const std::size_t closed = connections.remove_if([](const Connection& c) { return c.done(); });
    counters.open -= closed;

    if (listen_at < metrics_at && watches[listen_at].wake == net::Wake::Ready) {
      // Accept what waits, within the limit shared by all workers: a place is reserved first.
      for (std::size_t n = 0; n < accept_batch; ++n) {
        if (counters.open.fetch_add(1) >= options.max_connections) {
          --counters.open;
          break;
        }
        auto accepted = listener.accept();
        if (!accepted || !*accepted) {
          --counters.open;
          break;
        }
        auto& c = connections.emplace_back(std::move((*accepted)->fd), std::move((*accepted)->peer), current(), shared,
                                           loop.now());
        c.step(false, loop.now());
        if (c.done()) {
          connections.pop_back();
          --counters.open;
        }
      }
    }
  }
}

}  // namespace mtlsdoctor::server
