// Endpoints on loopback (openssl s_server on port 0, stopped by PID), probed through the diagnose
// library presenting the configured identity: good, client certificate rejected, mTLS not
// requested although expected, CA names that do not list our issuer, a successor CA not yet
// listed, a port nothing listens on, and a server whose clock is years behind ours.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "diagnose/peers.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "pki.h"

namespace mtlsdoctor::monitor {
namespace {

using core::FindingId;
using test::find;
using testsupport::ServerProcess;

// s_server as the lab's server, verifying clients against the lab's client root; `names` is the
// file whose subjects it sends as acceptable CA names (with -verifyCAfile the two differ).
std::vector<std::string> server_args(bool require, const std::string& names = "client-ca.pem") {
  std::vector<std::string> a{
      "s_server",        "-accept",     "127.0.0.1:0",           "-cert", "server-good.crt", "-key",
      "server-good.key", "-cert_chain", "server-good-chain.pem", "-www",  "-naccept",        "100"};
  if (require)
    a.insert(a.end(), {"-Verify", "3", "-verify_return_error", "-CAfile", names, "-verifyCAfile", "client-ca.pem"});
  return a;
}

class MonitorEndpoints : public ::testing::Test {
 protected:
  std::string at(std::string_view n) const { return (test::pki("lab").dir / n).string(); }

