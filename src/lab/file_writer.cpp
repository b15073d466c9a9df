#include "file_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

namespace mtlsdoctor::lab::detail {
namespace {

std::unexpected<core::Error> io_error(std::string_view action, const std::filesystem::path& path, int err) {
  return core::fail(core::ErrorCategory::Io,
                    fmt::format("cannot {} ({})", action, std::error_code(err, std::generic_category()).message()),
                    path.string());
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  [[nodiscard]] int get() const noexcept { return m_fd; }
  // Closes now, reporting the error a deferred write may only surface here.
  [[nodiscard]] int close() noexcept {
    const int rc = ::close(m_fd);
    m_fd = -1;
    return rc;
  }

 private:
  int m_fd;
};

}  // namespace

core::Result<void> write_file(const std::filesystem::path& path, std::string_view bytes, FileMode mode) {
  const mode_t perms = mode == FileMode::Private ? 0600 : 0644;
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  // The mode is set at creation, so a key is never readable by others, not even briefly; fchmod
  // then undoes the umask and any mode a leftover temporary file had.
  Fd fd{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, perms)};
  if (fd.get() < 0) return io_error("create", tmp, errno);
  if (::fchmod(fd.get(), perms) != 0) return io_error("set the mode of", tmp, errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      return io_error("write", tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (fd.close() != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error("write", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error("replace", path, err);
  }
  return {};
}

}  // namespace mtlsdoctor::lab::detail
