// Elapsed time, injected like the wall clock (core/clock.h): deadlines, timeouts and the
// millisecond stamps of a transcript read this, never std::chrono::steady_clock directly, so a
// test can drive time by hand. Only SteadyClock::now() reads the real monotonic clock.
#pragma once

#include <chrono>

namespace mtlsdoctor::core {

using MonoTime = std::chrono::steady_clock::time_point;
using MonoDuration = std::chrono::steady_clock::duration;

class MonotonicClock {
 public:
  virtual ~MonotonicClock() = default;
  [[nodiscard]] virtual MonoTime now() const = 0;
};

class SteadyClock final : public MonotonicClock {
 public:
  [[nodiscard]] MonoTime now() const override;
};

// Time that moves only when told to.
class ManualClock final : public MonotonicClock {
 public:
  explicit ManualClock(MonoTime start = MonoTime{}) : m_now(start) {}
  [[nodiscard]] MonoTime now() const override { return m_now; }
  void advance(MonoDuration by) { m_now += by; }

 private:
  MonoTime m_now;
};

// Milliseconds from `from` to `to`, as a transcript records them.
[[nodiscard]] inline double elapsed_ms(MonoTime from, MonoTime to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace mtlsdoctor::core
