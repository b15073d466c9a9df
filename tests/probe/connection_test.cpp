// The probe's state machine on an injected clock: a server that accepts TCP and never answers
// the ClientHello times the probe out exactly when the manual clock says so, and every time in
// the transcript is the clock's.
#include "connection.h"

#include <gtest/gtest.h>
#include <poll.h>

#include "mtlsdoctor/net/listener.h"

namespace mtlsdoctor::probe::detail {
namespace {

using namespace std::chrono_literals;

TEST(Connection, ASilentServerTimesOutOnTheInjectedClock) {
  auto listener = net::Listener::bind("127.0.0.1", 0);  // the kernel completes the TCP handshake; nobody speaks
  ASSERT_TRUE(listener.has_value()) << listener.error().describe();
  Probe p;
  p.target.host = "127.0.0.1";
  p.target.port = listener->port();
  p.options.timeout = 2000ms;
  core::ManualClock clock;
  const auto start = clock.now();
  auto conn = Connection::create(p, clock);
  ASSERT_TRUE(conn.has_value()) << conn.error().describe();
  Connection& c = **conn;

  // Real readiness, manual time: step until the probe waits for the server's first flight.
  short events = c.step();
  for (int i = 0; i < 10 && events == POLLOUT; ++i) {
    pollfd fd{c.fd(), events, 0};
    ASSERT_EQ(poll(&fd, 1, 5000), 1);
    events = c.step();
  }
  ASSERT_EQ(events, POLLIN);
  EXPECT_EQ(c.deadline(), start + 2000ms);  // armed on the injected clock

  clock.advance(2500ms);
  c.expire();
  ASSERT_TRUE(c.done());
  const Transcript t = c.take();
  EXPECT_EQ(t.error, TransportError::Timeout);
  EXPECT_EQ(t.error_text, "no answer within 2500 ms");
  EXPECT_EQ(t.stopped_at, Stage::Handshake);
  EXPECT_EQ(t.total_ms, 2500.0);
  EXPECT_EQ(t.address, listener->address());
  ASSERT_EQ(t.events.size(), 1u);
  EXPECT_EQ(t.events[0].kind, EventKind::ClientHello);
  EXPECT_EQ(t.events[0].what, "ClientHello");
  EXPECT_EQ(t.events[0].direction, Direction::Sent);
  EXPECT_EQ(t.events[0].at_ms, 0.0);  // nothing moved the clock before it was sent
}

}  // namespace
}  // namespace mtlsdoctor::probe::detail
