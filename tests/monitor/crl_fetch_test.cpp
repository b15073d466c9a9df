// CRL distribution points: certificates made by the openssl CLI name http://127.0.0.1:PORT/root.crl;
// with a web server on that port the revoked one is critical and the good one ok, with no
// `crl:` configured; with nothing listening, revocation is not checkable (a warning naming the URL).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "diagnose/peers.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "pki.h"

namespace mtlsdoctor::monitor {
namespace {

using core::FindingId;
using test::find;
namespace fs = std::filesystem;

// tests/fixtures/cdp_pki.sh in `dir`, naming http://127.0.0.1:PORT/root.crl: that URL ("" on failure).
std::string make_cdp_pki(const testsupport::TempDir& dir, std::uint16_t port) {
  const auto url = fmt::format("http://127.0.0.1:{}/root.crl", port);
  const auto made = testsupport::run_program(
      "bash", {std::string(MTLSD_SOURCE_DIR) + "/tests/fixtures/cdp_pki.sh", dir.path().string(), url});
  EXPECT_EQ(made.exit_code, 0) << made.describe();
  return made.exit_code == 0 ? url : std::string();
}

TEST(MonitorCrlFetch, DistributionPointsAreFetchedOncePerSweep) {
  testsupport::TempDir dir("mtlsd-monitor-cdp");
  const auto port = testsupport::closed_port();
  const auto url = make_cdp_pki(dir, port);
  ASSERT_FALSE(url.empty());
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

// The CRL of a distribution point verifies with the certificate's issuer, never with the
// certificate itself: without `cacert` and without the issuer among the entry's files, a leaf is
// not "unfit to sign CRLs" nor revoked by a CRL nobody verified; its revocation was not checked,
// and the item says why. With the issuer anywhere in the entry (another file of the glob), the
// CRL verifies, and the revoked leaf is critical.
TEST(MonitorCrlFetch, ACrlIsVerifiedWithTheIssuerFromTheEntryNeverWithTheLeaf) {
  testsupport::TempDir dir("mtlsd-monitor-cdp-issuer");
  const auto port = testsupport::closed_port();
  const auto url = make_cdp_pki(dir, port);
  ASSERT_FALSE(url.empty());
  const auto at = [&](std::string_view n) { return (dir / n).string(); };
  fs::create_directories(dir / "entry");
  for (std::string n : {"ca.pem", "client-good.crt", "client-revoked.crt"}) fs::copy_file(dir / n, dir / "entry" / n);
  testsupport::ServerProcess web("python3", {"-m", "http.server", std::to_string(port), "--bind", "127.0.0.1"},
                                 dir / "www", port);
  ASSERT_TRUE(web.ok()) << web.output();
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  // Leaves alone, no cacert: nothing to verify the CRL with.
  const std::string alone =
      fmt::format("version: 1\nfiles:\n  - path: {}\n  - path: {}\n", at("client-good.crt"), at("client-revoked.crt"));
  auto config = parse_config(alone, "monitor.yaml", "/");
  ASSERT_TRUE(config) << config.error().describe();
  const auto orphans = sweep(*config, SweepOptions{now});
  for (const auto* name : {"client-good.crt", "client-revoked.crt"}) {
    const auto& item = find(orphans, at(name));
    EXPECT_EQ(item.state, State::Ok) << name << ": " << item.reason;
    for (const auto& f : item.findings) {
      EXPECT_NE(f.id, FindingId::ClientChainInvalid) << name << ": " << f.message;
      EXPECT_NE(f.id, FindingId::ClientCertRevoked) << name << ": " << f.message;
    }
    const auto it = std::find_if(item.findings.begin(), item.findings.end(),
                                 [](const core::Finding& f) { return f.id == FindingId::RevocationUnknown; });
    ASSERT_NE(it, item.findings.end()) << name;
    EXPECT_EQ(it->severity, core::Severity::Info) << "not asked for (no cacert, no crl), as trust is not";
    EXPECT_EQ(it->evidence["crl_url"], url);
    EXPECT_EQ(it->evidence["missing_issuer"], "CN=CDP Root");
  }

  // The same with crl: given: now asked for, so a warning; still never judged with the leaf.
  const std::string with_crl =
      fmt::format("version: 1\nfiles:\n  - path: {}\n    crl: [{}]\n", at("client-revoked.crt"), at("www/root.crl"));
  config = parse_config(with_crl, "monitor.yaml", "/");
  ASSERT_TRUE(config) << config.error().describe();
  const auto asked = sweep(*config, SweepOptions{now});
  const auto& revoked_alone = find(asked, at("client-revoked.crt"));
  EXPECT_EQ(revoked_alone.state, State::Warning) << revoked_alone.reason;
  EXPECT_EQ(revoked_alone.cause, FindingId::RevocationUnknown) << revoked_alone.reason;

  // The issuer in another file of the same entry (a glob): the CRL verifies.
  config = parse_config(fmt::format("version: 1\nfiles:\n  - path: {}/*\n", at("entry")), "monitor.yaml", "/");
  ASSERT_TRUE(config) << config.error().describe();
  const auto together = sweep(*config, SweepOptions{now});
  const auto& good = find(together, at("entry/client-good.crt"));
  EXPECT_EQ(good.state, State::Ok) << good.reason;
  EXPECT_FALSE(std::any_of(good.findings.begin(), good.findings.end(), [](const core::Finding& f) {
    return f.id == FindingId::RevocationUnknown || f.id == FindingId::ClientChainInvalid;
  })) << good.reason;
  const auto& revoked = find(together, at("entry/client-revoked.crt"));
  EXPECT_EQ(revoked.state, State::Critical) << revoked.reason;
  EXPECT_EQ(revoked.cause, FindingId::ClientCertRevoked);
}

}  // namespace
}  // namespace mtlsdoctor::monitor
