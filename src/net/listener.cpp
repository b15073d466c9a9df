#include "mtlsdoctor/net/listener.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "mtlsdoctor/net/address.h"

namespace mtlsdoctor::net {

core::Result<Listener> Listener::bind(std::string_view address, std::uint16_t port, int backlog) {
  const std::string host(address);
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof *v4;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof *v6;
  } else {
    return core::fail(core::ErrorCategory::Usage,
                      fmt::format("'{}' is not an IPv4 or IPv6 address to listen on", address));
  }
  const std::string wanted = format_address(reinterpret_cast<const sockaddr*>(&storage), length);
  Fd fd{::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (!fd)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot create a socket: {}", std::strerror(errno)), wanted);
  const int on = 1;
  // A restarted server can take its port back at once, without waiting out TIME_WAIT.
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  // "::" means IPv6 only; an IPv4 listener on the same port is a separate socket.
  if (storage.ss_family == AF_INET6) setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot bind: {}", std::strerror(errno)), wanted);
  }
  if (::listen(fd.get(), backlog) != 0) {
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot listen: {}", std::strerror(errno)), wanted);
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  if (getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &bound_length) != 0) {
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the bound port: {}", std::strerror(errno)),
                      wanted);
  }
  const std::uint16_t bound_port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return Listener(std::move(fd), bound_port, format_address(reinterpret_cast<const sockaddr*>(&bound), bound_length));
}

core::Result<std::optional<Accepted>> Listener::accept() {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    Fd fd{::accept4(m_fd.get(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC)};
    if (fd) return Accepted{std::move(fd), format_address(reinterpret_cast<const sockaddr*>(&peer), length)};
    const int err = errno;
    if (err == EAGAIN || err == EWOULDBLOCK) return std::optional<Accepted>{};
    // EINTR, or the peer left the queue before we got to it: try the next one.
    if (err == EINTR || err == ECONNABORTED) continue;
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot accept: {}", std::strerror(err)), m_address);
  }
}

}  // namespace mtlsdoctor::net
