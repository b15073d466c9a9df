// The listener on loopback, port 0: the kernel's port is reported, a client connecting there is
// accepted without blocking, and an empty queue is "nobody waiting", not an error.
#include "mtlsdoctor/net/listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>

namespace mtlsdoctor::net {
namespace {

// A blocking client connected to `port` on the loopback address of `family`.
Fd connect_to(int family, std::uint16_t port) {
  Fd fd{::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  sockaddr_storage s{};
  socklen_t length = 0;
  if (family == AF_INET6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&s);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    v6->sin6_addr = in6addr_loopback;
    length = sizeof *v6;
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&s);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    length = sizeof *v4;
  }
  EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&s), length), 0) << std::strerror(errno);
  return fd;
}

// Waits (up to 5 s) for the listener to have someone to accept.
std::optional<Accepted> accept_one(Listener& l) {
  pollfd p{l.fd(), POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 5000), 1);
  auto a = l.accept();
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().describe());
  return a ? std::move(*a) : std::nullopt;
}

TEST(Listener, PortZeroIsReportedAndAcceptedOnLoopback) {
  auto l = Listener::bind("127.0.0.1", 0);
  ASSERT_TRUE(l.has_value()) << l.error().describe();
  ASSERT_NE(l->port(), 0);
  EXPECT_EQ(l->address(), "127.0.0.1:" + std::to_string(l->port()));
  EXPECT_TRUE(fcntl(l->fd(), F_GETFL) & O_NONBLOCK);

  auto empty = l->accept();  // nobody yet: nullopt at once, never a blocked call
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->has_value());

  const Fd client = connect_to(AF_INET, l->port());
  auto accepted = accept_one(*l);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_TRUE(accepted->fd);
  EXPECT_TRUE(fcntl(accepted->fd.get(), F_GETFL) & O_NONBLOCK);
  EXPECT_TRUE(accepted->peer.starts_with("127.0.0.1:"));
  // The two ends are one connection.
  ASSERT_EQ(::send(client.get(), "x", 1, 0), 1);
  pollfd p{accepted->fd.get(), POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 5000), 1);
  char c = 0;
  EXPECT_EQ(::recv(accepted->fd.get(), &c, 1, 0), 1);
  EXPECT_EQ(c, 'x');
}

TEST(Listener, Ipv6LoopbackInBrackets) {
  auto l = Listener::bind("::1", 0);
  if (!l && l.error().message.find("Cannot assign") != std::string::npos) GTEST_SKIP() << "no IPv6 loopback here";
  ASSERT_TRUE(l.has_value()) << l.error().describe();
  EXPECT_EQ(l->address(), "[::1]:" + std::to_string(l->port()));
  const Fd client = connect_to(AF_INET6, l->port());
  auto accepted = accept_one(*l);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_TRUE(accepted->peer.starts_with("[::1]:"));
}

TEST(Listener, BadAddressAndBusyPortAreErrors) {
  EXPECT_EQ(Listener::bind("localhost", 0).error().category, core::ErrorCategory::Usage);  // literals only
  auto first = Listener::bind("127.0.0.1", 0);
  ASSERT_TRUE(first.has_value());
  auto second = Listener::bind("127.0.0.1", first->port());
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().category, core::ErrorCategory::Io);
  EXPECT_EQ(second.error().subject, first->address());
}

TEST(Fd, ClosesOnceAndMoves) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Fd a{fds[0]};
  Fd b = std::move(a);
  EXPECT_FALSE(a);
  EXPECT_EQ(b.get(), fds[0]);
  b.reset();
  EXPECT_EQ(fcntl(fds[0], F_GETFD), -1);  // closed
  Fd w{fds[1]};
  const int raw = w.release();
  EXPECT_FALSE(w);
  EXPECT_NE(fcntl(raw, F_GETFD), -1);  // released, not closed
  ::close(raw);
}

}  // namespace
}  // namespace mtlsdoctor::net
