// Hostile and broken clients: garbage instead of a ClientHello, silence, a request dripped after
// the handshake, headers beyond the limits. Each is cut off by its deadline or answered with
// the status its fault deserves, and the server keeps serving everyone else.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

// Reads until the peer closes or `limit` passes; how long that took.
std::chrono::milliseconds until_closed(int fd, std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  char buf[4096];
  while (std::chrono::steady_clock::now() - start < limit) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    if (::read(fd, buf, sizeof buf) <= 0) break;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

ServeOptions short_deadlines(const Lab& lab) {
  auto o = lab_options(lab);
  o.handshake_timeout = std::chrono::milliseconds(400);
  o.request_timeout = std::chrono::milliseconds(400);
  o.drain_timeout = std::chrono::milliseconds(500);
  return o;
}

TEST(ServeHostile, GarbageIsRefusedAndLoggedAndTheServerStaysUp) {
  const Lab& lab = Lab::get();
  Running serve(short_deadlines(lab));
  ASSERT_TRUE(serve.ok()) << serve.error();
  const int fd = connect_to(serve.port());
  const std::string junk = "\x16\x03\x01\x00\x05garbage\x1b[31m and then some more bytes\r\n";
  ASSERT_EQ(::write(fd, junk.data(), junk.size()), static_cast<ssize_t>(junk.size()));
  EXPECT_LT(until_closed(fd, std::chrono::seconds(5)).count(), 3000);
  ::close(fd);
  EXPECT_EQ(curl(lab, serve.port(), "client-good", "1.3").http_status, 200);
  EXPECT_EQ(serve.server().stats().handshake_failed, 1u);
  bool logged = false;
  for (const auto& e : serve.events()) {
    // Refused at once, or waited for a record that never completes until the deadline.
    logged = logged || e.find("handshake failed before a decision") != std::string::npos ||
             e.find("handshake timed out") != std::string::npos;
  }
  EXPECT_TRUE(logged);
}

TEST(ServeHostile, SilentClientsAreCutOffByTheHandshakeDeadline) {
  const Lab& lab = Lab::get();
  auto options = short_deadlines(lab);
  options.max_connections = 2;
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  const int a = connect_to(serve.port());
  const int b = connect_to(serve.port());
  // Both places are taken by silent clients; a real client waits in the backlog until the
  // deadline frees one.
  const auto served = curl(lab, serve.port(), "client-good", "1.3");
  EXPECT_EQ(served.http_status, 200) << served.output;
  EXPECT_LT(until_closed(a, std::chrono::seconds(5)).count(), 3000);
  EXPECT_LT(until_closed(b, std::chrono::seconds(5)).count(), 3000);
  ::close(a);
  ::close(b);
  EXPECT_GE(serve.server().stats().handshake_failed, 2u);
}

TEST(ServeHostile, TheConnectionLimitHoldsOverAllWorkers) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.workers = 4;
  options.max_connections = 2;
  options.handshake_timeout = std::chrono::milliseconds(1500);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  std::vector<int> silent;
  for (int i = 0; i < 5; ++i) silent.push_back(connect_to(serve.port()));
  // Four idle workers poll the listener; only two places exist, so three clients wait in the
  // backlog until the deadlines free the places.
  for (int i = 0; i < 40 && serve.server().stats().accepted < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(serve.server().stats().accepted, 2u);
  EXPECT_LE(serve.server().stats().open, 2u);
  for (int fd : silent) {
    EXPECT_LT(until_closed(fd, std::chrono::seconds(15)).count(), 14000);
    ::close(fd);
  }
  EXPECT_EQ(serve.server().stats().accepted, 5u);
  EXPECT_EQ(curl(lab, serve.port(), "client-good", "1.3").http_status, 200);
}

TEST(ServeHostile, ARequestDrippedAfterTheHandshakeIsCutOffAndHugeHeadersGet431) {
  const Lab& lab = Lab::get();
  Running serve(short_deadlines(lab));
  ASSERT_TRUE(serve.ok()) << serve.error();
  const std::string script = R"(import socket, ssl, sys, time
port, ca, cert, key, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(ca)
ctx.load_cert_chain(cert, key)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname="localhost")
start = time.monotonic()
try:
    if mode == "drip":
        for c in b"GET / HTTP/1.1\r\nHost: x\r\n":
            s.sendall(bytes([c]))
            time.sleep(0.1)
    else:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * 40000 + b"\r\n\r\n")
    data = s.recv(65536)
    print("READ", data.split(b"\r\n")[0].decode(), round(time.monotonic() - start, 2))
except Exception as e:
    print("CLOSED", type(e).__name__, round(time.monotonic() - start, 2))
)";
  testsupport::TempDir dir;
  testsupport::write_file(dir / "c.py", script);
  const std::vector<std::string> common{std::to_string(serve.port()), lab.file("server-ca.pem"),
                                        lab.full_chain("client-good"), lab.file("client-good.key")};
  auto args = common;
  args.insert(args.begin(), (dir / "c.py").string());
  args.push_back("drip");
  const auto drip = testsupport::run_program("python3", args);
  // The server closes after its 400 ms request deadline, long before the 2.5 s drip ends.
  EXPECT_TRUE(drip.out.starts_with("CLOSED") || drip.out.starts_with("READ  ")) << drip.describe();
  args.back() = "big";
  const auto big = testsupport::run_program("python3", args);
  EXPECT_TRUE(big.out.starts_with("READ HTTP/1.1 431")) << big.describe();
  EXPECT_EQ(curl(lab, serve.port(), "client-good", "1.2").http_status, 200);
}

}  // namespace
}  // namespace mtlsdoctor::server::test
