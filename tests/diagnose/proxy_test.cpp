// Issue 15: diagnose through an HTTP proxy (--proxy, HTTPS_PROXY, NO_PROXY), with a tiny CONNECT
// proxy on loopback (connect_proxy.py): the tunnel is transparent to the verdict, and every way
// the proxy fails is the proxy's verdict, naming the proxy and never its credentials.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace proxy_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

class Proxy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_lab = std::make_unique<TempDir>("mtlsd-proxy");
    auto r = run_program(kBinary, {"lab", "create", s_lab->path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    write_server_fullchain(s_lab->path());
    s_server = std::make_unique<ServerProcess>(
        "python3",
        std::vector<std::string>{std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/py_mtls_server.py",
                                 "server-fullchain.pem", "server-good.key", "client-ca.pem", "client-crl.pem"},
        s_lab->path());
  }
  static void TearDownTestSuite() {
    s_server.reset();
    s_lab.reset();
  }
  static const std::filesystem::path& dir() { return s_lab->path(); }

  static std::unique_ptr<ServerProcess> proxy(const std::vector<std::string>& options) {
    std::vector<std::string> args{std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/connect_proxy.py"};
    args.insert(args.end(), options.begin(), options.end());
    return std::make_unique<ServerProcess>("python3", args, dir());
  }
  // diagnose of the mTLS server with `identity`, plus `more`, in `env`.
  static RunResult diagnose(const std::string& identity, const std::vector<std::string>& more,
                            std::vector<std::pair<std::string, std::string>> env = {}) {
    auto args = lab_diagnose_args(dir(), s_server->port(), identity);
    args.insert(args.end(), more.begin(), more.end());
    return run_program(kBinary, args, {.env = std::move(env), .cwd = dir(), .timeout = std::chrono::seconds(30)});
  }
  // The same in text: lab_diagnose_args asks for JSON.
  static RunResult diagnose_text(const std::string& identity, const std::vector<std::string>& more) {
    auto args = lab_diagnose_args(dir(), s_server->port(), identity);
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "--format") args[i + 1] = "text";
    }
    args.insert(args.end(), more.begin(), more.end());
    return run_program(kBinary, args, {.cwd = dir(), .timeout = std::chrono::seconds(30)});
  }
  static nlohmann::json json(const RunResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.describe();
    return j.is_discarded() ? nlohmann::json::object() : j;
  }
  static std::string url(const ServerProcess& p) { return "http://127.0.0.1:" + std::to_string(p.port()); }

  static std::unique_ptr<TempDir> s_lab;
  static std::unique_ptr<ServerProcess> s_server;
};

std::unique_ptr<TempDir> Proxy::s_lab;
std::unique_ptr<ServerProcess> Proxy::s_server;

TEST_F(Proxy, TunnelIsTransparentToTheVerdict) {
  ASSERT_TRUE(s_server->ok()) << s_server->output();
  const auto recorded = dir() / "connects.txt";
  auto p = proxy({"--record=" + recorded.string()});
  ASSERT_TRUE(p->ok()) << p->output();
  auto good = diagnose("client-good", {"--proxy", url(*p)});
  auto j = json(good);
  EXPECT_EQ(j["verdict"]["cause"], "ok") << good.describe();
  EXPECT_EQ(j["handshake"]["proxy"]["status"], 200) << good.describe();
  EXPECT_EQ(read_file(recorded).rfind("CONNECT 127.0.0.1:" + std::to_string(s_server->port()) + " HTTP/1.1\r\n", 0),
            0u);
  // A client fault is still the server's verdict on the certificate, through the tunnel.
  auto expired = json(diagnose("client-expired", {"--proxy", url(*p)}));
  EXPECT_EQ(expired["verdict"]["cause"], "client-cert-expired") << expired.dump();
  EXPECT_EQ(expired["verdict"]["rejected_by"], "server");
}

