// The resolver: lookups run beside the event loop, several at once, and a lookup abandoned by
// its probe (a timeout, the end of the run) stays valid for the worker still inside it.
#include "mtlsdoctor/net/resolver.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace mtlsdoctor::net {
namespace {

using namespace std::chrono_literals;

// Waits on the resolver's pipe until every job is done (or 10 s pass).
bool wait_all(Resolver& r, const std::vector<std::shared_ptr<Resolver::Job>>& jobs) {
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < until) {
    if (std::all_of(jobs.begin(), jobs.end(), [](const auto& j) { return j->done(); })) return true;
    pollfd p{r.wake_fd(), POLLIN, 0};
    poll(&p, 1, 100);
    r.drain();
  }
  return false;
}

TEST(Resolver, SlowLookupsOverlap) {
  std::mutex m;
  int running = 0;
  int most = 0;
  std::condition_variable cv;
  const auto slow = [&](const char*, const char*, const addrinfo*, addrinfo** out) {
    std::unique_lock lock(m);
    most = std::max(most, ++running);
    cv.notify_all();
    // Each lookup waits until four are in flight at once (or 5 s): only overlapping lookups finish early.
    cv.wait_for(lock, 5s, [&] { return most >= 4; });
    --running;
    *out = nullptr;
    return EAI_NONAME;
  };
  Resolver r(4, slow);
  std::vector<std::shared_ptr<Resolver::Job>> jobs;
  for (int i = 0; i < 8; ++i) jobs.push_back(r.submit("host" + std::to_string(i) + ".test", "443"));
  ASSERT_TRUE(wait_all(r, jobs));
  EXPECT_EQ(most, 4);  // never more workers than asked for
  for (const auto& j : jobs) {
    EXPECT_EQ(j->status(), EAI_NONAME);
    EXPECT_EQ(j->take(), nullptr);
  }
}

TEST(Resolver, RealNamesResolve) {
  Resolver r(2);
  const auto job = r.submit("localhost", "443");
  ASSERT_TRUE(wait_all(r, {job}));
  ASSERT_EQ(job->status(), 0) << gai_strerror(job->status());
  addrinfo* list = job->take();
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(job->take(), nullptr);  // taken once
  freeaddrinfo(list);
}

TEST(Resolver, AnAbandonedLookupOutlivesTheResolver) {
  std::mutex m;
  std::condition_variable cv;
  bool started = false;
  bool release = false;
  const auto stuck = [&](const char*, const char*, const addrinfo*, addrinfo** out) {
    std::unique_lock lock(m);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    *out = nullptr;
    return EAI_AGAIN;
  };
  std::weak_ptr<Resolver::Job> watch;
  {
    Resolver r(1, stuck);
    auto job = r.submit("silent.test", "443");
    watch = job;
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return started; });
  }                               // the probe gave up and the run ended: the resolver is gone, its worker is not
  EXPECT_FALSE(watch.expired());  // the worker still holds the job it is resolving
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  for (int i = 0; i < 500 && !watch.expired(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(watch.expired());  // and lets it go when its lookup returns
}

}  // namespace
}  // namespace mtlsdoctor::net
