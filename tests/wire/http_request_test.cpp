// The server-side request parser: whole requests, requests cut anywhere, every bound, and each
// malformed head refused with the status a server answers it with.
#include <gtest/gtest.h>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {
namespace {

const std::string kGet =
    "GET /api/v1/items?x=1 HTTP/1.1\r\nHost: api.example.org\r\nUser-Agent: curl/8.5\r\nX-Empty:\r\nAccept:  */*  "
    "\r\n\r\n";

TEST(HttpRequestParser, ACompleteRequestInOnePiece) {
  HttpRequestParser p;
  ASSERT_EQ(p.feed(kGet + "BODY"), Parse::Complete);
  const auto& r = p.request();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/api/v1/items?x=1");
  EXPECT_EQ(r.minor_version, 1);
  ASSERT_EQ(r.headers.size(), 4u);
  EXPECT_EQ(r.headers[0].name, "Host");
  ASSERT_NE(r.header("host"), nullptr);  // names are case-insensitive
  EXPECT_EQ(*r.header("HOST"), "api.example.org");
  EXPECT_EQ(*r.header("x-empty"), "");
  EXPECT_EQ(*r.header("accept"), "*/*");  // optional whitespace around the value is dropped
  EXPECT_EQ(r.header("cookie"), nullptr);
  EXPECT_EQ(p.remainder(), "BODY");  // what follows the head is not ours to parse
  EXPECT_EQ(p.error(), HttpRequestError::None);
  EXPECT_EQ(p.feed("more"), Parse::Complete);  // done is done
}

TEST(HttpRequestParser, EveryCutGivesTheSameRequest) {
  for (std::size_t cut = 0; cut <= kGet.size(); ++cut) {
    HttpRequestParser p;
    const Parse first = p.feed(kGet.substr(0, cut));
    if (cut < kGet.size()) {
      ASSERT_EQ(first, Parse::Incomplete) << cut;
      ASSERT_EQ(p.feed(kGet.substr(cut)), Parse::Complete) << cut;
    } else {
      ASSERT_EQ(first, Parse::Complete);
    }
    EXPECT_EQ(p.request().target, "/api/v1/items?x=1") << cut;
    EXPECT_EQ(p.request().headers.size(), 4u) << cut;
  }
}

TEST(HttpRequestParser, ByteByByteWithBareLfAndALeadingEmptyLine) {
  const std::string req = "\r\nPOST / HTTP/1.0\nContent-Length: 0\n\n";
  HttpRequestParser p;
  for (std::size_t i = 0; i + 1 < req.size(); ++i) ASSERT_EQ(p.feed(req.substr(i, 1)), Parse::Incomplete) << i;
  ASSERT_EQ(p.feed(req.substr(req.size() - 1)), Parse::Complete);
  EXPECT_EQ(p.request().method, "POST");
  EXPECT_EQ(p.request().minor_version, 0);  // HTTP/1.0 needs no Host
  EXPECT_EQ(*p.request().header("content-length"), "0");
}

TEST(HttpRequestParser, AnUnfinishedHeadIsIncomplete) {
  HttpRequestParser p;
  EXPECT_EQ(p.feed("GET / HTTP/1.1\r\nHost: a\r\n"), Parse::Incomplete);
  EXPECT_EQ(p.remainder(), "");
  EXPECT_EQ(p.error(), HttpRequestError::None);
}

HttpRequestError refusal(const std::string& bytes, HttpRequestLimits limits = {}) {
  HttpRequestParser p(limits);
  EXPECT_EQ(p.feed(bytes), Parse::Malformed) << bytes;
  EXPECT_EQ(p.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), Parse::Malformed);  // stays refused
  return p.error();
}

