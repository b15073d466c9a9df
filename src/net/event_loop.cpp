#include "mtlsdoctor/net/event_loop.h"

#include <algorithm>
#include <chrono>

namespace mtlsdoctor::net {

EventLoop::EventLoop(const core::MonotonicClock& clock, PollFunction poll) : m_clock(clock), m_poll(std::move(poll)) {}

std::size_t EventLoop::wait(std::vector<Watch>& watches) {
  m_fds.clear();
  auto soonest = core::MonoTime::max();
  for (const auto& w : watches) {
    m_fds.push_back({w.fd, w.events, 0});
    soonest = std::min(soonest, w.deadline);
  }
  int timeout_ms = kMaxWaitMs;
  if (soonest != core::MonoTime::max()) {
    // Rounded up: waking a little late costs nothing, waking early costs a round.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(soonest - m_clock.now());
    timeout_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, kMaxWaitMs));
  }
  const int ready = m_poll(m_fds.data(), static_cast<nfds_t>(m_fds.size()), timeout_ms);
  const auto now = m_clock.now();
  std::size_t woken = 0;
  for (std::size_t i = 0; i < watches.size(); ++i) {
    auto& w = watches[i];
    w.revents = ready > 0 ? m_fds[i].revents : 0;
    if (w.revents != 0) {
      w.wake = Wake::Ready;
    } else if (now >= w.deadline) {
      w.wake = Wake::Expired;
    } else {
      w.wake = Wake::Waiting;
      continue;
    }
    ++woken;
  }
  return woken;
}

}  // namespace mtlsdoctor::net
