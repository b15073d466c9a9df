// SOCKS5's messages (RFC 1928) and password sub-negotiation (RFC 1929), byte for byte, and its
// replies read from every prefix a read may end at.
#include "mtlsdoctor/wire/socks.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::wire {
namespace {

using namespace std::string_literals;

TEST(Socks5, ClientMessages) {
  EXPECT_EQ(socks5_greeting(false), "\x05\x01\x00"s);
  EXPECT_EQ(socks5_greeting(true), "\x05\x02\x00\x02"s);
  EXPECT_EQ(socks5_password_request("ops", "pw"), "\x01\x03ops\x02pw"s);
  EXPECT_EQ(socks5_connect_name("localhost", 443), "\x05\x01\x00\x03\x09localhost\x01\xbb"s);
  EXPECT_EQ(socks5_connect_address("\x7f\x00\x00\x01"s, 8443), "\x05\x01\x00\x01\x7f\x00\x00\x01\x20\xfb"s);
  EXPECT_EQ(socks5_connect_address(std::string(15, '\0') + "\x01", 1).substr(0, 4), "\x05\x01\x00\x04"s);
}

TEST(Socks5, TwoByteReplies) {
  EXPECT_EQ(read_socks5_method("").status, Parse::Incomplete);
  EXPECT_EQ(read_socks5_method("\x05").status, Parse::Incomplete);
  const auto m = read_socks5_method("\x05\xff"s);
  EXPECT_EQ(m.status, Parse::Complete);
  EXPECT_EQ(m.value, kSocksNoAcceptableMethod);
  EXPECT_EQ(read_socks5_method("HTTP/1.1 400").status, Parse::Malformed);
  EXPECT_EQ(read_socks5_password_reply("\x01\x00"s).value, 0);
  EXPECT_EQ(read_socks5_password_reply("\x01\x01"s).value, 1);
  EXPECT_EQ(read_socks5_password_reply("\x05\x00"s).status, Parse::Malformed);
}

TEST(Socks5, ConnectReplyFromEveryPrefix) {
  const std::string v4 = "\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38"s;
  const std::string name = "\x05\x05\x00\x03\x04host\x00\x50"s;
  const std::string v6 = "\x05\x00\x00\x04"s + std::string(15, '\0') + "\x01\x01\xbb"s;
  for (const auto& [bytes, code, bound] : {std::tuple{v4, 0, "127.0.0.1:1080"}, std::tuple{name, 5, "host:80"},
                                           std::tuple{v6, 0, "[0:0:0:0:0:0:0:1]:443"}}) {
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      const auto r = read_socks5_reply(std::string_view(bytes).substr(0, n));
      EXPECT_EQ(r.status, Parse::Incomplete) << n;
      EXPECT_GT(r.needed, n);
    }
    const auto r = read_socks5_reply(bytes + "\x16\x03"s);  // the tunnel's first bytes after it
    ASSERT_EQ(r.status, Parse::Complete);
    EXPECT_EQ(r.size, bytes.size());
    EXPECT_EQ(r.code, code);
    EXPECT_EQ(r.bound, bound);
  }
  EXPECT_EQ(read_socks5_reply("\x05\x00\x00\x07\x00"s).status, Parse::Malformed);  // no such address type
  EXPECT_EQ(read_socks5_reply("\x04\x5a").status, Parse::Malformed);               // SOCKS4
  EXPECT_EQ(socks5_reply_text(5), "connection refused");
  EXPECT_EQ(socks5_reply_text(200), "unassigned");
}

}  // namespace
}  // namespace mtlsdoctor::wire
