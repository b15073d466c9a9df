// explain --log FILE --follow, and a monitor watching a log: a file being written is read as it
// grows, each explained event handed over as it closes, the tally of everything read on demand.
// Rotation-safe like `tail -F`: when the path names another file (logrotate renamed it and a new
// one was created) the old file is read to its end first, then the new one from its start; a
// file cut shorter than what was read (truncated, copytruncate) is read again from its start.
// Line numbers count the lines read since the follower started.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {

enum class FollowFrom { End, Start };  // what the file holds when following starts: skipped, or read

struct FollowOptions {
  FollowFrom from = FollowFrom::End;
  std::chrono::milliseconds poll{200};  // run(): the pause when nothing new was written
};

class LogFollower {
 public:
  // An error when the file cannot be opened now.
  [[nodiscard]] static core::Result<LogFollower> create(const std::string& path, const Explainer& explainer,
                                                        const FollowOptions& options,
                                                        std::function<void(const LogEvent&)> on_event);
  LogFollower(LogFollower&&) noexcept;
  LogFollower& operator=(LogFollower&&) noexcept;
  ~LogFollower();

  // Reads what is new (following a rotation or truncation); true when something was read. With
  // nothing new, the event still open is closed and handed over (a writer writes a stack trace
  // at once). A path missing for a moment (between logrotate's rename and create) is no error.
  [[nodiscard]] core::Result<bool> poll_once();
  // poll_once() until `stop` is set, pausing options.poll when nothing was new.
  [[nodiscard]] core::Result<void> run(const std::atomic<bool>& stop);
  // The tally of everything read (the last partial line included).
  [[nodiscard]] LogSummary finish();

 private:
  struct Impl;
  explicit LogFollower(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::explain
