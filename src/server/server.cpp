#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <list>
#include <mutex>

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

struct Server::Impl {
  ServeOptions options;
  EventSink events;
  std::optional<detail::Upstream> upstream;
  std::optional<net::Listener> metrics_listener;
  Metrics metrics;  // the loop's; read and written only by it
  net::Listener listener;
  std::optional<DecisionLog> log;
  std::shared_ptr<const Generation> generation;
  std::vector<std::string> files;  // watched for changes
  int wake_read = -1;              // the self-pipe: stop() and reload() write a byte
  int wake_write = -1;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> reload_requested{false};
  mutable std::mutex stats_mutex;
  Stats stats;
  core::SteadyClock clock;

  Impl(ServeOptions o, EventSink e, net::Listener l)
      : options(std::move(o)), events(std::move(e)), listener(std::move(l)) {}
  ~Impl() {
    if (wake_read >= 0) ::close(wake_read);
    if (wake_write >= 0) ::close(wake_write);
  }

  void do_reload(std::string_view why) {
    auto next = detail::load_generation(options, &Connection::verify_hook);
    const std::lock_guard lock(stats_mutex);
    metrics.reloaded(next.has_value());
    if (!next) {
      ++stats.reload_failures;
      // The old files stay in force; the new ones are looked at again when they change.
      generation_stamps_seen = detail::stamp_files(files);
      events(core::printable(
          fmt::format("reload ({}) failed, keeping the previous configuration: {}{}", why, next.error().message,
                      next.error().subject.empty() ? "" : fmt::format(" ({})", next.error().subject))));
      return;
    }
    generation = std::move(*next);
    generation_stamps_seen = generation->stamps;
    ++stats.reloads;
    if (log) {
      if (auto r = log->reopen(); !r) events(core::printable(r.error().message));
    }
    events(core::printable(fmt::format("reloaded ({}): {}", why, generation->summary)));
  }

  std::vector<detail::FileStamp> generation_stamps_seen;
};

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
  auto impl = std::make_unique<Impl>(std::move(options), std::move(events), std::move(*listener));
  impl->generation = std::move(*generation);
  impl->upstream = std::move(*upstream);
  impl->metrics_listener = std::move(metrics_listener);
  impl->generation_stamps_seen = impl->generation->stamps;
  impl->files = detail::watched_files(impl->options);
  if (log) impl->log.emplace(std::move(*log));
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    return core::fail(core::ErrorCategory::Io, "cannot create the wake-up pipe");
  }
  impl->wake_read = pipe_fds[0];
  impl->wake_write = pipe_fds[1];
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
  const char b = 's';
  [[maybe_unused]] auto n = ::write(m_impl->wake_write, &b, 1);
}

void Server::reload() noexcept {
  m_impl->reload_requested = true;
  const char b = 'r';
  [[maybe_unused]] auto n = ::write(m_impl->wake_write, &b, 1);
}

Stats Server::stats() const {
  const std::lock_guard lock(m_impl->stats_mutex);
  return m_impl->stats;
}

void Server::run() {
  Impl& s = *m_impl;
  net::EventLoop loop(s.clock);
  Stats local;  // the loop's own counters, published under the lock each round
  {
    const std::lock_guard lock(s.stats_mutex);
    local = s.stats;
  }
  detail::Shared shared{s.options, s.upstream, s.log ? &*s.log : nullptr, s.events, local, s.metrics};
  std::list<Connection> connections;
  std::list<HttpExchange> scrapes;
  const HttpExchange::Handler answer_scrape = [&](const wire::HttpRequest& r) -> HttpAnswer {
    if (r.method != "GET" && r.method != "HEAD") return {405, "text/plain; charset=utf-8", "GET /metrics\n"};
    if (r.target != "/metrics" && !r.target.starts_with("/metrics?"))
      return {404, "text/plain; charset=utf-8", "GET /metrics\n"};
    return {200, "text/plain; version=0.0.4; charset=utf-8", s.metrics.render(connections.size())};
  };
  std::vector<net::Watch> watches;
  std::vector<Connection*> watched;
  auto next_file_check = loop.now() + s.options.watch_interval;
  bool accepting = true;
  s.events(core::printable(fmt::format("listening on {}: {}", s.listener.address(), s.generation->summary)));

  while (accepting || !connections.empty()) {
    if (s.stop_requested && accepting) {
      accepting = false;
      s.events(fmt::format("stopping: no new connections; {} open connection{} finishing", connections.size(),
                           connections.size() == 1 ? "" : "s"));
    }
    if (!accepting && connections.empty()) break;
    if (s.reload_requested.exchange(false)) {
      s.do_reload("signal");
    }
    const auto now = loop.now();
    if (s.options.watch_interval.count() > 0 && now >= next_file_check) {
      next_file_check = now + s.options.watch_interval;
      if (detail::stamp_files(s.files) != s.generation_stamps_seen) s.do_reload("a file changed");
    }

    watches.clear();
    watched.clear();
    watches.push_back({s.wake_read, POLLIN});
    const bool room = connections.size() < s.options.max_connections;
    const std::size_t listen_at = watches.size();
    if (accepting && room) watches.push_back({s.listener.fd(), POLLIN});
    const std::size_t metrics_at = watches.size();
    if (accepting && s.metrics_listener && scrapes.size() < 16) watches.push_back({s.metrics_listener->fd(), POLLIN});
    const std::size_t scrapes_at = watches.size();
    for (const auto& m : scrapes) watches.push_back({m.fd(), m.events(), m.deadline()});
    const std::size_t connections_at = watches.size();
    for (auto& c : connections) {
      watches.push_back({c.fd(), c.events(), c.deadline()});
      if (c.upstream_fd() >= 0) watches.push_back({c.upstream_fd(), c.upstream_events()});
      watched.push_back(&c);
    }
    if (s.options.watch_interval.count() > 0) watches.push_back({-1, 0, next_file_check});
    loop.wait(watches);

    if (watches[0].wake == net::Wake::Ready) {
      char buf[64];
      while (::read(s.wake_read, buf, sizeof buf) > 0) {
      }
    }
    std::size_t at = scrapes_at;
    for (auto& m : scrapes) {
      const auto& w = watches[at++];
      if (w.wake != net::Wake::Waiting) m.step(w.wake == net::Wake::Expired, answer_scrape);
    }
    scrapes.remove_if([](const HttpExchange& m) { return m.done(); });
    if (metrics_at < scrapes_at && watches[metrics_at].wake == net::Wake::Ready) {
      auto accepted = s.metrics_listener->accept();
      if (accepted && *accepted) {
        scrapes.emplace_back(std::move((*accepted)->fd), loop.now() + s.options.request_timeout);
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
    connections.remove_if([](const Connection& c) { return c.done(); });

    if (listen_at < metrics_at && watches[listen_at].wake == net::Wake::Ready) {
      // Accept what waits, up to the limit; each new connection starts its handshake at once.
      while (connections.size() < s.options.max_connections) {
        auto accepted = s.listener.accept();
        if (!accepted || !*accepted) break;
        auto& c = connections.emplace_back(std::move((*accepted)->fd), std::move((*accepted)->peer), s.generation,
                                           shared, loop.now());
        c.step(false, loop.now());
        if (c.done()) connections.pop_back();
      }
    }
    local.open = connections.size();
    const std::lock_guard lock(s.stats_mutex);
    local.reloads = s.stats.reloads;
    local.reload_failures = s.stats.reload_failures;
    s.stats = local;
  }
  s.events("stopped");
}

}  // namespace mtlsdoctor::server
