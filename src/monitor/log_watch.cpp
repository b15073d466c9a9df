#include "mtlsdoctor/monitor/log_watch.h"

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_follow.h"

namespace mtlsdoctor::monitor {

struct LogWatch::Impl {
  std::vector<LogSource> logs;
  LogWatchOptions options;
  core::SystemClock system_clock;
  mutable std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  LogCounts counts;
  std::thread thread;

  Impl(std::vector<LogSource> l, LogWatchOptions o) : logs(std::move(l)), options(std::move(o)) {}

  void say(std::string_view line) const {
    if (options.events) options.events(line);
  }

  void counted(const LogSource& log, const explain::LogEvent& e) {
    if (e.cause == core::FindingId::Ok || core::is_success(e.cause)) return;
    const core::Clock& clock = options.clock ? *options.clock : system_clock;
    const std::lock_guard lock(mutex);
    ++counts.rejections[{log.name, std::string(core::slug(e.cause))}];
    counts.recent.push_back({log.name, e.cause, e.client, e.subject, clock.now()});
    if (counts.recent.size() > LogCounts::kMaxRecent) counts.recent.pop_front();
  }

  void run() {
    auto explainer = explain::Explainer::builtin();
    if (!explainer) {
      say(fmt::format("log watching is off: {}", explainer.error().describe()));
      return;
    }
    std::vector<std::optional<explain::LogFollower>> followers(logs.size());
    std::vector<bool> said(logs.size(), false);
    for (;;) {
      bool read = false;
      for (std::size_t i = 0; i < logs.size(); ++i) {
        const LogSource& log = logs[i];
        if (!followers[i]) {
          auto f = explain::LogFollower::create(log.path.string(), *explainer, {explain::FollowFrom::End, options.poll},
                                                [this, &log](const explain::LogEvent& e) { counted(log, e); });
          if (!f) {
            if (!said[i]) say(fmt::format("log {}: {} (tried again every poll)", log.name, f.error().describe()));
            said[i] = true;
            continue;
          }
          followers[i].emplace(std::move(*f));
          said[i] = false;
          const std::lock_guard lock(mutex);
          counts.following[log.name] = true;
        }
        auto r = followers[i]->poll_once();
        if (!r) {
          say(fmt::format("log {}: {}", log.name, r.error().describe()));
          followers[i].reset();
          const std::lock_guard lock(mutex);
          counts.following[log.name] = false;
          continue;
        }
        read = read || *r;
      }
      std::unique_lock lock(mutex);
      if (read ? stopping : wake.wait_for(lock, options.poll, [&] { return stopping; })) return;
    }
  }
};

LogWatch::LogWatch(std::vector<LogSource> logs, LogWatchOptions options)
    : m_impl(std::make_unique<Impl>(std::move(logs), std::move(options))) {
  for (const auto& l : m_impl->logs) m_impl->counts.following[l.name] = false;
}

LogWatch::~LogWatch() {
  stop();
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

void LogWatch::start() {
  if (m_impl->logs.empty() || m_impl->thread.joinable()) return;
  m_impl->thread = std::thread([impl = m_impl.get()] { impl->run(); });
}

void LogWatch::stop() noexcept {
  {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  m_impl->wake.notify_all();
}

LogCounts LogWatch::counts() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->counts;
}

}  // namespace mtlsdoctor::monitor
