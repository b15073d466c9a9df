// `monitor serve`'s log watching (`logs:`): every configured server log followed from its end,
// rotation-safe (explain::LogFollower: a renamed or truncated file is read to its end, then the
// new one from its start), each line read once through explain's scanner; each event whose cause
// is a failure is counted by (log, cause), and the last kMaxRecent of them are kept with the
// client and certificate subject the log named, for the status page. A log that cannot be
// opened yet is tried again every poll, and said once.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/monitor/config.h"

namespace mtlsdoctor::monitor {

struct LogRejection {
  std::string log;  // the logs entry's name
  core::FindingId cause = core::FindingId::Ok;
  std::string client;   // as the log wrote it (peer-controlled: escape before showing)
  std::string subject;  // the client certificate's subject, when the log names it
  core::TimePoint read_at;
};

struct LogCounts {
  static constexpr std::size_t kMaxRecent = 1000;
  std::map<std::pair<std::string, std::string>, std::uint64_t> rejections;  // (log, cause slug) → count
  std::map<std::string, bool> following;                                    // log → opened
  std::deque<LogRejection> recent;                                          // oldest first, bounded
};

struct LogWatchOptions {
  std::chrono::milliseconds poll{200};
  std::function<void(std::string_view)> events;
  const core::Clock* clock = nullptr;  // null: the system clock
};

class LogWatch {
 public:
  LogWatch(std::vector<LogSource> logs, LogWatchOptions options);
  ~LogWatch();  // stop(), then joins
  LogWatch(const LogWatch&) = delete;
  LogWatch& operator=(const LogWatch&) = delete;

  void start();  // nothing to do without logs
  void stop() noexcept;
  [[nodiscard]] LogCounts counts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::monitor
