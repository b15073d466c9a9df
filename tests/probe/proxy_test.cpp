// The proxy URL as curl reads it, and NO_PROXY's exceptions (diagnose --proxy, HTTPS_PROXY).
#include "mtlsdoctor/probe/proxy.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::probe {
namespace {

TEST(ProxyUrl, HostPortSchemeAndDefaultPort) {
  auto p = parse_proxy_url("http://proxy.corp:3128");
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(p->host, "proxy.corp");
  EXPECT_EQ(p->port, 3128);
  EXPECT_EQ(p->authorization, "");
  EXPECT_EQ(p->display(), "proxy.corp:3128");
  EXPECT_EQ(parse_proxy_url("proxy.corp").value().port, 1080);  // curl's default
  EXPECT_EQ(parse_proxy_url("HTTP://proxy.corp/").value().display(), "proxy.corp:1080");
  auto v6 = parse_proxy_url("http://[::1]:8080");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->display(), "[::1]:8080");
  EXPECT_EQ(parse_proxy_url("[::1]").value().port, 1080);
}

TEST(ProxyUrl, CredentialsArePercentDecodedIntoBasicAndNeverShown) {
  auto p = parse_proxy_url("http://ops:pa%40ss@proxy.corp:3128");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->authorization, "Basic b3BzOnBhQHNz");  // base64("ops:pa@ss")
  EXPECT_EQ(p->display().find("ops"), std::string::npos);
  EXPECT_EQ(p->host, "proxy.corp");
}

TEST(ProxyUrl, UnsupportedOrMalformedAreUsageErrorsWithoutTheCredentials) {
  for (const char* bad : {"socks4://u:secret1@proxy:1080", "ftp://u:secret1@proxy:21", "http://u:secret1@proxy:x",
                          "socks5://:secret1@proxy:1080", "socks5h://u:secret1@proxy:1080/x",
                          "http://u:secret1@proxy:3128/path", "http://u:secret1@", "http://u:secret1@proxy:70000"}) {
    SCOPED_TRACE(bad);
    auto p = parse_proxy_url(bad);
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().category, core::ErrorCategory::Usage);
    EXPECT_EQ(p.error().describe().find("secret1"), std::string::npos) << p.error().describe();
  }
}

// Issue 15: https:// (TLS to the proxy, port 443 by default) and SOCKS5 proxies (RFC 1928), whose
// credentials are RFC 1929's user name and password, never a Basic header.
TEST(ProxyUrl, HttpsAndSocksSchemes) {
  auto https = parse_proxy_url("https://ops:pw@proxy.corp");
  ASSERT_TRUE(https.has_value()) << https.error().message;
  EXPECT_EQ(https->scheme, ProxyScheme::Https);
  EXPECT_EQ(https->port, 443);
  EXPECT_EQ(https->authorization, "Basic b3BzOnB3");
  auto socks = parse_proxy_url("socks5://ops:pa%40ss@127.0.0.1");
  ASSERT_TRUE(socks.has_value()) << socks.error().message;
  EXPECT_EQ(socks->scheme, ProxyScheme::Socks5);
  EXPECT_EQ(socks->port, 1080);
  EXPECT_EQ(socks->username, "ops");
  EXPECT_EQ(socks->password, "pa@ss");
  EXPECT_EQ(socks->authorization, "");
  EXPECT_EQ(socks->display(), "127.0.0.1:1080");
  auto h = parse_proxy_url("SOCKS5H://[::1]:9050");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->scheme, ProxyScheme::Socks5h);
  EXPECT_EQ(h->display(), "[::1]:9050");
  EXPECT_EQ(to_string(h->scheme), "socks5h");
  auto too_long = parse_proxy_url("socks5://" + std::string(256, 'u') + ":p@proxy");
  ASSERT_FALSE(too_long.has_value());
  EXPECT_NE(too_long.error().message.find("RFC 1929"), std::string::npos);
}

TEST(NoProxy, StarNamesSubdomainsAndAddresses) {
  struct Case {
    const char* host;
    const char* no_proxy;
    bool bypassed;
  };
  for (const Case& c : {Case{"api.example.org", "*", true}, Case{"example.org", "example.org", true},
                        Case{"api.example.org", "example.org", true}, Case{"api.example.org", ".example.org", true},
                        Case{"API.Example.ORG", "example.org", true}, Case{"127.0.0.1", "localhost, 127.0.0.1", true},
                        Case{"::1", "[::1]", true}, Case{"badexample.org", "example.org", false},
                        Case{"example.org", "api.example.org", false}, Case{"10.0.0.1", "10.0.0.10", false},
                        Case{"api.example.org", "", false}, Case{"api.example.org", " , ,", false}}) {
    EXPECT_EQ(bypasses_proxy(c.host, c.no_proxy), c.bypassed) << c.host << " NO_PROXY=" << c.no_proxy;
  }
}

}  // namespace
}  // namespace mtlsdoctor::probe
