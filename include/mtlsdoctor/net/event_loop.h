// One poll() round over many descriptors, each with its own deadline. The loop never reads the
// time itself: it asks the injected monotonic clock, and poll() itself is injectable, so a test
// can drive time by hand (a fake poll that advances a ManualClock instead of sleeping).
#pragma once

#include <poll.h>

#include <functional>
#include <limits>
#include <vector>

#include "mtlsdoctor/core/monotonic_clock.h"

namespace mtlsdoctor::net {

// poll()'s signature.
using PollFunction = std::function<int(pollfd* fds, nfds_t count, int timeout_ms)>;

// What one watch came to after a round.
enum class Wake {
  Waiting,  // neither ready nor past its deadline
  Ready,    // the descriptor is ready (see revents)
  Expired,  // the deadline passed first
};

struct Watch {
  int fd = -1;       // -1: a deadline only (poll() skips negative descriptors)
  short events = 0;  // POLLIN, POLLOUT
  core::MonoTime deadline = core::MonoTime::max();
  // Out, set by EventLoop::wait().
  Wake wake = Wake::Waiting;
  short revents = 0;
};

class EventLoop {
 public:
  // The longest single wait, so that a loop with no deadline still comes round.
  static constexpr int kMaxWaitMs = 60'000;

  explicit EventLoop(const core::MonotonicClock& clock, PollFunction poll = ::poll);

  // Waits until a descriptor is ready or the soonest deadline passes, then marks each watch:
  // Ready (a ready descriptor wins over its deadline), Expired (deadline at or before now), or
  // Waiting. Returns how many are Ready or Expired. An interrupted poll() is a round in which
  // only deadlines are judged.
  std::size_t wait(std::vector<Watch>& watches);

  [[nodiscard]] core::MonoTime now() const { return m_clock.now(); }
  [[nodiscard]] const core::MonotonicClock& clock() const noexcept { return m_clock; }

 private:
  const core::MonotonicClock& m_clock;
  PollFunction m_poll;
  std::vector<pollfd> m_fds;  // reused between rounds
};

}  // namespace mtlsdoctor::net