TEST_F(Proxy, HttpsProxyVariableIsUsedAndNoProxyBypassesIt) {
  ASSERT_TRUE(s_server->ok()) << s_server->output();
  const auto recorded = dir() / "env-connects.txt";
  auto p = proxy({"--record=" + recorded.string()});
  ASSERT_TRUE(p->ok()) << p->output();
  auto via_env = json(diagnose("client-good", {}, {{"HTTPS_PROXY", url(*p)}}));
  EXPECT_EQ(via_env["verdict"]["cause"], "ok") << via_env.dump();
  EXPECT_EQ(via_env["handshake"]["proxy"]["status"], 200) << via_env.dump();
  EXPECT_NE(read_file(recorded).find("CONNECT 127.0.0.1:"), std::string::npos);

  // A proxy nothing listens on: reached through it, the proxy is unreachable; bypassed, all is well.
  const std::string dead = "http://127.0.0.1:" + std::to_string(closed_port());
  auto unreachable = json(diagnose("client-good", {}, {{"https_proxy", dead}}));
  EXPECT_EQ(unreachable["verdict"]["cause"], "proxy-unreachable") << unreachable.dump();
  auto bypassed = json(diagnose("client-good", {}, {{"https_proxy", dead}, {"NO_PROXY", "example.org, 127.0.0.1"}}));
  EXPECT_EQ(bypassed["verdict"]["cause"], "ok") << bypassed.dump();
  EXPECT_FALSE(bypassed["handshake"].contains("proxy"));
  auto flag = json(diagnose("client-good", {"--noproxy", "*"}, {{"https_proxy", dead}}));
  EXPECT_EQ(flag["verdict"]["cause"], "ok") << flag.dump();
}

TEST_F(Proxy, RefusedProxyIsNamedNotTheTarget) {
  const std::uint16_t port = closed_port();
  auto r = diagnose("client-good", {"--proxy", "127.0.0.1:" + std::to_string(port)});
  auto j = json(r);
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_EQ(j["verdict"]["cause"], "proxy-unreachable") << r.describe();
  EXPECT_EQ(j["verdict"]["rejected_by"], "network");
  EXPECT_EQ(j["findings"][0]["evidence"]["proxy"], "127.0.0.1:" + std::to_string(port));
  auto text = diagnose_text("client-good", {"--proxy", "127.0.0.1:" + std::to_string(port)});
  EXPECT_NE(text.out.find("the proxy 127.0.0.1:" + std::to_string(port) + " cannot be reached"), std::string::npos)
      << text.describe();
  EXPECT_NE(text.out.find("Handshake with 127.0.0.1:" + std::to_string(s_server->port()) + " through the proxy"),
            std::string::npos)
      << text.describe();
}

TEST_F(Proxy, ProxyAnswersAreProxyVerdicts) {
  const std::vector<std::tuple<std::string, std::string, int>> cases = {{"--mode=403", "proxy-refused", 403},
                                                                        {"--mode=502", "proxy-refused", 502},
                                                                        {"--mode=garbage", "proxy-refused", 0}};
  for (const auto& [mode, cause, status] : cases) {
    SCOPED_TRACE(mode);
    auto p = proxy({mode});
    ASSERT_TRUE(p->ok()) << p->output();
    auto r = diagnose("client-good", {"--proxy", url(*p)});
    auto j = json(r);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(j["verdict"]["cause"], cause) << r.describe();
    EXPECT_EQ(j["verdict"]["rejected_by"], "network");
    EXPECT_EQ(j["handshake"]["proxy"]["status"], status) << r.describe();
    EXPECT_NE(j["verdict"]["summary"].get<std::string>().find("the proxy 127.0.0.1:" + std::to_string(p->port())),
              std::string::npos)
        << r.describe();
  }
}

