// Output that waits (the JSON of a sweep until the sweep is recorded) without being held in
// memory. Where the real output is /dev/null or a regular file written at its end, it is written
// there at once and cut back to where it began unless kept; elsewhere (a pipe, a terminal) it goes
// to an unlinked temporary file (tmpfile(3)), copied to the real output when kept.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <ext/stdio_filebuf.h>
#include <memory>
#include <optional>
#include <ostream>

namespace mtlsdoctor::cli {

class HeldOutput {
 public:
  // `out` is the real output and `fd` the descriptor it writes to (-1: none known, or none to
  // write to directly). nullopt when no temporary file can be made (the caller then holds what it
  // writes otherwise).
  [[nodiscard]] static std::optional<HeldOutput> make(std::ostream& out, int fd = -1);
  HeldOutput(HeldOutput&&) noexcept = default;
  HeldOutput& operator=(HeldOutput&&) noexcept = delete;
  ~HeldOutput();  // not kept: nothing written reaches the real output

  [[nodiscard]] std::ostream& stream() { return *m_stream; }
  // Everything written reaches `out` (the one given to make()), in order after what `out` held;
  // false when it could not all be written or read back. From a temporary file to `fd`, the copy is
  // made by the kernel (sendfile(2)), without passing through this process; where the kernel
  // cannot, through `out`.
  [[nodiscard]] bool keep(std::ostream& out);
  // Written straight to the real output (tests).
  [[nodiscard]] bool direct() const noexcept { return m_direct; }

 private:
  struct Close {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  // A regular file written directly: where it ended before, to cut it back to.
  struct CutBack {
    int fd = -1;
    off_t at = 0;
  };
  HeldOutput() = default;
  std::unique_ptr<std::FILE, Close> m_file;
  std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> m_buffer;
  std::unique_ptr<std::ostream> m_stream;
  std::unique_ptr<CutBack> m_cut;  // none once kept
  int m_fd = -1;
  bool m_direct = false;
};

}  // namespace mtlsdoctor::cli
