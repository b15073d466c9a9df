// Commands run in process (cli::run with string streams): what a command prints and its exit
// code, the same as the binary's, without spawning it; the clock is pinned.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "mtlsdoctor/lab/lab.h"
#include "support/run.h"

namespace mtlsdoctor::cli {
namespace {

using nlohmann::json;

struct Ran {
  int exit_code;
  std::string out;
  std::string err;
};

Ran run_cli(std::vector<std::string> args, const core::Clock& clock) {
  args.insert(args.begin(), "mtls-doctor");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int rc = run(static_cast<int>(argv.size()), argv.data(), Io{out, err, false, false}, clock);
  return {rc, out.str(), err.str()};
}

class InProcess : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new testsupport::TempDir();
    const core::FixedClock made(core::TimePoint{std::chrono::seconds{1'800'000'000}});
    ASSERT_TRUE(lab::create(s_dir->path() / "lab", made).has_value());
  }
  static void TearDownTestSuite() { delete s_dir; }
  static std::string file(const char* name) { return (s_dir->path() / "lab" / name).string(); }

  core::FixedClock m_clock{core::TimePoint{std::chrono::seconds{1'800'000'000 + 3600}}};
  static testsupport::TempDir* s_dir;
};

testsupport::TempDir* InProcess::s_dir = nullptr;

TEST_F(InProcess, CheckWritesOneJsonVerdictToTheGivenStream) {
  const auto r = run_cli({"check", "--cert", file("client-expired.crt"), "--key", file("client-expired.key"), "--chain",
                          file("client-expired-chain.pem"), "--cacert", file("client-ca.pem"), "--format", "json"},
                         m_clock);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.err.empty()) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["verdict"]["cause"], "client-cert-expired");
  EXPECT_EQ(j["checked_at"], "2027-01-15T09:00:00Z");  // the injected clock, not the system's
}

TEST_F(InProcess, ValidIdentityExitsZeroWithTextOnTheStream) {
  const auto r = run_cli({"check", "--cert", file("client-good.crt"), "--key", file("client-good.key"), "--chain",
                          file("client-good-chain.pem"), "--cacert", file("client-ca.pem")},
                         m_clock);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("OK    ok\n", 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when the stream is not a terminal";
}

TEST_F(InProcess, UsageErrorGoesToTheErrorStreamAndJsonStaysOneObject) {
  const auto r = run_cli({"check", "--no-such-flag", "--format", "json"}, m_clock);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("mtls-doctor: "), std::string::npos);
  EXPECT_EQ(json::parse(r.out)["error"]["category"], "usage");
}

TEST_F(InProcess, UnreadableIdentityIsAVerdictBlamingIt) {
  const auto r = run_cli({"check", "--cert", file("manifest.json"), "--format", "json"}, m_clock);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(json::parse(r.out)["verdict"]["cause"], "client-identity-unreadable");
}

TEST_F(InProcess, InspectStreamsTheInventoryToTheGivenStream) {
  const auto r =
      run_cli({"inspect", file("client-good.crt"), file("client-good-chain.pem"), "--format", "json"}, m_clock);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["certificates"].size(), 2u);
  EXPECT_EQ(r.out.back(), '\n');
}

TEST_F(InProcess, ExplainAnAlert) {
  const auto r = run_cli({"explain", "--alert", "116", "--format", "json"}, m_clock);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(json::parse(r.out)["verdict"]["cause"], "client-cert-missing");
}

}  // namespace
}  // namespace mtlsdoctor::cli