TEST_F(Proxy, CredentialsAnswer407AndAreNeverShown) {
  ASSERT_TRUE(s_server->ok()) << s_server->output();
  auto p = proxy({"--auth=ops:pa@ss"});
  ASSERT_TRUE(p->ok()) << p->output();
  auto none = diagnose("client-good", {"--proxy", url(*p)});
  EXPECT_EQ(json(none)["verdict"]["cause"], "proxy-auth-required") << none.describe();
  const std::string with = "http://ops:pa%40ss@127.0.0.1:" + std::to_string(p->port());
  for (const bool text : {false, true}) {
    auto r = text ? diagnose_text("client-good", {"--proxy", with}) : diagnose("client-good", {"--proxy", with});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    for (const std::string secret : {"pa@ss", "pa%40ss", "b3BzOnBhQHNz"}) {  // the last: base64 of ops:pa@ss
      EXPECT_EQ(r.out.find(secret), std::string::npos) << text;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << text;
    }
  }
  auto wrong = diagnose("client-good", {"--proxy", "http://ops:nope@127.0.0.1:" + std::to_string(p->port())});
  EXPECT_EQ(json(wrong)["verdict"]["cause"], "proxy-auth-required") << wrong.describe();
  EXPECT_EQ(wrong.out.find("nope"), std::string::npos);
}

TEST_F(Proxy, UnsupportedProxyUrlsAreUsageErrorsWithoutTheCredentials) {
  for (const std::string bad : {"socks4://u:secret1@127.0.0.1:1080", "ftp://u:secret1@127.0.0.1:3128",
                                "http://u:secret1@127.0.0.1:notaport", "http://u:secret1@127.0.0.1:3128/path"}) {
    SCOPED_TRACE(bad);
    auto r = diagnose("client-good", {"--proxy", bad});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("--proxy"), std::string::npos) << r.describe();
    EXPECT_EQ(r.err.find("secret1"), std::string::npos) << r.describe();
    EXPECT_EQ(r.out.find("secret1"), std::string::npos) << r.describe();
  }
  auto env = diagnose("client-good", {}, {{"HTTPS_PROXY", "socks4://u:secret1@127.0.0.1:1080"}});
  EXPECT_EQ(env.exit_code, 2) << env.describe();
  EXPECT_NE(env.err.find("HTTPS_PROXY"), std::string::npos) << env.describe();
  EXPECT_EQ(env.err.find("secret1"), std::string::npos) << env.describe();
  auto all = diagnose("client-good", {}, {{"ALL_PROXY", "socks4://u:secret1@127.0.0.1:1080"}});
  EXPECT_EQ(all.exit_code, 2) << all.describe();
  EXPECT_NE(all.err.find("ALL_PROXY"), std::string::npos) << all.describe();
}

// Issue 15: SOCKS5 proxies (RFC 1928) through microsocks, a real SOCKS5 server: socks5:// sends
// the address looked up here, socks5h:// the name for the proxy to resolve; the tunnel is
// transparent to the verdict, and the proxy's refusals are its own verdicts.
class Socks : public Proxy {
 protected:
  static std::unique_ptr<ServerProcess> microsocks(const std::vector<std::string>& more = {}) {
    const std::uint16_t port = closed_port();
    std::vector<std::string> args{"-i", "127.0.0.1", "-p", std::to_string(port)};
    args.insert(args.end(), more.begin(), more.end());
    return std::make_unique<ServerProcess>("microsocks", args, dir(), port);
  }
  static std::string url(const std::string& scheme, const ServerProcess& p, const std::string& userinfo = "") {
    return scheme + "://" + userinfo + "127.0.0.1:" + std::to_string(p.port());
  }
  static std::string events(const nlohmann::json& j) {
    std::string all;
    for (const auto& e : j["handshake"].value("messages", nlohmann::json::array())) all += e.dump() + "\n";
    return all;
  }
};

