// `monitor serve`'s sweeps (MONITOR.md): one thread sweeps the configuration every `interval`
// (jittered by ±10 % so that many instances do not sweep in step), records each result in the
// history and delivers its notices as `monitor run` does, and publishes the last result for the
// HTTP side. Sweeps never overlap: the next is timed from the start of the previous one and,
// when a sweep outlasts the interval, starts as soon as it ends (counted as an overrun). A
// sweep's time is bounded by its probes' per-phase deadlines (`phase_timeout`).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/monitor/config.h"
#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::monitor {

struct SweepStatus {
  std::shared_ptr<const SweepResult> last;  // null until the first sweep has ended
  double last_duration_seconds = 0;
  std::uint64_t sweeps = 0;          // ended since the start
  std::uint64_t history_errors = 0;  // sweeps whose result could not be recorded
  std::uint64_t notify_errors = 0;   // notices not delivered (they stay due)
  std::uint64_t overruns = 0;        // sweeps that took longer than the interval
  std::optional<std::string> last_error;
  bool sweeping = false;
};

struct SweepLoopOptions {
  double jitter = 0.1;  // each wait is interval × (1 ± jitter)
  // Per-phase deadline of the endpoints' probes; none: min(10 s, interval / 4).
  std::optional<std::chrono::milliseconds> phase_timeout;
  std::function<void(std::string_view)> events;  // one line per event (errors, overruns)
  const core::Clock* clock = nullptr;            // the time sweeps judge at; null: the system clock
};

class SweepLoop {
 public:
  SweepLoop(Config config, SweepLoopOptions options);
  ~SweepLoop();  // stop(), then joins
  SweepLoop(const SweepLoop&) = delete;
  SweepLoop& operator=(const SweepLoop&) = delete;

  void start();  // the first sweep begins at once
  void stop() noexcept;

  [[nodiscard]] SweepStatus status() const;
  [[nodiscard]] const Config& config() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::monitor
