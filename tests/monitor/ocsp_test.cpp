// OCSP: certificates made by the openssl CLI name a responder on loopback; the responder's
// answers are made by `openssl ocsp` itself (-reqin/-respout on the index of the CA that revoked
// one of them). Good stays ok, revoked is critical, a responder that fails is a warning.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "mtlsdoctor/monitor/sweep.h"
#include "pki.h"
#include "receiver.h"

namespace mtlsdoctor::monitor {
namespace {

using core::FindingId;
using test::find;

TEST(MonitorOcsp, TheResponderOfTheCertificateIsAsked) {
  testsupport::TempDir dir("mtlsd-monitor-ocsp");
  std::atomic<bool> broken{false};
  test::Receiver responder([&](const std::string&, const std::string& request) -> std::pair<int, std::string> {
    if (broken) return {500, {}};
    testsupport::write_file(dir / "req.der", request);
    const auto r = testsupport::run_program(
        "openssl", {"ocsp", "-index", (dir / "work/index.txt").string(), "-rsigner", (dir / "ca.pem").string(), "-rkey",
                    (dir / "work/ca.key").string(), "-CA", (dir / "ca.pem").string(), "-reqin",
                    (dir / "req.der").string(), "-respout", (dir / "resp.der").string()});
    if (r.exit_code != 0) return {500, {}};
    return {200, testsupport::read_file(dir / "resp.der")};
  });
  const auto url = fmt::format("http://127.0.0.1:{}/", responder.port());
  const auto made = testsupport::run_program(
      "bash", {std::string(MTLSD_SOURCE_DIR) + "/tests/fixtures/cdp_pki.sh", dir.path().string(), "-", url});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const auto at = [&](std::string_view n) { return (dir / n).string(); };
  auto config =
      parse_config(fmt::format("version: 1\nfiles:\n  - path: {}\n    cacert: {}\n  - path: {}\n    cacert: {}\n",
                               at("client-good.crt"), at("ca.pem"), at("client-revoked.crt"), at("ca.pem")),
                   "monitor.yaml", "/");
  ASSERT_TRUE(config) << config.error().describe();
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  const auto r = sweep(*config, SweepOptions{now});
  const auto& good = find(r, at("client-good.crt"));
  EXPECT_EQ(good.state, State::Ok) << good.reason;
  const auto& revoked = find(r, at("client-revoked.crt"));
  EXPECT_EQ(revoked.state, State::Critical) << revoked.reason;
  EXPECT_EQ(revoked.cause, FindingId::ClientCertRevoked);
  EXPECT_NE(revoked.reason.find("OCSP responder"), std::string::npos) << revoked.reason;
  EXPECT_EQ(responder.heads().size(), 2u);  // one question per certificate
  EXPECT_NE(responder.heads().front().find("Content-Type: application/ocsp-request"), std::string::npos);

  broken = true;
  const auto failing = sweep(*config, SweepOptions{now});
  const auto& unknown = find(failing, at("client-good.crt"));
  EXPECT_EQ(unknown.state, State::Warning);
  EXPECT_EQ(unknown.cause, FindingId::RevocationUnknown);
  EXPECT_NE(unknown.reason.find(url), std::string::npos) << unknown.reason;
}

}  // namespace
}  // namespace mtlsdoctor::monitor
