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
  for (const char* bad : {"https://u:secret1@proxy:3128", "socks5://u:secret1@proxy:1080", "http://u:secret1@proxy:x",
                          "http://u:secret1@proxy:3128/path", "http://u:secret1@", "http://u:secret1@proxy:70000"}) {
    SCOPED_TRACE(bad);
    auto p = parse_proxy_url(bad);
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().category, core::ErrorCategory::Usage);
    EXPECT_EQ(p.error().describe().find("secret1"), std::string::npos) << p.error().describe();
  }
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
