// monitor serve's HTTP side in process (exporter::Exporter on port 0, asked with curl): /metrics
// holds every certificate (an endpoint's server chain included) and an expired or rejected one
// as a sample with its cause; /api/status is the monitor run JSON; / lists the items worst first
// with everything escaped and a sparkline of the history; /probe is allow-listed, answers
// blackbox's names and refuses what it must. Endpoints are openssl s_server on loopback.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "diagnose/peers.h"
#include "mtlsdoctor/exporter/exporter.h"
#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/probe.h"
#include "pki.h"
#include "running_exporter.h"

namespace mtlsdoctor::monitor {
namespace {

using testsupport::ServerProcess;

struct Http {
  int status = 0;
  std::string body;
};

Http get(std::uint16_t port, const std::string& path, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"-sS", "--max-time", "60", "-w", "\n%{http_code}"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(fmt::format("http://127.0.0.1:{}{}", port, path));
  const auto r = testsupport::run_program("curl", args, {.timeout = std::chrono::seconds(90)});
  Http h;
  const auto nl = r.out.rfind('\n');
  if (nl == std::string::npos) return h;
  h.body = r.out.substr(0, nl);
  h.status = std::atoi(r.out.c_str() + nl + 1);
  return h;
}

std::vector<std::string> s_server(bool require) {
  std::vector<std::string> a{
      "s_server",        "-accept",     "127.0.0.1:0",           "-cert", "server-good.crt", "-key",
      "server-good.key", "-cert_chain", "server-good-chain.pem", "-www",  "-naccept",        "1000"};
  if (require) a.insert(a.end(), {"-Verify", "3", "-verify_return_error", "-CAfile", "client-ca.pem"});
  return a;
}

class MonitorServe : public ::testing::Test {
 protected:
  std::string at(std::string_view n) const { return (test::pki("lab").dir / n).string(); }

  std::string yaml(std::uint16_t mtls, std::uint16_t plain, std::string_view extra = "") const {
    return fmt::format(
        "version: 1\ninterval: 1s\ndatabase: history.db\n"
        "files:\n  - path: {}\n  - path: {}\n  - path: '{}'\n"
        "identities:\n  - name: id-good\n    cert: {}\n    key: {}\n    chain: {}\n"
        "  - name: id-expired\n    cert: {}\n    key: {}\n    chain: {}\n"
        "endpoints:\n"
        "  - name: good\n    target: 127.0.0.1:{}\n    identity: id-good\n    cacert: {}\n    expect_mtls: true\n"
        "  - name: rejected\n    target: 127.0.0.1:{}\n    identity: id-expired\n    cacert: {}\n"
        "  - name: plain\n    target: 127.0.0.1:{}\n    identity: id-good\n    cacert: {}\n    expect_mtls: true\n"
        "probe:\n  allow: [\"localhost:*\"]\n  identity: id-good\n  cacert: {}\n{}",
        at("client-good-full.pem"), at("client-expired-full.pem"), (m_dir / "evil<b>\"x\".crt").string(),
        at("client-good.crt"), at("client-good.key"), at("client-good-chain.pem"), at("client-expired.crt"),
        at("client-expired.key"), at("client-expired-chain.pem"), mtls, at("server-ca.pem"), mtls, at("server-ca.pem"),
        plain, at("server-ca.pem"), at("server-ca.pem"), extra);
  }
  void SetUp() override {
    std::filesystem::copy_file(test::pki("lab").dir / "server-good.crt", m_dir / "evil<b>\"x\".crt");
  }