  std::string identities() const {
    return fmt::format(
        "identities:\n  - name: id-good\n    cert: {}\n    key: {}\n    chain: {}\n"
        "  - name: id-expired\n    cert: {}\n    key: {}\n    chain: {}\n",
        at("client-good.crt"), at("client-good.key"), at("client-good-chain.pem"), at("client-expired.crt"),
        at("client-expired.key"), at("client-expired-chain.pem"));
  }
  std::string endpoint(std::string_view name, std::uint16_t port, std::string_view identity,
                       std::string_view extra = "") const {
    return fmt::format("  - name: {}\n    target: 127.0.0.1:{}\n    identity: {}\n    cacert: {}\n{}", name, port,
                       identity, at("server-ca.pem"), extra);
  }
  SweepResult run(const std::string& yaml) const {
    auto config = parse_config(yaml, "monitor.yaml", "/");
    EXPECT_TRUE(config) << config.error().describe();
    if (!config) return {};
    return sweep(*config, SweepOptions{test::pki("lab").created});
  }
};

bool has(const Item& item, FindingId id) {
  return std::any_of(item.findings.begin(), item.findings.end(), [&](const auto& f) { return f.id == id; });
}

TEST_F(MonitorEndpoints, VerdictExpectMtlsAndCaListDrift) {
  const auto dir = test::pki("lab").dir;
  ServerProcess mtls("openssl", server_args(true), dir);
  ServerProcess plain("openssl", server_args(false), dir);
  ServerProcess other_names("openssl", server_args(true, "other-ca.pem"), dir);
  ASSERT_TRUE(mtls.ok() && plain.ok() && other_names.ok()) << mtls.output() << plain.output();
  const auto closed = testsupport::closed_port();
  const std::string yaml =
      "version: 1\n" + identities() + "endpoints:\n" +
      endpoint("good", mtls.port(), "id-good", "    expect_mtls: true\n") +
      endpoint("rejected", mtls.port(), "id-expired") +
      endpoint("not-requested", plain.port(), "id-good", "    expect_mtls: true\n") +
      endpoint("not-requested-fine", plain.port(), "id-good") + endpoint("drift", other_names.port(), "id-good") +
      endpoint("successor", mtls.port(), "id-good", fmt::format("    successor_ca: {}\n", at("other-ca.pem"))) +
      endpoint("successor-listed", other_names.port(), "id-good",
               fmt::format("    successor_ca: {}\n", at("other-ca.pem"))) +
      endpoint("closed", closed, "id-good");
  const auto r = run(yaml);

  const auto& good = find(r, "good");
  EXPECT_EQ(good.kind, ItemKind::Endpoint);
  EXPECT_EQ(good.state, State::Ok) << good.reason;
  EXPECT_EQ(good.cause, FindingId::Ok);
  ASSERT_TRUE(good.verdict);
  EXPECT_EQ(good.verdict->cause, FindingId::Ok);
  ASSERT_TRUE(good.certificate);
  EXPECT_EQ(good.certificate->role, CertRole::Server);
  EXPECT_GT(good.certificate->days_left, 80);

  const auto& rejected = find(r, "rejected");
  EXPECT_EQ(rejected.state, State::Critical);
  EXPECT_EQ(rejected.cause, FindingId::ClientCertExpired) << rejected.reason;
  EXPECT_EQ(rejected.verdict->rejected_by, core::Side::Server);

  EXPECT_EQ(find(r, "not-requested").state, State::Warning);
  EXPECT_EQ(find(r, "not-requested").cause, FindingId::MtlsNotRequested);
  EXPECT_EQ(find(r, "not-requested-fine").state, State::Ok) << core::slug(find(r, "not-requested-fine").cause);

  const auto& drift = find(r, "drift");
  EXPECT_EQ(drift.state, State::Warning) << drift.reason;
  EXPECT_EQ(drift.cause, FindingId::CaListDrift) << core::slug(drift.cause);
  EXPECT_FALSE(has(good, FindingId::CaListDrift));

  const auto& successor = find(r, "successor");
  EXPECT_EQ(successor.state, State::Warning);
  EXPECT_EQ(successor.cause, FindingId::CaListSuccessorMissing);
  EXPECT_NE(successor.reason.find("Other Root"), std::string::npos) << successor.reason;
  EXPECT_FALSE(has(find(r, "successor-listed"), FindingId::CaListSuccessorMissing));

  const auto& unreachable = find(r, "closed");
  EXPECT_EQ(unreachable.state, State::Unknown);
  EXPECT_EQ(unreachable.cause, FindingId::ConnectionRefused);
}

// A server whose HTTP Date is far from this machine's clock judges certificates' validity at
// another time than we do: the endpoint is a warning with clock-skew, though the handshake passed.
// Judged at a pinned time (--at) the skew is still taken against when the probe ran: the lab's
// server answers with 1 January 2024 (tests/diagnose/py_mtls_server.py --old-date).
TEST_F(MonitorEndpoints, AServerClockFarFromOursIsAWarning) {
  const auto dir = test::pki("lab").dir;
  ServerProcess skewed("python3",
                       {std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/py_mtls_server.py",
                        testsupport::write_server_fullchain(dir), "server-good.key", "client-ca.pem", "--old-date"},
                       dir);
  ServerProcess honest("openssl", server_args(true), dir);
  ASSERT_TRUE(skewed.ok() && honest.ok()) << skewed.output() << honest.output();
  const auto r = run("version: 1\n" + identities() + "endpoints:\n" + endpoint("skewed", skewed.port(), "id-good") +
                     endpoint("honest", honest.port(), "id-good"));

  const auto& item = find(r, "skewed");
  ASSERT_TRUE(item.verdict);
  EXPECT_EQ(item.verdict->cause, FindingId::Ok) << item.verdict->summary;
  EXPECT_EQ(item.state, State::Warning) << item.reason;
  // Python's server names no acceptable CAs either (trust-not-checked, also a warning).
  const auto skew = std::find_if(item.findings.begin(), item.findings.end(),
                                 [](const core::Finding& f) { return f.id == FindingId::ClockSkew; });
  ASSERT_NE(skew, item.findings.end()) << core::slug(item.cause);
  EXPECT_EQ(skew->severity, core::Severity::Warning);
  EXPECT_NE(skew->message.find("behind"), std::string::npos) << skew->message;
  EXPECT_NE(skew->message.find("2024-01-01"), std::string::npos) << skew->message;
  // s_server's answer carries no Date: nothing to compare, nothing said.
  EXPECT_EQ(find(r, "honest").state, State::Ok) << find(r, "honest").reason;
  EXPECT_FALSE(has(find(r, "honest"), FindingId::ClockSkew));
}

}  // namespace
}  // namespace mtlsdoctor::monitor
