// An owned file descriptor: closed exactly once, moved but never copied.
#pragma once

#include <utility>

namespace mtlsdoctor::net {

class Fd {
 public:
  Fd() noexcept = default;
  explicit Fd(int fd) noexcept : m_fd(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  [[nodiscard]] int get() const noexcept { return m_fd; }
  [[nodiscard]] explicit operator bool() const noexcept { return m_fd >= 0; }
  // Gives the descriptor up without closing it.
  [[nodiscard]] int release() noexcept { return std::exchange(m_fd, -1); }
  // Closes what it holds (if anything) and holds `fd` instead.
  void reset(int fd = -1) noexcept;

 private:
  int m_fd = -1;
};

}  // namespace mtlsdoctor::net
