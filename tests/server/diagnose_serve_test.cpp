// diagnose against serve names every fault: from the alert (and --crl / --policy where only the
// identity can tell), and in --deny-with http mode from the 403 body, where serve states the
// cause and the rule itself.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

const std::vector<std::pair<std::string, std::string>> kExpected = {
    {"client-good", "ok"},
    {"", "client-cert-missing"},
    {"client-other-ca", "client-cert-untrusted-issuer"},
    {"client-no-intermediate", "client-chain-incomplete"},
    {"client-expired", "client-cert-expired"},
    {"client-not-yet-valid", "client-cert-not-yet-valid"},
    {"client-revoked", "client-cert-revoked"},
    {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku"},
    {"client-bad-key-usage", "client-cert-bad-key-usage"},
    {"client-wrong-ou", "client-access-denied"},
};

nlohmann::json diagnose(const Lab& lab, std::uint16_t port, const std::string& identity, bool with_crl_and_policy) {
  std::vector<std::string> args{
      "diagnose", fmt::format("127.0.0.1:{}", port), "--cacert", lab.file("server-ca.pem"), "--format", "json"};
  if (!identity.empty()) {
    args.insert(args.end(), {"--cert", lab.file(identity + ".crt"), "--key", lab.file(identity + ".key")});
    if (std::filesystem::exists(lab.file(identity + "-chain.pem"))) {
      args.insert(args.end(), {"--chain", lab.file(identity + "-chain.pem")});
    }
  }
  if (with_crl_and_policy) args.insert(args.end(), {"--crl", lab.file("client-crl.pem"), "--policy", lab.policy()});
  const auto r = testsupport::run_program(MTLSD_BINARY, args);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << r.describe();
  return j;
}

TEST(DiagnoseServe, AlertModeEveryFaultIsNamedAndThePolicyDenialNamesTheRule) {
  const Lab& lab = Lab::get();
  Running serve(lab_options(lab));
  ASSERT_TRUE(serve.ok()) << serve.error();
  for (const auto& [identity, cause] : kExpected) {
    const auto v = diagnose(lab, serve.port(), identity, true);
    EXPECT_EQ(v["verdict"]["cause"], cause) << identity << ": " << v.dump(2);
  }
  const auto denied = diagnose(lab, serve.port(), "client-wrong-ou", true);
  EXPECT_NE(denied["verdict"]["summary"].get<std::string>().find("policy.yaml denies it"), std::string::npos)
      << denied["verdict"].dump(2);
}

TEST(DiagnoseServe, HttpModeTheBodyStatesTheCauseWithoutCrlOrPolicy) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.deny_with = DenyWith::Http;
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  for (const auto& [identity, cause] : kExpected) {
    // No --crl and no --policy: only the server's own words can tell revoked and the rule.
    const auto v = diagnose(lab, serve.port(), identity, false);
    EXPECT_EQ(v["verdict"]["cause"], cause) << identity << ": " << v.dump(2);
    EXPECT_EQ(v["verdict"]["confidence"], "certain") << identity << ": " << v["verdict"].dump(2);
  }
  const auto denied = diagnose(lab, serve.port(), "client-wrong-ou", false);
  EXPECT_NE(denied.dump().find("would allow you if your subject.OU were payments"), std::string::npos)
      << denied.dump(2);
}

}  // namespace
}  // namespace mtlsdoctor::server::test
