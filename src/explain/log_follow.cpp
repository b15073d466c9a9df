#include "mtlsdoctor/explain/log_follow.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kReadBlock = 1 << 20;

}  // namespace

struct LogFollower::Impl {
  std::string path;
  FollowOptions options;
  LogScanner scanner;
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t offset = 0;
  bool line_open = false;  // the last byte fed was not '\n'
  std::vector<char> buffer = std::vector<char>(kReadBlock);

  explicit Impl(LogScanner s) : scanner(std::move(s)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  core::Result<void> open_path(off_t from_end_or_zero) {
    const int next = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (next < 0)
      return core::fail(core::ErrorCategory::Io, fmt::format("cannot open: {}", std::strerror(errno)), path);
    struct stat st {};
    if (::fstat(next, &st) != 0 || S_ISDIR(st.st_mode)) {
      ::close(next);
      return core::fail(core::ErrorCategory::Io, "cannot follow: not a regular file", path);
    }
    if (fd >= 0) ::close(fd);
    fd = next;
    dev = st.st_dev;
    ino = st.st_ino;
    offset = from_end_or_zero < 0 ? st.st_size : 0;
    return {};
  }

  // Everything from `offset` to the current end of the open file.
  core::Result<bool> drain() {
    bool any = false;
    while (true) {
      const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), offset);
      if (n < 0) {
        if (errno == EINTR) continue;
        return core::fail(core::ErrorCategory::Io, fmt::format("cannot read: {}", std::strerror(errno)), path);
      }
      if (n == 0) return any;
      any = true;
      offset += n;
      scanner.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
      line_open = buffer[static_cast<std::size_t>(n) - 1] != '\n';
    }
  }

  // The end of one file: its last line is whole even without its '\n', and no line of the next
  // file continues its last event.
  void end_of_file() {
    if (line_open) scanner.feed("\n");
    line_open = false;
    scanner.flush();
  }
};

core::Result<LogFollower> LogFollower::create(const std::string& path, const Explainer& explainer,
                                              const FollowOptions& options,
                                              std::function<void(const LogEvent&)> on_event) {
  auto scanner = LogScanner::create(explainer);
  if (!scanner) return std::unexpected(scanner.error());
  scanner->on_event(std::move(on_event));
  auto impl = std::make_unique<Impl>(std::move(*scanner));
  impl->path = path;
  impl->options = options;
  if (auto r = impl->open_path(options.from == FollowFrom::End ? -1 : 0); !r) return std::unexpected(r.error());
  return LogFollower(std::move(impl));
}

LogFollower::LogFollower(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LogFollower::LogFollower(LogFollower&&) noexcept = default;
LogFollower& LogFollower::operator=(LogFollower&&) noexcept = default;
LogFollower::~LogFollower() = default;

core::Result<bool> LogFollower::poll_once() {
  Impl& s = *m_impl;
  // What the open file got before anything else: a rotated file's last lines come first.
  auto got = s.drain();
  if (!got) return got;
  bool any = *got;
  struct stat st {};
  if (::stat(s.path.c_str(), &st) == 0) {
    if (st.st_dev != s.dev || st.st_ino != s.ino) {
      s.end_of_file();
      if (auto r = s.open_path(0); !r) return std::unexpected(r.error());
    } else if (st.st_size < s.offset) {
      s.end_of_file();
      s.offset = 0;  // truncated: what is there now was written after the cut
    }
    got = s.drain();
    if (!got) return got;
    any = any || *got;
  } else if (errno != ENOENT) {
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot stat: {}", std::strerror(errno)), s.path);
  }
  if (!any) s.scanner.flush();
  return any;
}

core::Result<void> LogFollower::run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    auto got = poll_once();
    if (!got) return std::unexpected(got.error());
    if (*got) continue;
    // Short naps so that a stop is seen quickly whatever the poll interval.
    const auto nap = std::min(m_impl->options.poll, std::chrono::milliseconds(50));
    for (auto waited = std::chrono::milliseconds(0); waited < m_impl->options.poll && !stop.load(); waited += nap) {
      std::this_thread::sleep_for(nap);
    }
  }
  return {};
}

LogSummary LogFollower::finish() {
  return m_impl->scanner.finish();
}

}  // namespace mtlsdoctor::explain
