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
#include <optional>

#include "mtlsdoctor/core/anonymous_mapping.h"

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kReadBlock = 4 << 20;
struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f != nullptr && f != stdin) std::fclose(f);
  }
};

// The read buffer, on huge pages (core::map_anonymous): its first touch costs a fault per 2 MiB
// rather than one per 4 KiB. Mapped directly, whatever allocator the process runs with.
class ReadBuffer {
 public:
  explicit ReadBuffer(std::size_t size) : m_mapping(core::map_anonymous(size, true)) {}
  ReadBuffer(const ReadBuffer&) = delete;
  ReadBuffer& operator=(const ReadBuffer&) = delete;
  ~ReadBuffer() {
    if (m_mapping) ::munmap(m_mapping->map, m_mapping->mapped);
  }
  [[nodiscard]] char* data() const noexcept { return m_mapping ? m_mapping->data : nullptr; }  // null: not mapped

 private:
  std::optional<core::AnonymousMapping> m_mapping;
};

core::Result<void> read_all(int fd, LogScanner& scanner, const std::string& name, std::size_t block) {
  const ReadBuffer buf(block);  // not zeroed: read fills it
  if (!buf.data())
    return core::fail(core::ErrorCategory::Io,
                      fmt::format("cannot map a {} MiB read buffer: {}", block >> 20, std::strerror(errno)), name);
  std::size_t filled = 0;
  while (true) {
    const ssize_t n = ::read(fd, buf.data() + filled, block - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::fail(core::ErrorCategory::Io, fmt::format("cannot read: {}", std::strerror(errno)), name);
    }
    filled += static_cast<std::size_t>(n);
    // A pipe hands over 64 KiB at a time: gather a whole block (the jobs' share) before feeding.
    if (n == 0 || filled == block) {
      scanner.feed(std::string_view(buf.data(), filled));
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
  const int fd = ::fileno(file.get());  // read with read(2), never through the FILE buffer
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot stat: {}", std::strerror(errno)), name);
  if (S_ISDIR(st.st_mode)) return core::fail(core::ErrorCategory::Io, "is a directory, not a log file", name);
  const bool regular = S_ISREG(st.st_mode) && st.st_size > 0;
  if (regular) options.expected_bytes = static_cast<std::uint64_t>(st.st_size);
  auto scanner = LogScanner::create(explainer, options);
  if (!scanner) return std::unexpected(scanner.error());
  // A regular file is read, not mapped: read(2) copies a round into one buffer that stays mapped,
  // where a mapping cost a page-table entry per 4 KiB page of the file, set up and torn down
  // again (about a tenth of a scan's CPU, in the kernel).
  std::size_t block = std::max<std::size_t>(kReadBlock, std::size_t{options.jobs} * LogScanner::kSegment);
  if (regular) {
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    block = std::min(block, static_cast<std::size_t>(st.st_size) + 1);  // + 1: the end in the first read
  }
  if (auto r = read_all(fd, *scanner, name, std::min<std::size_t>(block, 64 << 20)); !r)
    return std::unexpected(r.error());
  return scanner->finish();
}

}  // namespace mtlsdoctor::explain
