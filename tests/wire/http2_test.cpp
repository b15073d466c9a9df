// One HTTP/2 request and its answer (nghttp2 underneath): what is sent first, and a server's
// frames, whole or byte by byte, read into the same HttpResponse as HTTP/1.1.
#include "mtlsdoctor/wire/http2.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::wire {
namespace {

using namespace std::string_literals;

// A frame (RFC 9113 §4.1): 24-bit length, type, flags, stream.
std::string frame(std::uint8_t type, std::uint8_t flags, std::uint8_t stream, const std::string& payload) {
  return std::string{0,
                     static_cast<char>(payload.size() >> 8),
                     static_cast<char>(payload.size() & 0xff),
                     static_cast<char>(type),
                     static_cast<char>(flags),
                     0,
                     0,
                     0,
                     static_cast<char>(stream)} +
         payload;
}

// SETTINGS, then on stream 1: HEADERS ":status 403" (HPACK literal, name :status = static index
// 8) and "server: test" (literal, new name), then DATA "denied" ending the stream.
std::string answer_403() {
  const std::string headers =
      "\x08\x03"
      "403"s +
      "\x00\x06"
      "server"
      "\x04"
      "test"s;
  return frame(0x4, 0, 0, "") + frame(0x1, 0x4, 1, headers) + frame(0x0, 0x1, 1, "denied");
}

HttpRequestHead head() {
  return {"GET", "/health", "api.example.org:8443", {{"X-Trace", "1"}, {"Connection", "close"}}};
}

TEST(Http2, ThePrefaceSettingsAndRequestGoFirst) {
  Http2Exchange h2(head());
  const std::string out = h2.take_output();
  ASSERT_GT(out.size(), 24u + 9u);
  EXPECT_EQ(out.substr(0, 24), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  EXPECT_EQ(out[24 + 3], '\x04');  // SETTINGS right after the preface
  EXPECT_NE(out.find('\x01', 24), std::string::npos);
  EXPECT_TRUE(h2.take_output().empty());  // all of it at once
}

TEST(Http2, TheAnswerIsReadWholeOrByteByByte) {
  for (const std::size_t piece : {std::size_t{1}, std::size_t{4096}}) {
    SCOPED_TRACE(piece);
    Http2Exchange h2(head());
    (void)h2.take_output();
    const std::string in = answer_403();
    Parse last = Parse::Incomplete;
    for (std::size_t at = 0; at < in.size(); at += piece) {
      EXPECT_EQ(last, Parse::Incomplete) << at;
      last = h2.feed(std::string_view(in).substr(at, piece));
    }
    EXPECT_EQ(last, Parse::Complete);
    EXPECT_EQ(h2.response().status, 403);
    EXPECT_EQ(h2.response().server, "test");
    EXPECT_EQ(h2.response().body, "denied");
    EXPECT_TRUE(h2.error().empty()) << h2.error();
  }
}

// What the client owes the server while the answer comes: the SETTINGS acknowledgement (RFC 9113
// §6.5.3) and WINDOW_UPDATEs for the DATA it consumed (§6.9), so a server that waits for either
// goes on. The probe writes take_output() after every feed.
TEST(Http2, TheServersSettingsAreAcknowledgedAndItsDataCredited) {
  Http2Exchange h2(head());
  (void)h2.take_output();
  EXPECT_EQ(h2.feed(frame(0x4, 0, 0, "")), Parse::Incomplete);
  const std::string ack = h2.take_output();
  EXPECT_EQ(ack, frame(0x4, 0x1, 0, ""));  // SETTINGS with the ACK flag, empty
  // The response headers, then 40,000 bytes of DATA not ending the stream: past half of the
  // 65,535-byte initial window, nghttp2 credits the connection and the stream back.
  const std::string headers =
      "\x08\x03"
      "200"s;
  EXPECT_EQ(h2.feed(frame(0x1, 0x4, 1, headers)), Parse::Incomplete);
  std::string data;
  for (int i = 0; i < 4; ++i) data += frame(0x0, 0, 1, std::string(10'000, 'x'));
  (void)h2.feed(data);
  const std::string credit = h2.take_output();
  std::size_t updates = 0;
  for (std::size_t at = 0; at + 9 <= credit.size();) {
    const std::size_t len = (static_cast<unsigned char>(credit[at]) << 16) |
                            (static_cast<unsigned char>(credit[at + 1]) << 8) |
                            static_cast<unsigned char>(credit[at + 2]);
    if (credit[at + 3] == '\x08') ++updates;  // WINDOW_UPDATE
    at += 9 + len;
  }
  EXPECT_GE(updates, 1u) << credit.size() << " bytes to send";
}

TEST(Http2, RefusalsAndOtherProtocolsEndTheExchange) {
  Http2Exchange goaway(head());
  (void)goaway.take_output();
  // GOAWAY, last stream 0, error PROTOCOL_ERROR (1): our stream 1 will not be answered.
  const auto r = goaway.feed(frame(0x4, 0, 0, "") + frame(0x7, 0, 0, "\x00\x00\x00\x00\x00\x00\x00\x01"s));
  EXPECT_EQ(r, Parse::Complete);
  EXPECT_EQ(goaway.response().status, 0);
  EXPECT_NE(goaway.error().find("GOAWAY"), std::string::npos) << goaway.error();

  Http2Exchange http1(head());
  (void)http1.take_output();
  const auto h = http1.feed("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  EXPECT_NE(h, Parse::Incomplete);
  EXPECT_EQ(http1.response().status, 0);
  EXPECT_FALSE(http1.error().empty());
}

}  // namespace
}  // namespace mtlsdoctor::wire