TEST(HttpRequestParser, MalformedRequestLines) {
  for (const std::string bad :
       {"GET /\r\n", "GET  / HTTP/1.1\r\n", "GET / HTTP/1.1 x\r\n", "G(T / HTTP/1.1\r\n", "GET / http/1.1\r\n",
        "GET / HTTP/1\r\n", "GET /a\x01 HTTP/1.1\r\n", "\x16\x03\x01\x02\x05\n"}) {
    EXPECT_EQ(refusal(bad), HttpRequestError::BadRequestLine) << bad;
  }
  EXPECT_EQ(refusal("GET / HTTP/2.0\r\n"), HttpRequestError::VersionNotSupported);
  EXPECT_EQ(status_for(HttpRequestError::VersionNotSupported), 505);
  EXPECT_EQ(status_for(HttpRequestError::BadRequestLine), 400);
}

TEST(HttpRequestParser, MalformedHeaders) {
  const std::string line = "GET / HTTP/1.1\r\nHost: a\r\n";
  EXPECT_EQ(refusal(line + "NoColon\r\n"), HttpRequestError::BadHeader);
  EXPECT_EQ(refusal(line + "Name : v\r\n"), HttpRequestError::BadHeader);            // RFC 9112 §5.1
  EXPECT_EQ(refusal(line + "X-A: v\r\n  folded\r\n"), HttpRequestError::BadHeader);  // obs-fold
  EXPECT_EQ(refusal(line + ": v\r\n"), HttpRequestError::BadHeader);
  EXPECT_EQ(refusal(std::string("GET / HTTP/1.1\r\nX: a\0b\r\n", 25)), HttpRequestError::BadHeader);
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\n\r\n"), HttpRequestError::MissingHost);
  EXPECT_EQ(refusal(line + "host: b\r\n\r\n"), HttpRequestError::MissingHost);  // two are as bad as none
  EXPECT_EQ(status_for(HttpRequestError::MissingHost), 400);
}

TEST(HttpRequestParser, OversizedRequestLineIsRefusedBeforeItEnds) {
  HttpRequestLimits limits;
  limits.max_request_line = 64;
  HttpRequestParser p(limits);
  EXPECT_EQ(p.feed("GET /" + std::string(59, 'a')), Parse::Incomplete);  // 64 bytes: still allowed
  EXPECT_EQ(p.feed("a"), Parse::Malformed);                              // 65: no end can save it
  EXPECT_EQ(p.error(), HttpRequestError::RequestLineTooLong);
  EXPECT_EQ(status_for(p.error()), 414);
  EXPECT_EQ(refusal("GET /" + std::string(100, 'a') + " HTTP/1.1\r\n", limits), HttpRequestError::RequestLineTooLong);
}

TEST(HttpRequestParser, OversizedHeadersAreRefused) {
  HttpRequestLimits limits;
  limits.max_header_bytes = 100;
  limits.max_headers = 3;
  const std::string line = "GET / HTTP/1.1\r\nHost: a\r\n";
  EXPECT_EQ(refusal(line + "X: " + std::string(200, 'v') + "\r\n", limits), HttpRequestError::HeadersTooLarge);
  EXPECT_EQ(refusal(line + "X: " + std::string(200, 'v'), limits), HttpRequestError::HeadersTooLarge);  // unfinished
  EXPECT_EQ(refusal(line + "A: 1\r\nB: 2\r\nC: 3\r\n", limits), HttpRequestError::HeadersTooLarge);     // a 4th field
  EXPECT_EQ(status_for(HttpRequestError::HeadersTooLarge), 431);
  HttpRequestParser ok(limits);
  EXPECT_EQ(ok.feed(line + "A: 1\r\nB: 2\r\n\r\n"), Parse::Complete);  // exactly at the bound
}

TEST(HttpResponse, StatusLineDateServerAndBody) {
  const auto r =
      parse_http_response("HTTP/1.1 403 Forbidden\r\nDate: Tue, 01 Dec 2026 10:00:00 GMT\r\nserver: nginx\r\n\r\nno");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->reason, "Forbidden");
  EXPECT_EQ(r->date, "Tue, 01 Dec 2026 10:00:00 GMT");
  EXPECT_EQ(r->server, "nginx");
  EXPECT_EQ(r->body, "no");
  EXPECT_FALSE(parse_http_response("SSH-2.0-OpenSSH").has_value());
}

}  // namespace
}  // namespace mtlsdoctor::wire
