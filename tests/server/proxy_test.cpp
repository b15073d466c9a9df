// serve in front of an upstream: allowed clients reach it (TCP relay, or HTTP with the verified
// certificate in X-Forwarded-Client-Cert and the client's own XFCC removed); refused clients
// never do; an upstream that is down is a 502 naming it.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "diagnose/peers.h"
#include "mtlsdoctor/x509/loader.h"
#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

std::string sha256_hex(const std::string& file) {
  auto bundle = x509::load_file(file, x509::no_password());
  EXPECT_TRUE(bundle.has_value());
  std::string hex;
  for (char c : bundle->certificates.at(0).facts().sha256_fingerprint) {
    if (c != ':') hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return hex;
}

std::vector<std::string> header_values(const nlohmann::json& echo, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& h : echo["headers"]) {
    if (strcasecmp(h[0].get<std::string>().c_str(), std::string(name).c_str()) == 0) out.push_back(h[1]);
  }
  return out;
}

class ServeProxy : public ::testing::Test {
 protected:
  void SetUp() override {
    m_port = free_port();
    m_upstream = std::make_unique<testsupport::ServerProcess>(
        "python3",
        std::vector<std::string>{MTLSD_SOURCE_DIR "/tests/server/echo_upstream.py", std::to_string(m_port),
                                 (m_dir / "requests.log").string()},
        m_dir.path(), m_port);
    ASSERT_TRUE(m_upstream->ok()) << m_upstream->output();
  }
  [[nodiscard]] std::string requests() const {
    return std::filesystem::exists(m_dir / "requests.log") ? testsupport::read_file(m_dir / "requests.log") : "";
  }
  testsupport::TempDir m_dir;
  std::uint16_t m_port = 0;
  std::unique_ptr<testsupport::ServerProcess> m_upstream;
};

TEST_F(ServeProxy, HttpUpstreamGetsTheVerifiedCertificateInXfccAndNeverTheClientsOwn) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.upstream_http = fmt::format("http://127.0.0.1:{}", m_port);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  for (const std::string version : {"1.2", "1.3"}) {
    const auto r = testsupport::run_program(
        "curl", {"-sS", "--max-time", "10", "--cacert", lab.file("server-ca.pem"), "--tlsv" + version, "--tls-max",
                 version, "--cert", lab.full_chain("client-good"), "--key", lab.file("client-good.key"), "-H",
                 "X-Forwarded-Client-Cert: Hash=forged;Subject=\"CN=admin\"", "--data", "hello upstream",
                 fmt::format("https://localhost:{}/allowed", serve.port())});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const auto echo = nlohmann::json::parse(r.out);
    EXPECT_EQ(echo["path"], "/allowed");
    EXPECT_EQ(echo["body"], "hello upstream");
    const auto xfcc = header_values(echo, "X-Forwarded-Client-Cert");
    ASSERT_EQ(xfcc.size(), 1u) << echo.dump(2);
    EXPECT_TRUE(
        xfcc[0].starts_with("Hash=" + sha256_hex(lab.file("client-good.crt")) + ";Cert=\"-----BEGIN%20CERTIFICATE"))
        << xfcc[0];
    EXPECT_NE(xfcc[0].find(";Subject=\"CN=client-good,OU=payments,O=mtls-doctor lab\""), std::string::npos) << xfcc[0];
    EXPECT_EQ(xfcc[0].find("forged"), std::string::npos);
  }
  // Refused clients never reach the upstream.
  const auto denied = curl(lab, serve.port(), "client-wrong-ou", "1.3");
  EXPECT_EQ(denied.alert, 49) << denied.output;
  EXPECT_EQ(requests(), "/allowed\n/allowed\n");
}

TEST_F(ServeProxy, TcpUpstreamRelaysTheBytesBothWays) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.upstream = fmt::format("127.0.0.1:{}", m_port);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  const auto ok = curl(lab, serve.port(), "client-good", "1.2");
  EXPECT_EQ(ok.http_status, 200) << ok.output;
  const auto echo = nlohmann::json::parse(ok.body);
  EXPECT_EQ(echo["path"], "/");
  EXPECT_TRUE(header_values(echo, "X-Forwarded-Client-Cert").empty());  // a TCP relay adds nothing
  const auto expired = curl(lab, serve.port(), "client-expired", "1.3");
  EXPECT_EQ(expired.alert, 45) << expired.output;
  EXPECT_EQ(requests(), "/\n");
}

TEST(ServeProxyDown, AnUpstreamThatIsDownIsA502NamingIt) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  const auto port = free_port();  // nobody listens there
  options.upstream_http = fmt::format("http://127.0.0.1:{}", port);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  const auto r = curl(lab, serve.port(), "client-good", "1.3");
  EXPECT_EQ(r.http_status, 502) << r.output;
  EXPECT_NE(r.body.find(fmt::format("127.0.0.1:{}", port)), std::string::npos) << r.body;
}

}  // namespace
}  // namespace mtlsdoctor::server::test
