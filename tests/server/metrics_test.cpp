// --metrics-listen: what serve decided, by cause and by rule, the client certificates it saw
// with their expiry, handshake failures and reloads, scraped over HTTP as Prometheus does.
#include "mtlsdoctor/server/metrics.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

std::string scrape(std::uint16_t port, const std::string& path = "/metrics") {
  const auto r =
      testsupport::run_program("curl", {"-sS", "--max-time", "10", fmt::format("http://127.0.0.1:{}{}", port, path)});
  return r.out;
}

TEST(ServeMetrics, CountsDecisionsByCauseAndRuleAndListsTheClientCertificates) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.metrics_address = "127.0.0.1";
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  ASSERT_NE(serve.server().metrics_port(), 0);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(curl(lab, serve.port(), "client-good", "1.3").http_status, 200);
  EXPECT_EQ(curl(lab, serve.port(), "client-wrong-ou", "1.3").alert, 49);
  EXPECT_EQ(curl(lab, serve.port(), "client-expired", "1.2").alert, 45);
  serve.server().reload();

  const std::string m = scrape(serve.server().metrics_port());
  EXPECT_NE(m.find("mtls_doctor_serve_connections_total{decision=\"allow\",cause=\"ok\"} 2\n"), std::string::npos) << m;
  EXPECT_NE(m.find("mtls_doctor_serve_connections_total{decision=\"deny\",cause=\"client-access-denied\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("mtls_doctor_serve_connections_total{decision=\"deny\",cause=\"client-cert-expired\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("mtls_doctor_serve_policy_decisions_total{rule=\"payments\",decision=\"allow\"} 2\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("mtls_doctor_serve_policy_decisions_total{rule=\"(default)\",decision=\"deny\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("mtls_doctor_serve_reloads_total{result=\"ok\"} 1\n"), std::string::npos) << m;
  // The expired certificate is a series too: the server is where its expiry shows.
  EXPECT_NE(m.find("mtls_doctor_serve_client_certificate_not_after_seconds{subject=\"CN=client-expired,"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("mtls_doctor_serve_client_certificate_not_after_seconds{subject=\"CN=client-good,"),
            std::string::npos)
      << m;
  EXPECT_NE(scrape(serve.server().metrics_port(), "/other").find("GET /metrics"), std::string::npos);
}

TEST(ServeMetrics, LabelValuesAreEscaped) {
  EXPECT_EQ(prometheus_label("CN=a\"b\\c\nd"), "CN=a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace mtlsdoctor::server::test
