#include "held_output.h"

#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace mtlsdoctor::cli {
namespace {

bool is_dev_null(const struct stat& st) {
  struct stat null {};
  return S_ISCHR(st.st_mode) && ::stat("/dev/null", &null) == 0 && st.st_rdev == null.st_rdev;
}

}  // namespace

std::optional<HeldOutput> HeldOutput::make(std::ostream& out, int fd) {
  HeldOutput held;
  held.m_fd = fd;
  struct stat st {};
  if (fd >= 0 && out.flush() && ::fstat(fd, &st) == 0) {  // what `out` buffered is in the file first
    const off_t at = ::lseek(fd, 0, SEEK_CUR);
    const bool at_end = S_ISREG(st.st_mode) && at == st.st_size;
    if (at_end || is_dev_null(st)) {
      const int dup = ::dup(fd);  // shares the offset: `out` goes on where this stops
      if (dup >= 0) held.m_file.reset(::fdopen(dup, "w"));
      if (!held.m_file && dup >= 0) ::close(dup);
      held.m_direct = held.m_file != nullptr;
      if (held.m_direct && at_end) held.m_cut = std::make_unique<CutBack>(CutBack{fd, at});
    }
  }
  if (!held.m_file) held.m_file.reset(std::tmpfile());
  if (!held.m_file) return std::nullopt;
  held.m_buffer = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(held.m_file.get(), std::ios::out, 1 << 16);
  held.m_stream = std::make_unique<std::ostream>(held.m_buffer.get());
  return held;
}

HeldOutput::~HeldOutput() {
  // What is still buffered is written before the file is cut back, so none of it comes after.
  m_stream.reset();
  m_buffer.reset();
  m_file.reset();
  if (m_cut) {
    (void)::ftruncate(m_cut->fd, m_cut->at);
    (void)::lseek(m_cut->fd, m_cut->at, SEEK_SET);
  }
}

bool HeldOutput::keep(std::ostream& out) {
  std::FILE* f = m_file.get();
  if (!m_stream->flush() || std::fflush(f) != 0) return false;
  if (m_direct) {
    m_cut.reset();
    return true;
  }
  if (m_fd >= 0) {
    const off_t size = ::lseek(::fileno(f), 0, SEEK_END);
    if (size < 0 || !out.flush()) return false;
    off_t at = 0;
    while (at < size) {
      const ssize_t n = ::sendfile(m_fd, ::fileno(f), &at, static_cast<std::size_t>(size - at));
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && at == 0 && (errno == EINVAL || errno == ENOSYS)) break;  // a descriptor sendfile cannot write to
      return false;
    }
    if (at == size) return true;
  }
  if (std::fseek(f, 0, SEEK_SET) != 0) return false;
  char chunk[1 << 16];
  while (const std::size_t n = std::fread(chunk, 1, sizeof chunk, f)) out.write(chunk, static_cast<std::streamsize>(n));
  return std::ferror(f) == 0;
}

}  // namespace mtlsdoctor::cli
