// What serve --upstream-http reads of the response it relays: the head, where the body ends
// (RFC 9112 §6.3) and a chunked body's last chunk, for any cut of the bytes.
#include <gtest/gtest.h>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {
namespace {

TEST(ResponseHead, ReadsStatusReasonAndHeadersOnceTheEmptyLineCame) {
  const std::string bytes = "HTTP/1.0 404 Not Found\r\nContent-Length: 3\r\nX-A:  b c \r\n\r\nabc";
  EXPECT_EQ(read_http_response_head(bytes.substr(0, 30)).status, Parse::Incomplete);
  const auto h = read_http_response_head(bytes);
  ASSERT_EQ(h.status, Parse::Complete);
  EXPECT_EQ(h.code, 404);
  EXPECT_EQ(h.minor_version, 0);
  EXPECT_EQ(h.reason, "Not Found");
  EXPECT_EQ(h.head_bytes, bytes.size() - 3);
  ASSERT_NE(h.header("x-a"), nullptr);
  EXPECT_EQ(*h.header("x-a"), "b c");
}

TEST(ResponseHead, RefusesWhatIsNotAnHttp1Head) {
  EXPECT_EQ(read_http_response_head("SSH-2.0-OpenSSH\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_http_response_head("HTTP/1.1 2000 OK\r\n\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_http_response_head("HTTP/1.1 200 OK\r\nno colon\r\n\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_http_response_head("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_http_response_head("HTTP/1.1 200 OK\r\n" + std::string(200, 'x'), 100).status, Parse::Malformed);
  EXPECT_EQ(read_http_response_head("HTT").status, Parse::Incomplete);
}

ResponseFraming framing(const std::string& head, std::string_view method = "GET") {
  const auto h = read_http_response_head(head + "\r\n");
  EXPECT_EQ(h.status, Parse::Complete) << head;
  const auto f = response_framing(h, method);
  EXPECT_TRUE(f.has_value()) << head;
  return f.value_or(ResponseFraming{});
}

TEST(ResponseFraming, FollowsRfc9112InItsOrder) {
  EXPECT_EQ(framing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", "HEAD").end, BodyEnd::None);
  EXPECT_EQ(framing("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n").end, BodyEnd::None);
  EXPECT_EQ(framing("HTTP/1.1 304 Not Modified\r\n").end, BodyEnd::None);
  EXPECT_EQ(framing("HTTP/1.1 100 Continue\r\n").end, BodyEnd::None);
  const auto length = framing("HTTP/1.1 200 OK\r\nContent-Length: 42, 42\r\n");
  EXPECT_EQ(length.end, BodyEnd::Length);
  EXPECT_EQ(length.length, 42u);
  // Transfer-Encoding overrides Content-Length; only a final "chunked" frames the body.
  EXPECT_EQ(framing("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: gzip, Chunked\r\n").end,
            BodyEnd::Chunked);
  EXPECT_EQ(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n").end, BodyEnd::Close);
  EXPECT_EQ(framing("HTTP/1.1 200 OK\r\n").end, BodyEnd::Close);
  for (const std::string bad : {"Content-Length: 4, 5", "Content-Length: x", "Content-Length: -1",
                                "Content-Length: 4\r\nContent-Length: 6", "Content-Length: "}) {
    const auto h = read_http_response_head("HTTP/1.1 200 OK\r\n" + bad + "\r\n\r\n");
    ASSERT_EQ(h.status, Parse::Complete) << bad;
    EXPECT_FALSE(response_framing(h, "GET").has_value()) << bad;
  }
}

TEST(ChunkedBodyEnd, FindsTheEndAfterTheTrailersForAnyCut) {
  const std::string body = "5;name=\"v\"\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n";
  const std::string after = "HTTP/1.1 200 OK";  // the next response, not the body's
  for (std::size_t piece = 1; piece <= body.size() + after.size(); ++piece) {
    ChunkedBodyEnd end;
    const std::string all = body + after;
    std::size_t taken = 0;
    for (std::size_t at = 0; at < all.size() && end.status() == Parse::Incomplete; at += piece) {
      taken += end.feed(std::string_view(all).substr(at, piece));
    }
    EXPECT_EQ(end.status(), Parse::Complete) << piece;
    EXPECT_EQ(taken, body.size()) << piece;
  }
}

TEST(ChunkedBodyEnd, RefusesBadSizeLinesAndChunkEnds) {
  for (const std::string bad :
       {"g\r\n", "\r\n", "5\r\nhelloXY", "5\nhello\r\n", ";x\r\n", "0\r\nX\n", "fffffffffffffffffff\r\n"}) {
    ChunkedBodyEnd end;
    end.feed(bad);
    EXPECT_EQ(end.status(), Parse::Malformed) << bad;
  }
  ChunkedBodyEnd long_line;
  long_line.feed("5;" + std::string(5000, 'x'));
  EXPECT_EQ(long_line.status(), Parse::Malformed);
  ChunkedBodyEnd waiting;
  EXPECT_EQ(waiting.feed("5\r\nhel"), 6u);
  EXPECT_EQ(waiting.status(), Parse::Incomplete);
}

}  // namespace
}  // namespace mtlsdoctor::wire
