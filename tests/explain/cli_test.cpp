// `mtls-doctor explain` from outside: exit codes (0 explained, 1 unknown, 2 usage), the JSON
// verdict contract, and the --alert / --verify-code / stdin inputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run.h"

namespace mtlsdoctor::cli {
namespace {

using nlohmann::json;
using testsupport::run_program;
using testsupport::RunResult;

RunResult doctor(const std::vector<std::string>& args) { return run_program(MTLSD_BINARY, args); }

json parse_json(const RunResult& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.describe();
  return j;
}

TEST(ExplainCli, ExplainsAMessageAsJson) {
  const auto r = doctor({"explain", "--format", "json", "tlsv13 alert certificate required"});
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  const auto j = parse_json(r);
  EXPECT_EQ(j["explained"], true);
  EXPECT_EQ(j["verdict"]["outcome"], "failed");
  EXPECT_EQ(j["verdict"]["rejected_by"], "server");
  EXPECT_EQ(j["verdict"]["cause"], "client-cert-missing");
  EXPECT_EQ(j["verdict"]["confidence"], "certain");
  ASSERT_FALSE(j["findings"].empty());
  EXPECT_EQ(j["findings"][0]["id"], "client-cert-missing");
  EXPECT_FALSE(j["findings"][0]["fix"].empty());
  EXPECT_FALSE(j["findings"][0]["evidence"]["confirm"].empty());
  EXPECT_FALSE(j["matches"].empty());
}

TEST(ExplainCli, ExplainsAsText) {
  const auto r = doctor({"explain", "remote error: tls: bad certificate"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("client-cert-untrusted-issuer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("confirm:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour on a pipe";
}

TEST(ExplainCli, AlertAndVerifyCode) {
  auto r = doctor({"explain", "--alert", "45", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(parse_json(r)["verdict"]["cause"], "client-cert-expired");
  r = doctor({"explain", "--verify-code", "20", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(parse_json(r)["verdict"]["cause"], "server-cert-untrusted");
  EXPECT_EQ(parse_json(r)["verdict"]["rejected_by"], "client");
}

TEST(ExplainCli, UnknownInputSaysSoAndExits1WithoutACause) {
  auto r = doctor({"explain", "--format", "json", "everything is fine"});
  ASSERT_EQ(r.exit_code, 1) << r.describe();
  const auto j = parse_json(r);
  EXPECT_EQ(j["explained"], false);
  EXPECT_TRUE(j["verdict"].is_null());
  EXPECT_TRUE(j["findings"].empty());
  r = doctor({"explain", "everything is fine"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("diagnose"), std::string::npos) << r.out;
  // stdin is /dev/null under run_program: nothing to explain.
  r = doctor({"explain", "-"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  r = doctor({"explain", "--alert", "200"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
}

TEST(ExplainCli, UsageErrorsExit2WithOneJsonObject) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"explain", "--format", "json"},
           {"explain", "--format", "json", "--alert", "45", "some text"},
           {"explain", "--format", "json", "--alert", "999"},
           {"explain", "--format", "json", "--verify-code", "x"}}) {
    const auto r = doctor(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    const auto j = parse_json(r);
    EXPECT_TRUE(j.contains("error")) << r.out;
    EXPECT_FALSE(r.err.empty());
  }
}

}  // namespace
}  // namespace mtlsdoctor::cli
