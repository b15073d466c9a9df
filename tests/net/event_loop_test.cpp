// The event loop's deadlines, driven by a manual clock and a fake poll() that advances it
// instead of sleeping: what wakes, when, and that a ready descriptor beats its deadline.
#include "mtlsdoctor/net/event_loop.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "mtlsdoctor/net/fd.h"

namespace mtlsdoctor::net {
namespace {

using namespace std::chrono_literals;

struct FakePoll {
  core::ManualClock& clock;
  std::vector<int> timeouts;  // what the loop asked to wait, in ms
  int ready_fd = -2;          // reported readable at once when watched

  PollFunction function() {
    return [this](pollfd* fds, nfds_t n, int timeout_ms) {
      timeouts.push_back(timeout_ms);
      int ready = 0;
      for (nfds_t i = 0; i < n; ++i) {
        fds[i].revents = fds[i].fd == ready_fd ? POLLIN : 0;
        if (fds[i].revents) ++ready;
      }
      if (ready == 0) clock.advance(std::chrono::milliseconds{timeout_ms});  // "slept" the whole wait
      return ready;
    };
  }
};

TEST(EventLoop, WaitsUntilTheSoonestDeadlineOnly) {
  core::ManualClock clock;
  FakePoll fake{clock};
  EventLoop loop(clock, fake.function());
  const auto t0 = clock.now();
  std::vector<Watch> watches{{-1, 0, t0 + 250ms}, {-1, 0, t0 + 100ms}, {-1, 0, core::MonoTime::max()}};
  EXPECT_EQ(loop.wait(watches), 1u);
  ASSERT_EQ(fake.timeouts, std::vector<int>{100});
  EXPECT_EQ(watches[0].wake, Wake::Waiting);
  EXPECT_EQ(watches[1].wake, Wake::Expired);
  EXPECT_EQ(watches[2].wake, Wake::Waiting);

  watches.erase(watches.begin() + 1);
  EXPECT_EQ(loop.wait(watches), 1u);
  EXPECT_EQ(fake.timeouts.back(), 150);  // what is left of 250 ms
  EXPECT_EQ(watches[0].wake, Wake::Expired);
  EXPECT_EQ(clock.now(), t0 + 250ms);
}

TEST(EventLoop, APassedDeadlineDoesNotWaitAndNoDeadlineWaitsTheMost) {
  core::ManualClock clock;
  FakePoll fake{clock};
  EventLoop loop(clock, fake.function());
  std::vector<Watch> late{{-1, 0, clock.now() - 5ms}};
  EXPECT_EQ(loop.wait(late), 1u);
  EXPECT_EQ(fake.timeouts.back(), 0);
  EXPECT_EQ(late[0].wake, Wake::Expired);
  std::vector<Watch> open{{-1, 0, core::MonoTime::max()}};
  EXPECT_EQ(loop.wait(open), 0u);
  EXPECT_EQ(fake.timeouts.back(), EventLoop::kMaxWaitMs);
  EXPECT_EQ(open[0].wake, Wake::Waiting);
}

TEST(EventLoop, SubMillisecondRemaindersRoundUp) {
  core::ManualClock clock;
  FakePoll fake{clock};
  EventLoop loop(clock, fake.function());
  std::vector<Watch> w{{-1, 0, clock.now() + 1500us}};
  (void)loop.wait(w);
  EXPECT_EQ(fake.timeouts.back(), 2);  // never wakes early for a deadline not yet due
  EXPECT_EQ(w[0].wake, Wake::Expired);
}

TEST(EventLoop, AReadyDescriptorWinsOverItsDeadline) {
  core::ManualClock clock;
  FakePoll fake{clock, {}, 7};
  EventLoop loop(clock, fake.function());
  std::vector<Watch> w{{7, POLLIN, clock.now()}, {8, POLLIN, clock.now()}};
  EXPECT_EQ(loop.wait(w), 2u);
  EXPECT_EQ(w[0].wake, Wake::Ready);
  EXPECT_EQ(w[0].revents, POLLIN);
  EXPECT_EQ(w[1].wake, Wake::Expired);
}

TEST(EventLoop, RealPollSeesARealPipe) {
  core::SteadyClock clock;
  EventLoop loop(clock);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const Fd r{fds[0]};
  const Fd w{fds[1]};
  std::vector<Watch> watches{{r.get(), POLLIN, clock.now() + 5s}};
  ASSERT_EQ(::write(w.get(), "x", 1), 1);
  EXPECT_EQ(loop.wait(watches), 1u);
  EXPECT_EQ(watches[0].wake, Wake::Ready);
}

}  // namespace
}  // namespace mtlsdoctor::net
