// Many probes on one net::EventLoop: up to `concurrency` connections in flight, each with its
// own deadline, names resolved beside the loop, one TLS context per distinct identity.
#include <algorithm>

#include "connection.h"
#include "mtlsdoctor/net/event_loop.h"

namespace mtlsdoctor::probe {

std::vector<core::Result<Transcript>> run_probes(const std::vector<Probe>& probes, std::size_t concurrency,
                                                 const Progress& progress) {
  const core::SteadyClock clock;
  net::EventLoop loop(clock);
  std::vector<core::Result<Transcript>> results(probes.size(), core::fail(core::ErrorCategory::Internal, "not run"));
  struct Active {
    std::size_t index;
    std::unique_ptr<detail::Connection> conn;
    short events;
  };
  std::vector<Active> active;
  std::size_t next = 0;
  std::size_t finished = 0;
  const auto one_done = [&] {
    ++finished;
    if (progress) progress(finished, probes.size());
  };
  concurrency = std::max<std::size_t>(concurrency, 1);
  // Names are looked up by worker threads (started only when a name comes up), so one slow DNS
  // answer holds up its own probe only.
  net::Resolver resolver(std::min<std::size_t>(concurrency, 16));

  // One TLS context per distinct identity and options (a context that fails to build is not
  // kept: each probe then reports the error itself).
  std::vector<std::pair<const Probe*, ossl::SslCtxPtr>> contexts;
  const auto context_for = [&](const Probe& probe) -> SSL_CTX* {
    for (const auto& [p, ctx] : contexts) {
      if (detail::same_context(*p, probe)) return ctx.get();
    }
    auto ctx = detail::make_context(probe);
    if (!ctx) return nullptr;
    contexts.emplace_back(&probe, std::move(*ctx));
    return contexts.back().second.get();
  };

  const auto start_more = [&] {
    while (active.size() < concurrency && next < probes.size()) {
      const std::size_t i = next++;
      auto conn = detail::Connection::create(probes[i], clock, context_for(probes[i]), &resolver);
      if (!conn) {
        results[i] = std::unexpected(conn.error());
        one_done();
        continue;
      }
      const short events = (*conn)->step();
      if (events == 0) {
        results[i] = (*conn)->take();
        one_done();
        continue;
      }
      active.push_back({i, std::move(*conn), events});
    }
  };

  start_more();
  std::vector<net::Watch> watches;
  while (!active.empty()) {
    watches.clear();
    for (const auto& a : active)
      watches.push_back({a.conn->fd(), a.events, a.conn->deadline()});  // fd -1 while resolving
    watches.push_back({resolver.wake_fd(), POLLIN});
    loop.wait(watches);
    if (watches.back().wake == net::Wake::Ready) resolver.drain();
    for (std::size_t k = 0; k < active.size(); ++k) {
      auto& a = active[k];
      if (watches[k].wake == net::Wake::Ready || a.conn->lookup_answered()) {
        a.events = a.conn->step();
      } else if (watches[k].wake == net::Wake::Expired) {
        a.conn->expire();
        a.events = 0;
      }
    }
    for (auto it = active.begin(); it != active.end();) {
      if (it->events == 0 || it->conn->done()) {
        results[it->index] = it->conn->take();
        it = active.erase(it);
        one_done();
      } else {
        ++it;
      }
    }
    start_more();
  }
  return results;
}

core::Result<Transcript> run_probe(const Probe& probe) {
  return std::move(run_probes({probe}, 1).front());
}

}  // namespace mtlsdoctor::probe
