// The request head a client writes (diagnose --request-method/--header): the user's fields
// checked, so that nothing can split the request, and the head read back by our own parser.
#include <gtest/gtest.h>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {
namespace {

TEST(HttpHeaderField, NameAndValueAreTakenWithoutSurroundingSpace) {
  auto h = parse_header_field("X-Trace:   abc 123\t");
  ASSERT_TRUE(h.has_value()) << h.error().message;
  EXPECT_EQ(h->name, "X-Trace");
  EXPECT_EQ(h->value, "abc 123");
  auto empty = parse_header_field("X-Empty:");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->value, "");
}

TEST(HttpHeaderField, ControlCharactersAndBadNamesAreUsageErrors) {
  for (const std::string& bad :
       std::vector<std::string>{"X-A: b\r\nX-Evil: 1", "X-A: b\nX-Evil: 1", "X-A: b\rc", std::string("X-A: b\0c", 8),
                                "X-A: \x1b[31m", "no colon here", ": empty name", "Bad Name: x", "X-A\r\n: x"}) {
    SCOPED_TRACE(bad);
    auto h = parse_header_field(bad);
    ASSERT_FALSE(h.has_value());
    EXPECT_EQ(h.error().category, core::ErrorCategory::Usage);
    EXPECT_EQ(h.error().message.find('\r'), std::string::npos) << "the error never echoes a CR";
    EXPECT_EQ(h.error().message.find('\n'), std::string::npos) << "the error never echoes an LF";
  }
}

TEST(HttpHeaderField, FieldsTheProbeOwnsAreRefused) {
  for (const char* owned : {"Connection: keep-alive", "content-length: 5", "Transfer-Encoding: chunked"}) {
    SCOPED_TRACE(owned);
    EXPECT_FALSE(parse_header_field(owned).has_value());
  }
  EXPECT_TRUE(parse_header_field("Authorization: Bearer x").has_value());
}

TEST(HttpMethod, TokensOnly) {
  EXPECT_EQ(parse_method("PROPFIND").value_or(""), "PROPFIND");
  EXPECT_FALSE(parse_method("GET /evil HTTP/1.1\r\n").has_value());
  EXPECT_FALSE(parse_method("").has_value());
  EXPECT_FALSE(parse_method("G ET").has_value());
}

TEST(HttpRequestWrite, DefaultsUserFieldsAndTheCloseReadBackByTheParser) {
  std::vector<HttpHeader> headers{*parse_header_field("X-Trace: 1"), *parse_header_field("host: api.example")};
  const std::string bytes = format_http_request({"POST", "/v1/items?x=1", "127.0.0.1:8443", headers});
  HttpRequestParser p;
  ASSERT_EQ(p.feed(bytes), Parse::Complete) << bytes;
  EXPECT_TRUE(p.remainder().empty());
  const auto& r = p.request();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/items?x=1");
  ASSERT_NE(r.header("Host"), nullptr);
  EXPECT_EQ(*r.header("Host"), "api.example");  // the user's Host, and only it
  EXPECT_EQ(bytes.find("127.0.0.1:8443"), std::string::npos);
  EXPECT_EQ(*r.header("x-trace"), "1");
  EXPECT_EQ(*r.header("content-length"), "0");
  EXPECT_EQ(*r.header("connection"), "close");
  EXPECT_EQ(*r.header("user-agent"), "mtls-doctor");

  const std::string get = format_http_request({"GET", "/", "example.org", {}});
  EXPECT_EQ(get,
            "GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: mtls-doctor\r\nAccept: */*\r\nConnection: "
            "close\r\n\r\n");
}

TEST(HttpConnect, RequestAndTheProxysAnswer) {
  EXPECT_EQ(format_connect_request("api.example:443", ""),
            "CONNECT api.example:443 HTTP/1.1\r\nHost: api.example:443\r\nUser-Agent: mtls-doctor\r\n\r\n");
  EXPECT_NE(format_connect_request("h:1", "Basic eDp5").find("\r\nProxy-Authorization: Basic eDp5\r\n"),
            std::string::npos);
  const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x03";
  auto a = read_connect_answer(ok);
  EXPECT_EQ(a.status, Parse::Complete);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.reason, "Connection established");
  EXPECT_EQ(a.head_bytes, ok.size() - 3);  // the tunnel's bytes are not the proxy's
  auto denied = read_connect_answer("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
  EXPECT_EQ(denied.status, Parse::Complete);
  EXPECT_EQ(denied.code, 407);
  EXPECT_EQ(read_connect_answer("HTTP/1.1 200 OK\r\n").status, Parse::Incomplete);
  EXPECT_EQ(read_connect_answer("HTT").status, Parse::Incomplete);
  EXPECT_EQ(read_connect_answer("").status, Parse::Incomplete);
  EXPECT_EQ(read_connect_answer("SSH-2.0-OpenSSH\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_connect_answer("HTTP/1.1 2x0 OK\r\n\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_connect_answer("HTTP/1.1 200OK\r\n\r\n").status, Parse::Malformed);
  EXPECT_EQ(read_connect_answer("HTTP/1.1 200 OK\r\n" + std::string(20000, 'x')).status, Parse::Malformed);
}

}  // namespace
}  // namespace mtlsdoctor::wire
