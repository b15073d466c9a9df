// Output that waits (the JSON of a sweep until the sweep is recorded) without being held in
// memory: an unlinked temporary file (tmpfile(3)), copied to the real output at the end.
#pragma once

#include <cstdio>
#include <ext/stdio_filebuf.h>
#include <memory>
#include <optional>
#include <ostream>

namespace mtlsdoctor::cli {

class HeldOutput {
 public:
  // nullopt when no temporary file can be made (the caller then holds what it writes otherwise).
  [[nodiscard]] static std::optional<HeldOutput> make();
  [[nodiscard]] std::ostream& stream() { return *m_stream; }
  // Everything written, copied to `out`; false when it could not all be written or read back.
  [[nodiscard]] bool copy_to(std::ostream& out);

 private:
  struct Close {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  HeldOutput() = default;
  std::unique_ptr<std::FILE, Close> m_file;
  std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> m_buffer;
  std::unique_ptr<std::ostream> m_stream;
};

}  // namespace mtlsdoctor::cli
