#include "mtlsdoctor/explain/log_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kReadBlock = 4 << 20;
#ifdef MADV_POPULATE_READ
constexpr int kPopulateRead = MADV_POPULATE_READ;
#else
constexpr int kPopulateRead = 22;  // Linux 5.14's value; glibc 2.36's headers name it
#endif

struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f != nullptr && f != stdin) std::fclose(f);
  }
};

class Mapping {
 public:
  Mapping(void* data, std::size_t size) : m_data(data), m_size(size) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { ::munmap(m_data, m_size); }
  [[nodiscard]] std::string_view view() const noexcept { return {static_cast<const char*>(m_data), m_size}; }

 private:
  void* m_data;
  std::size_t m_size;
};

core::Result<void> read_all(int fd, LogScanner& scanner, const std::string& name, std::size_t block) {
  const std::unique_ptr<char[]> buf(new char[block]);  // not zeroed: read fills it
  std::size_t filled = 0;
  while (true) {
    const ssize_t n = ::read(fd, buf.get() + filled, block - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::fail(core::ErrorCategory::Io, fmt::format("cannot read: {}", std::strerror(errno)), name);
    }
    filled += static_cast<std::size_t>(n);
    // A pipe hands over 64 KiB at a time: gather a whole block (the jobs' share) before feeding.
    if (n == 0 || filled == block) {
      scanner.feed(std::string_view(buf.get(), filled));
      filled = 0;
    }
    if (n == 0) return {};
  }
}

}  // namespace

core::Result<LogSummary> scan_log_file(const std::string& path, const Explainer& explainer, LogScanOptions options) {
  const std::string name = path == "-" ? "stdin" : path;
  const std::unique_ptr<std::FILE, FileCloser> file(path == "-" ? stdin : std::fopen(path.c_str(), "rbe"));
  if (!file) return core::fail(core::ErrorCategory::Io, fmt::format("cannot open: {}", std::strerror(errno)), name);
  const int fd = ::fileno(file.get());  // read with read(2) and mmap(2), never through the FILE buffer
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot stat: {}", std::strerror(errno)), name);
  if (S_ISDIR(st.st_mode)) return core::fail(core::ErrorCategory::Io, "is a directory, not a log file", name);
  const bool regular = S_ISREG(st.st_mode) && st.st_size > 0;
  if (regular) options.expected_bytes = static_cast<std::uint64_t>(st.st_size);
  auto scanner = LogScanner::create(explainer, options);
  if (!scanner) return std::unexpected(scanner.error());
  if (regular) {
    const auto size = static_cast<std::size_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data != MAP_FAILED) {
      const Mapping mapping(data, size);
      ::madvise(data, size, MADV_SEQUENTIAL);
      // A file that shrinks under the mapping would fault (SIGBUS): logs are appended, not cut,
      // while they are read; a rotation leaves this inode whole. Pages read are dropped from the
      // mapping as it goes, so the resident set stays a round's worth, not the file's size.
      const std::size_t step = std::max<std::size_t>(kReadBlock, std::size_t{options.jobs} * LogScanner::kSegment);
      const auto all = mapping.view();
      for (std::size_t at = 0; at < size; at += step) {
        const std::size_t n = std::min(step, size - at);
        // The round's page-table entries in one call rather than a fault per few pages (about
        // a tenth of the CPU of a scan went to page faults). Kernels before 5.14 refuse it: faults.
        ::madvise(static_cast<char*>(data) + at, n, kPopulateRead);
        scanner->feed(all.substr(at, n));
        ::madvise(static_cast<char*>(data) + at, n, MADV_DONTNEED);
      }
      return scanner->finish();
    }
  }
  const std::size_t block = std::max<std::size_t>(kReadBlock, std::size_t{options.jobs} * LogScanner::kSegment);
  if (auto r = read_all(fd, *scanner, name, std::min<std::size_t>(block, 64 << 20)); !r)
    return std::unexpected(r.error());
  return scanner->finish();
}

}  // namespace mtlsdoctor::explain
