// CRL distribution points: certificates made by the openssl CLI name http://127.0.0.1:PORT/root.crl;
// with a web server on that port the revoked one is critical and the good one ok, with no
// `crl:` configured; with nothing listening, revocation is not checkable (a warning naming the URL).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "diagnose/peers.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "pki.h"

namespace mtlsdoctor::monitor {
namespace {

using core::FindingId;
using test::find;

TEST(MonitorCrlFetch, DistributionPointsAreFetchedOncePerSweep) {
  testsupport::TempDir dir("mtlsd-monitor-cdp");
  const auto port = testsupport::closed_port();
  const auto url = fmt::format("http://127.0.0.1:{}/root.crl", port);
  const auto made = testsupport::run_program(
      "bash", {std::string(MTLSD_SOURCE_DIR) + "/tests/fixtures/cdp_pki.sh", dir.path().string(), url});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const auto at = [&](std::string_view n) { return (dir / n).string(); };
  const std::string yaml =
      fmt::format("version: 1\nfiles:\n  - path: {}\n    cacert: {}\n  - path: {}\n    cacert: {}\n",
                  at("client-good.crt"), at("ca.pem"), at("client-revoked.crt"), at("ca.pem"));
  auto config = parse_config(yaml, "monitor.yaml", "/");
  ASSERT_TRUE(config) << config.error().describe();
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  // Nothing listens yet: not checkable, a warning that names the URL.
  const auto offline = sweep(*config, SweepOptions{now});
  const auto& unreachable = find(offline, at("client-good.crt"));
  EXPECT_EQ(unreachable.state, State::Warning);
  EXPECT_EQ(unreachable.cause, FindingId::RevocationUnknown);
  EXPECT_NE(unreachable.reason.find(url), std::string::npos) << unreachable.reason;

  testsupport::ServerProcess web("python3", {"-m", "http.server", std::to_string(port), "--bind", "127.0.0.1"},
                                 dir / "www", port);
  ASSERT_TRUE(web.ok()) << web.output();
  const auto online = sweep(*config, SweepOptions{now});
  const auto& good = find(online, at("client-good.crt"));
  EXPECT_EQ(good.state, State::Ok) << good.reason;
  const auto& revoked = find(online, at("client-revoked.crt"));
  EXPECT_EQ(revoked.state, State::Critical) << revoked.reason;
  EXPECT_EQ(revoked.cause, FindingId::ClientCertRevoked);
}

}  // namespace
}  // namespace mtlsdoctor::monitor
