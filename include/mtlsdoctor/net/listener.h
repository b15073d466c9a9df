// A non-blocking TCP listening socket: bind ADDR:PORT (port 0: the kernel picks one, reported
// by port()), then accept whoever is waiting without ever blocking the event loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/net/fd.h"

namespace mtlsdoctor::net {

// An accepted connection, non-blocking and close-on-exec like the listener.
struct Accepted {
  Fd fd;
  std::string peer;  // "127.0.0.1:53124", "[::1]:53124"
};

class Listener {
 public:
  // `address`: an IPv4 or IPv6 literal without brackets ("127.0.0.1", "::1", "0.0.0.0", "::").
  [[nodiscard]] static core::Result<Listener> bind(std::string_view address, std::uint16_t port, int backlog = 128);

  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  [[nodiscard]] std::uint16_t port() const noexcept { return m_port; }
  [[nodiscard]] const std::string& address() const noexcept { return m_address; }  // "[::1]:40211"

  // The next waiting connection, or nullopt when nobody waits (poll fd() for POLLIN). A peer
  // that gave up before we accepted it is skipped, not an error.
  [[nodiscard]] core::Result<std::optional<Accepted>> accept();

 private:
  Listener(Fd fd, std::uint16_t port, std::string address)
      : m_fd(std::move(fd)), m_port(port), m_address(std::move(address)) {}

  Fd m_fd;
  std::uint16_t m_port = 0;
  std::string m_address;
};

}  // namespace mtlsdoctor::net