TEST_F(Socks, TunnelIsTransparentToTheVerdict) {
  ASSERT_TRUE(s_server->ok()) << s_server->output();
  auto p = microsocks();
  ASSERT_TRUE(p->ok()) << p->output();
  for (const std::string scheme : {"socks5", "socks5h"}) {
    SCOPED_TRACE(scheme);
    auto good = diagnose("client-good", {"--proxy", url(scheme, *p)});
    auto j = json(good);
    EXPECT_EQ(j["verdict"]["cause"], "ok") << good.describe();
    EXPECT_EQ(j["handshake"]["proxy"]["scheme"], scheme);
    EXPECT_EQ(j["handshake"]["proxy"]["reason"], "succeeded") << good.describe();
    EXPECT_NE(events(j).find(scheme == "socks5" ? "the address looked up here" : "resolved by the proxy"),
              std::string::npos)
        << good.describe();
    auto expired = json(diagnose("client-expired", {"--proxy", url(scheme, *p)}));
    EXPECT_EQ(expired["verdict"]["cause"], "client-cert-expired") << expired.dump();
    EXPECT_EQ(expired["verdict"]["rejected_by"], "server");
  }
  // ALL_PROXY when no https_proxy is set, as curl reads it; HTTPS_PROXY wins over it.
  auto via_all = json(diagnose("client-good", {}, {{"ALL_PROXY", url("socks5h", *p)}}));
  EXPECT_EQ(via_all["verdict"]["cause"], "ok") << via_all.dump();
  EXPECT_EQ(via_all["handshake"]["proxy"]["scheme"], "socks5h") << via_all.dump();
  const std::string dead = "http://127.0.0.1:" + std::to_string(closed_port());
  auto both = json(diagnose("client-good", {}, {{"ALL_PROXY", url("socks5h", *p)}, {"HTTPS_PROXY", dead}}));
  EXPECT_EQ(both["verdict"]["cause"], "proxy-unreachable") << both.dump();
  auto bypassed = json(diagnose("client-good", {}, {{"all_proxy", dead}, {"no_proxy", "127.0.0.1"}}));
  EXPECT_EQ(bypassed["verdict"]["cause"], "ok") << bypassed.dump();
}

TEST_F(Socks, RefusalsAreTheProxysVerdicts) {
  auto p = microsocks();
  ASSERT_TRUE(p->ok()) << p->output();
  // The target's port is closed: the proxy answers REP 5, connection refused.
  const std::uint16_t closed = closed_port();
  auto r = run_program(
      kBinary, {"diagnose", "127.0.0.1:" + std::to_string(closed), "--format", "json", "--proxy", url("socks5", *p)},
      {.cwd = dir(), .timeout = std::chrono::seconds(30)});
  auto j = json(r);
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_EQ(j["verdict"]["cause"], "proxy-refused") << r.describe();
  EXPECT_EQ(j["verdict"]["rejected_by"], "network");
  EXPECT_EQ(j["handshake"]["proxy"]["status"], 5) << r.describe();
  EXPECT_NE(j["verdict"]["summary"].get<std::string>().find("connection refused"), std::string::npos) << r.describe();
  // socks5:// looks the target's name up here: a name that does not resolve is the target's DNS failure.
  auto dns = run_program(
      kBinary,
      {"diagnose", "no-such-host.invalid:443", "--format", "json", "--timeout", "5", "--proxy", url("socks5", *p)},
      {.cwd = dir(), .timeout = std::chrono::seconds(30)});
  EXPECT_EQ(json(dns)["verdict"]["cause"], "dns-failure") << dns.describe();
  // Not a SOCKS5 server: a plain HTTP server answers the SOCKS greeting with 400.
  HostileServer http(Hostility::PlainHttp);
  auto wrong = json(diagnose("client-good", {"--proxy", "socks5://127.0.0.1:" + std::to_string(http.port())}));
  EXPECT_EQ(wrong["verdict"]["cause"], "proxy-refused") << wrong.dump();
  EXPECT_EQ(wrong["findings"][0]["evidence"]["error"], "proxy-not-socks") << wrong.dump();
}