  testsupport::TempDir m_dir{"mtlsd-monitor-serve"};
};

bool has_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST_F(MonitorServe, MetricsHoldEveryCertificateStateAndVerdictWithItsCause) {
  const auto dir = test::pki("lab").dir;
  ServerProcess mtls("openssl", s_server(true), dir);
  ServerProcess plain("openssl", s_server(false), dir);
  ASSERT_TRUE(mtls.ok() && plain.ok()) << mtls.output() << plain.output();
  Running serve(yaml(mtls.port(), plain.port()), m_dir.path());
  ASSERT_TRUE(serve.ok());
  ASSERT_TRUE(serve.wait_sweeps(1));
  const auto m = get(serve.port(), "/metrics");
  ASSERT_EQ(m.status, 200) << m.body;
  const std::string expired = at("client-expired-full.pem#1");
  // The expired certificate is a sample, with its cause.
  EXPECT_NE(m.body.find(fmt::format("mtls_doctor_certificate_not_after_seconds{{kind=\"file\",name=\"{}\"", expired)),
            std::string::npos)
      << m.body;
  EXPECT_TRUE(has_line(m.body, fmt::format("mtls_doctor_item_state{{kind=\"file\",name=\"{}\"}} 2", expired)));
  EXPECT_TRUE(has_line(m.body, fmt::format("mtls_doctor_item_cause{{kind=\"file\",name=\"{}\",state=\"critical\","
                                           "cause=\"client-cert-expired\"}} 1",
                                           expired)));
  EXPECT_TRUE(has_line(m.body, "mtls_doctor_item_state{kind=\"identity\",name=\"id-expired\"} 2"));
  // Endpoints: accepted, rejected by the server (a sample with its cause), mTLS not requested.
  EXPECT_TRUE(has_line(m.body, fmt::format("mtls_doctor_endpoint_verdict{{name=\"good\",target=\"127.0.0.1:{}\","
                                           "cause=\"ok\",rejected_by=\"none\"}} 1",
                                           mtls.port())))
      << m.body;
  EXPECT_TRUE(has_line(m.body, fmt::format("mtls_doctor_endpoint_verdict{{name=\"rejected\",target=\"127.0.0.1:{}\","
                                           "cause=\"client-cert-expired\",rejected_by=\"server\"}} 1",
                                           mtls.port())))
      << m.body;
  EXPECT_TRUE(
      has_line(m.body, "mtls_doctor_item_finding{kind=\"endpoint\",name=\"plain\",finding=\"mtls-not-requested\"} 1"));
  EXPECT_TRUE(has_line(m.body, "mtls_doctor_item_state{kind=\"endpoint\",name=\"plain\"} 1"));
  // The server's chain: leaf and intermediate, each a series of the endpoint.
  const std::regex chain_cert(
      R"re(mtls_doctor_certificate_not_after_seconds\{kind="endpoint",name="good",[^}]*role="(server|ca)"\} \d+)re");
  int chain = 0;
  for (std::sregex_iterator i(m.body.begin(), m.body.end(), chain_cert), end; i != end; ++i) ++chain;
  EXPECT_EQ(chain, 2) << m.body;
  // A label value from a file name is escaped.
  EXPECT_NE(m.body.find("evil<b>\\\"x\\\".crt"), std::string::npos);
  EXPECT_TRUE(has_line(m.body, "mtls_doctor_sweep_errors_total{stage=\"history\"} 0"));
  EXPECT_NE(m.body.find("mtls_doctor_last_sweep_timestamp_seconds 1"), std::string::npos);

  // /api/status is `monitor run --format json` of the same sweep.
  const auto api = get(serve.port(), "/api/status");
  ASSERT_EQ(api.status, 200);
  const auto j = nlohmann::json::parse(api.body);
  std::map<std::string, std::string> states;
  for (const auto& item : j["items"]) states[item["name"]] = item["state"];
  EXPECT_EQ(states["good"], "ok");
  EXPECT_EQ(states["rejected"], "critical");
  EXPECT_EQ(states[expired], "critical");
  EXPECT_EQ(j["summary"]["critical"].get<int>() + j["summary"]["ok"].get<int>() + j["summary"]["warning"].get<int>() +
                j["summary"]["unknown"].get<int>(),
            static_cast<int>(j["items"].size()));

  EXPECT_EQ(get(serve.port(), "/nothing").status, 404);
  EXPECT_EQ(get(serve.port(), "/metrics", {"-X", "POST"}).status, 405);
}

TEST_F(MonitorServe, StatusPageIsWorstFirstEscapedWithSparklines) {
  const auto dir = test::pki("lab").dir;
  ServerProcess mtls("openssl", s_server(true), dir);
  ServerProcess plain("openssl", s_server(false), dir);
  ASSERT_TRUE(mtls.ok() && plain.ok());
  Running serve(yaml(mtls.port(), plain.port()), m_dir.path());
  ASSERT_TRUE(serve.ok());
  ASSERT_TRUE(serve.wait_sweeps(3));  // history for the sparklines
  const auto page = get(serve.port(), "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_EQ(page.body.find("evil<b>"), std::string::npos) << "an unescaped file name";
  EXPECT_NE(page.body.find("evil&lt;b&gt;&quot;x&quot;.crt"), std::string::npos);
  // data-state in document order: never better before worse.
  const std::regex state(R"re(<article class="item" data-state="(\w+)")re");
  std::vector<int> order;
  for (std::sregex_iterator i(page.body.begin(), page.body.end(), state), end; i != end; ++i)
    order.push_back(badness(*state_from_string((*i)[1].str())));
  ASSERT_TRUE(serve.exporter().status().last);
  ASSERT_EQ(order.size(), serve.exporter().status().last->items.size()) << page.body;
  EXPECT_TRUE(std::is_sorted(order.rbegin(), order.rend())) << page.body;
  EXPECT_EQ(order.front(), badness(State::Critical));
  // A sparkline per item with one bar per recorded sweep (at least the three waited for).
  std::size_t spark = 0;
  for (std::size_t p = page.body.find("<svg class=\"spark\""); p != std::string::npos;
       p = page.body.find("<svg class=\"spark\"", p + 1))
    ++spark;
  EXPECT_EQ(spark, order.size());
  EXPECT_NE(page.body.find("sweeps recorded"), std::string::npos);
  EXPECT_NE(page.body.find("client-cert-expired"), std::string::npos);
  EXPECT_NE(page.body.find("Fix: "), std::string::npos);
  // History: every sweep of every item recorded, as monitor run records it.
  auto h = History::open(m_dir / "history.db");
  ASSERT_TRUE(h);
  HistoryQuery q;
  q.item = "good";
  auto rows = h->rows(q);
  ASSERT_TRUE(rows);
  EXPECT_GE(rows->size(), 3u);
}

TEST_F(MonitorServe, ProbeIsAllowListedAndAnswersBlackboxNames) {
  const auto dir = test::pki("lab").dir;
  ServerProcess mtls("openssl", s_server(true), dir);
  ServerProcess plain("openssl", s_server(false), dir);
  ASSERT_TRUE(mtls.ok() && plain.ok());
  Running serve(yaml(mtls.port(), plain.port()), m_dir.path());
  ASSERT_TRUE(serve.ok());
  // Allowed by probe.allow ("localhost:*"), with the probe: defaults.
  auto ok = get(serve.port(), fmt::format("/probe?target=localhost:{}&servername=localhost", mtls.port()));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(has_line(ok.body, "probe_success 1")) << ok.body;
  EXPECT_TRUE(has_line(ok.body, "probe_mtls_verdict{cause=\"ok\",rejected_by=\"none\"} 1")) << ok.body;
  EXPECT_NE(ok.body.find("probe_ssl_earliest_cert_expiry 1"), std::string::npos);
  EXPECT_NE(ok.body.find("probe_client_certificate_not_after_seconds 1"), std::string::npos);
  // Another identity, named in the request: the server rejects it, with its cause.
  auto bad = get(serve.port(),
                 fmt::format("/probe?target=localhost%3A{}&identity=id-expired&servername=localhost", mtls.port()));
  ASSERT_EQ(bad.status, 200) << bad.body;
  EXPECT_TRUE(has_line(bad.body, "probe_success 0")) << bad.body;
  EXPECT_TRUE(has_line(bad.body, "probe_mtls_verdict{cause=\"client-cert-expired\",rejected_by=\"server\"} 1"))
      << bad.body;
  // An endpoint of the configuration is probed with its own settings, allow-list or not.
  auto endpoint = get(serve.port(), fmt::format("/probe?target=127.0.0.1:{}", mtls.port()));
  EXPECT_TRUE(has_line(endpoint.body, "probe_success 1")) << endpoint.body;
  // Refused: not allowed (403: no SSRF), no target, an unknown identity, a broken query.
  EXPECT_EQ(get(serve.port(), fmt::format("/probe?target=127.0.0.2:{}", mtls.port())).status, 403);
  EXPECT_EQ(get(serve.port(), "/probe?target=169.254.169.254:80").status, 403);
  EXPECT_EQ(get(serve.port(), "/probe").status, 400);
  EXPECT_EQ(get(serve.port(), fmt::format("/probe?target=localhost:{}&identity=nobody", mtls.port())).status, 400);
  EXPECT_EQ(get(serve.port(), "/probe?target=%zz").status, 400);
}

TEST(ProbeAllow, PatternsMatchHostAndPort) {
  const std::vector<std::string> allow{"127.0.0.1:*", "*.example.com:443", "[::1]:8443", "db.internal:5432"};
  EXPECT_TRUE(probe_allowed(allow, "127.0.0.1", 1));
  EXPECT_TRUE(probe_allowed(allow, "api.example.com", 443));
  EXPECT_TRUE(probe_allowed(allow, "API.Example.COM", 443));
  EXPECT_FALSE(probe_allowed(allow, "example.com", 443));
  EXPECT_FALSE(probe_allowed(allow, "api.example.com", 444));
  EXPECT_FALSE(probe_allowed(allow, "evilexample.com", 443));
  EXPECT_TRUE(probe_allowed(allow, "::1", 8443));
  EXPECT_FALSE(probe_allowed(allow, "::1", 443));
  EXPECT_TRUE(probe_allowed(allow, "db.internal", 5432));
  EXPECT_FALSE(probe_allowed(allow, "127.0.0.2", 1));
  EXPECT_FALSE(probe_allowed({}, "127.0.0.1", 1));
}

}  // namespace
}  // namespace mtlsdoctor::monitor
