#include "mtlsdoctor/monitor/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/notify.h"

namespace mtlsdoctor::monitor {

struct SweepLoop::Impl {
  Config config;
  SweepLoopOptions options;
  core::SystemClock system_clock;
  mutable std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  SweepStatus status;
  std::thread thread;
  std::optional<History> history;

  Impl(Config c, SweepLoopOptions o) : config(std::move(c)), options(std::move(o)) {}

  void say(std::string_view line) const {
    if (options.events) options.events(line);
  }

  void once() {
    const core::Clock& clock = options.clock ? *options.clock : system_clock;
    SweepOptions so;
    so.at = clock.now();
    so.phase_timeout = options.phase_timeout.value_or(std::min<std::chrono::milliseconds>(
        std::chrono::seconds(10), std::chrono::duration_cast<std::chrono::milliseconds>(config.interval) / 4));
    {
      const std::lock_guard lock(mutex);
      status.sweeping = true;
    }
    const auto started = std::chrono::steady_clock::now();
    auto result = std::make_shared<SweepResult>(sweep(config, so));
    std::optional<std::string> error;
    std::uint64_t notify_errors = 0;
    if (!history) {
      auto h = History::open(config.database);
      if (h)
        history.emplace(std::move(*h));
      else
        error = h.error().describe();
    }
    if (history) {
      if (auto recorded = history->record(*result); !recorded) {
        error = recorded.error().describe();
      } else if (config.notify.any()) {
        auto deliveries = notify_changes(*history, config.notify, *result);
        if (!deliveries) {
          ++notify_errors;
          say(fmt::format("notifications: {}", deliveries.error().describe()));
        }
        for (const auto& d : deliveries.value_or(std::vector<Delivery>{})) {
          if (!d.error) continue;
          ++notify_errors;
          say(fmt::format("notification of {} by {} failed: {}", d.item, d.channel, d.error->describe()));
        }
      }
    }
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const bool overrun = took > std::chrono::duration<double>(config.interval).count();
    if (error) say(fmt::format("the sweep could not be recorded: {}", *error));
    if (overrun) say(fmt::format("the sweep took {:.1f} s, longer than the interval", took));
    const std::lock_guard lock(mutex);
    status.last = std::move(result);
    status.last_duration_seconds = took;
    ++status.sweeps;
    status.sweeping = false;
    if (error) {
      ++status.history_errors;
      status.last_error = error;
    }
    status.notify_errors += notify_errors;
    if (overrun) ++status.overruns;
  }

  void run() {
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> spread(1.0 - options.jitter, 1.0 + options.jitter);
    for (;;) {
      const auto started = std::chrono::steady_clock::now();
      once();
      const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(std::chrono::duration<double>(config.interval).count() * spread(random)));
      std::unique_lock lock(mutex);
      if (wake.wait_until(lock, started + period, [&] { return stopping; })) return;
    }
  }
};

SweepLoop::SweepLoop(Config config, SweepLoopOptions options)
    : m_impl(std::make_unique<Impl>(std::move(config), std::move(options))) {}

SweepLoop::~SweepLoop() {
  stop();
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

void SweepLoop::start() {
  if (m_impl->thread.joinable()) return;
  m_impl->thread = std::thread([impl = m_impl.get()] { impl->run(); });
}

void SweepLoop::stop() noexcept {
  {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  m_impl->wake.notify_all();
}

SweepStatus SweepLoop::status() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->status;
}

const Config& SweepLoop::config() const noexcept {
  return m_impl->config;
}

}  // namespace mtlsdoctor::monitor
