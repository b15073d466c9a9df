#include "held_output.h"

namespace mtlsdoctor::cli {

std::optional<HeldOutput> HeldOutput::make() {
  HeldOutput held;
  held.m_file.reset(std::tmpfile());
  if (!held.m_file) return std::nullopt;
  held.m_buffer = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(held.m_file.get(), std::ios::out, 1 << 16);
  held.m_stream = std::make_unique<std::ostream>(held.m_buffer.get());
  return held;
}

bool HeldOutput::copy_to(std::ostream& out) {
  std::FILE* f = m_file.get();
  if (!m_stream->flush() || std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0) return false;
  char chunk[1 << 16];
  while (const std::size_t n = std::fread(chunk, 1, sizeof chunk, f)) out.write(chunk, static_cast<std::streamsize>(n));
  return std::ferror(f) == 0;
}

}  // namespace mtlsdoctor::cli