TEST_F(Socks, PasswordsAreRfc1929AndNeverShown) {
  ASSERT_TRUE(s_server->ok()) << s_server->output();
  auto p = microsocks({"-u", "ops", "-P", "pa@ss"});
  ASSERT_TRUE(p->ok()) << p->output();
  auto none = json(diagnose("client-good", {"--proxy", url("socks5h", *p)}));
  EXPECT_EQ(none["verdict"]["cause"], "proxy-auth-required") << none.dump();
  for (const bool text : {false, true}) {
    const std::vector<std::string> args{"--proxy", url("socks5h", *p, "ops:pa%40ss@")};
    auto r = text ? diagnose_text("client-good", args) : diagnose("client-good", args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    for (const std::string secret : {"pa@ss", "pa%40ss"}) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << text;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << text;
    }
  }
  auto wrong = diagnose("client-good", {"--proxy", url("socks5h", *p, "ops:nope@")});
  EXPECT_EQ(json(wrong)["verdict"]["cause"], "proxy-auth-required") << wrong.describe();
  EXPECT_EQ(wrong.out.find("nope"), std::string::npos);
}

// Issue 15: an https:// proxy — TLS with the proxy (its certificate verified), CONNECT inside it,
// and the target's TLS inside that tunnel.
TEST_F(Proxy, HttpsProxyTunnelsTlsInsideTls) {
  ASSERT_TRUE(s_server->ok()) << s_server->output();
  const auto recorded = dir() / "https-connects.txt";
  auto p = proxy({"--tls=server-fullchain.pem,server-good.key", "--record=" + recorded.string(), "--auth=ops:pw"});
  ASSERT_TRUE(p->ok()) << p->output();
  const std::string with = "https://ops:pw@127.0.0.1:" + std::to_string(p->port());
  auto good = diagnose("client-good", {"--proxy", with, "--proxy-cacert", "server-ca.pem"});
  auto j = json(good);
  EXPECT_EQ(j["verdict"]["cause"], "ok") << good.describe();
  EXPECT_EQ(j["handshake"]["proxy"]["scheme"], "https");
  EXPECT_EQ(j["handshake"]["proxy"]["status"], 200);
  EXPECT_NE(read_file(recorded).find("CONNECT 127.0.0.1:"), std::string::npos);
  auto expired = json(diagnose("client-expired", {"--proxy", with, "--proxy-cacert", "server-ca.pem"}));
  EXPECT_EQ(expired["verdict"]["cause"], "client-cert-expired") << expired.dump();
  auto no_auth = json(diagnose(
      "client-good", {"--proxy", "https://127.0.0.1:" + std::to_string(p->port()), "--proxy-cacert", "server-ca.pem"}));
  EXPECT_EQ(no_auth["verdict"]["cause"], "proxy-auth-required") << no_auth.dump();
  // The proxy's certificate is checked: issued by a CA the client does not hold, it is refused.
  auto untrusted = diagnose("client-good", {"--proxy", with, "--proxy-cacert", "client-ca.pem"});
  auto u = json(untrusted);
  EXPECT_EQ(u["verdict"]["cause"], "proxy-refused") << untrusted.describe();
  EXPECT_EQ(u["verdict"]["rejected_by"], "network");
  EXPECT_EQ(u["findings"][0]["evidence"]["error"], "proxy-tls-failed") << untrusted.describe();
  EXPECT_NE(u["verdict"]["summary"].get<std::string>().find("the proxy's certificate is not trusted"),
            std::string::npos)
      << untrusted.describe();
  EXPECT_EQ(untrusted.out.find("pw@"), std::string::npos);
  // An https:// proxy that answers in plain HTTP: the TLS with it fails, named.
  HostileServer plain(Hostility::PlainHttp);
  auto not_tls = json(diagnose("client-good", {"--proxy", "https://127.0.0.1:" + std::to_string(plain.port()),
                                               "--proxy-cacert", "server-ca.pem"}));
  EXPECT_EQ(not_tls["verdict"]["cause"], "proxy-refused") << not_tls.dump();
  EXPECT_EQ(not_tls["findings"][0]["evidence"]["error"], "proxy-tls-failed") << not_tls.dump();
}

}  // namespace
}  // namespace proxy_test
}  // namespace mtlsdoctor::testsupport
