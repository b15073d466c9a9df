#include "mtlsdoctor/net/fd.h"

#include <unistd.h>

namespace mtlsdoctor::net {

void Fd::reset(int fd) noexcept {
  if (m_fd >= 0 && m_fd != fd) ::close(m_fd);
  m_fd = fd;
}

}  // namespace mtlsdoctor::net
