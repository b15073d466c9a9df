// The poll() loop: up to `concurrency` connections in flight, each with its own deadline.
#include <poll.h>

#include <algorithm>

#include "connection.h"

namespace mtlsdoctor::probe {

std::vector<core::Result<Transcript>> run_probes(const std::vector<Probe>& probes, std::size_t concurrency,
                                                 const Progress& progress) {
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
  detail::Resolver resolver(std::min<std::size_t>(concurrency, 16));

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
      auto conn = detail::Connection::create(probes[i], context_for(probes[i]), &resolver);
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
  std::vector<pollfd> fds;
  while (!active.empty()) {
    fds.clear();
    auto soonest = active.front().conn->deadline();
    for (const auto& a : active) {
      fds.push_back({a.conn->fd(), a.events, 0});  // fd -1 while resolving: poll() skips it
      soonest = std::min(soonest, a.conn->deadline());
    }
    fds.push_back({resolver.wake_fd(), POLLIN, 0});
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(soonest - std::chrono::steady_clock::now());
    poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long long>(wait.count() + 1, 0, 60'000)));
    if (fds.back().revents != 0) resolver.drain();
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < active.size(); ++k) {
      auto& a = active[k];
      if (fds[k].revents != 0 || a.conn->lookup_answered()) {
        a.events = a.conn->step();
      } else if (now >= a.conn->deadline()) {
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

core::Result<Transcript> run_probe(const Probe& probe) { return std::move(run_probes({probe}, 1).front()); }

}  // namespace mtlsdoctor::probe
