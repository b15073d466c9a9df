// `monitor run` and `monitor history` from outside: the same items in JSON, text and Nagios
// form, their exit codes, `--at` pinning the clock, and configuration errors (exit 2, or 3 for
// a Nagios plugin that cannot start).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pki.h"

namespace mtlsdoctor::monitor {
namespace {

testsupport::RunResult mtlsd(const std::vector<std::string>& args) {
  return testsupport::run_program(MTLSD_BINARY, args, {.timeout = std::chrono::seconds(120)});
}

class MonitorCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& p = test::pki("lab");
    const auto at = [&](std::string_view n) { return (p.dir / n).string(); };
    std::string yaml = "version: 1\ndatabase: history.db\nfiles:\n";
    for (auto n : {"client-good-full.pem", "client-expired-full.pem", "client-revoked-full.pem",
                   "client-weak-key-full.pem", "client-no-intermediate.crt"})
      yaml +=
          fmt::format("  - path: {}\n    cacert: {}\n    crl: {}\n", at(n), at("client-ca.pem"), at("client-crl.pem"));
    yaml +=
        fmt::format("  - path: {}\n    password_file: {}\n", at("client-p12-modern.p12"), at("client-p12-modern.pass"));
    // A file name that would colour the terminal red if printed as it is.
    std::filesystem::copy_file(p.dir / "server-good.crt", m_dir / "evil\x1b[31m.crt");
    yaml += fmt::format("  - path: \"{}/evil\\e[31m.crt\"\n", m_dir.path().string());
    yaml += fmt::format("identities:\n  - name: good-id\n    cert: {}\n    key: {}\n    chain: {}\n",
                        at("client-good.crt"), at("client-good.key"), at("client-good-chain.pem"));
    testsupport::write_file(m_dir / "monitor.yaml", yaml);
    m_lab = p.dir;
  }
  std::string config() const { return (m_dir / "monitor.yaml").string(); }
  std::string name(std::string_view file) const { return (m_lab / file).string(); }

  testsupport::TempDir m_dir{"mtlsd-monitor-cli"};
  std::filesystem::path m_lab;
};

TEST_F(MonitorCli, JsonHoldsEveryItemWithItsStateCauseAndCertificate) {
  const auto r = mtlsd({"monitor", "run", "--config", config(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 1) << r.describe();
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::pair<std::string, std::string>> got;
  for (const auto& item : j["items"]) got[item["name"]] = {item["state"], item["cause"]};
  const auto is = [&](const std::string& item, std::string_view state, std::string_view cause) {
    EXPECT_EQ(got[item].first, state) << item;
    EXPECT_EQ(got[item].second, cause) << item;
  };
  is(name("client-good-full.pem#1"), "ok", "ok");
  is(name("client-expired-full.pem#1"), "critical", "client-cert-expired");
  is(name("client-revoked-full.pem#1"), "critical", "client-cert-revoked");
  is(name("client-weak-key-full.pem#1"), "warning", "client-cert-weak");
  is(name("client-no-intermediate.crt"), "warning", "client-chain-incomplete");
  is(name("client-p12-modern.p12#1"), "ok", "ok");
  const auto& first = j["items"][0];
  EXPECT_EQ(first["kind"], "file");
  EXPECT_EQ(first["certificate"]["role"], "client");
  EXPECT_TRUE(first["certificate"]["days_left"].is_number());
  EXPECT_TRUE(first["certificate"]["not_after"].get<std::string>().ends_with("Z"));
  EXPECT_TRUE(first["findings"].is_array());
  EXPECT_EQ(j["summary"]["critical"], 2);
  EXPECT_EQ(j["summary"]["warning"], 2);
  EXPECT_TRUE(j["checked_at"].get<std::string>().ends_with("Z"));
}

TEST_F(MonitorCli, TextIsATableWorstFirstWithDaysLeftAndEscapedNames) {
  const auto r = mtlsd({"monitor", "run", "--config", config()});
  ASSERT_EQ(r.exit_code, 1) << r.describe();
  const auto critical = r.out.find("CRITICAL");
  const auto warning = r.out.find("WARNING");
  const auto ok = r.out.find("OK ");
  ASSERT_NE(critical, std::string::npos) << r.out;
  EXPECT_LT(critical, warning);
  EXPECT_LT(warning, ok);
  EXPECT_NE(r.out.find("DAYS LEFT"), std::string::npos);
  EXPECT_NE(r.out.find("client-cert-revoked"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "a name's escape sequence reached the terminal";
  EXPECT_NE(r.out.find("evil\\x1B[31m.crt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 critical, 2 warning, 0 unknown"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x1e'), std::string::npos) << "a flag placeholder was not spelled";
  EXPECT_NE(r.out.find("check --at +30d"), std::string::npos) << r.out;
}

TEST_F(MonitorCli, NagiosFollowsTheMonitoringPluginsApi) {
  const auto r = mtlsd({"monitor", "run", "--config", config(), "--format", "nagios", "--no-history"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();  // CRITICAL
  const auto status = r.out.substr(0, r.out.find('\n'));
  EXPECT_TRUE(status.starts_with("MTLS-DOCTOR CRITICAL - 2 critical, 2 warning, 0 unknown")) << status;
  const auto bar = status.find(" | ");
  ASSERT_NE(bar, std::string::npos) << status;
  EXPECT_NE(status.find(fmt::format("'days_left_{}#1'=", name("client-good-full.pem")), bar), std::string::npos);
  EXPECT_NE(status.find(";30;7", bar), std::string::npos);
  EXPECT_EQ(status.find('|', bar + 2), std::string::npos);  // one perfdata section
  EXPECT_NE(r.out.find("\nCRITICAL file "), std::string::npos);

  // Only the good items: OK, 0.
  testsupport::write_file(m_dir / "good.yaml", fmt::format("version: 1\nfiles:\n  - path: {}\n    cacert: {}\n",
                                                           name("client-good-full.pem"), name("client-ca.pem")));
  const auto good = mtlsd({"monitor", "run", "--config", (m_dir / "good.yaml").string(), "--format", "nagios"});
  EXPECT_EQ(good.exit_code, 0) << good.describe();
  EXPECT_TRUE(good.out.starts_with("MTLS-DOCTOR OK - 0 critical, 0 warning, 0 unknown, 2 ok |")) << good.out;
  // --at pins the clock: 65 days on, 25 are left: WARNING, 1; 85 days on: CRITICAL, 2.
  const auto later =
      mtlsd({"monitor", "run", "--config", (m_dir / "good.yaml").string(), "--format", "nagios", "--at", "+65d"});
  EXPECT_EQ(later.exit_code, 1) << later.describe();
  EXPECT_TRUE(later.out.starts_with("MTLS-DOCTOR WARNING")) << later.out;
  EXPECT_NE(later.out.find("cert-expires-soon"), std::string::npos);
  const auto latest = mtlsd({"monitor", "run", "--config", (m_dir / "good.yaml").string(), "--format", "json", "--at",
                             "+85d", "--no-history"});
  EXPECT_EQ(latest.exit_code, 1);
  const auto j = nlohmann::json::parse(latest.out);
  EXPECT_EQ(j["items"][0]["state"], "critical");
  EXPECT_NEAR(j["items"][0]["certificate"]["days_left"].get<double>(), 5.0, 0.1);
}

TEST_F(MonitorCli, ConfigurationErrorsExitTwoWithFileLineColumn) {
  testsupport::write_file(m_dir / "bad.yaml", "version: 1\nfiles:\n  - path: a\n    colour: red\n");
  const auto bad = (m_dir / "bad.yaml").string();
  const auto text = mtlsd({"monitor", "run", "--config", bad});
  EXPECT_EQ(text.exit_code, 2) << text.describe();
  EXPECT_NE(text.err.find(bad + ":4:5"), std::string::npos) << text.err;
  EXPECT_NE(text.err.find("unknown key 'colour'"), std::string::npos);
  const auto json = mtlsd({"monitor", "run", "--config", bad, "--format", "json"});
  EXPECT_EQ(json.exit_code, 2);
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["error"]["file"], bad + ":4:5");
  const auto plugin = mtlsd({"monitor", "run", "--config", bad, "--format", "nagios"});
  EXPECT_EQ(plugin.exit_code, 3);
  EXPECT_TRUE(plugin.out.starts_with("MTLS-DOCTOR UNKNOWN - " + bad + ":4:5")) << plugin.out;
  // A flag the command does not know: the plugin API's UNKNOWN too.
  const auto usage = mtlsd({"monitor", "run", "--config", bad, "--format", "nagios", "--bogus"});
  EXPECT_EQ(usage.exit_code, 3) << usage.describe();
  EXPECT_TRUE(usage.out.starts_with("MTLS-DOCTOR UNKNOWN - ")) << usage.out;
}

TEST_F(MonitorCli, HistoryShowsWhatRunsRecorded) {
  ASSERT_EQ(mtlsd({"monitor", "run", "--config", config(), "--format", "json"}).exit_code, 1);
  ASSERT_EQ(mtlsd({"monitor", "run", "--config", config(), "--format", "json", "--at", "+95d"}).exit_code, 1);
  const auto r =
      mtlsd({"monitor", "history", "--config", config(), "--item", name("client-good-full.pem#1"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["history"].size(), 2u);
  EXPECT_EQ(j["history"][0]["state"], "ok");
  EXPECT_EQ(j["history"][1]["state"], "critical");
  EXPECT_EQ(j["history"][1]["previous_state"], "ok");
  EXPECT_EQ(j["history"][1]["cause"], "client-cert-expired");
  const auto text = mtlsd({"monitor", "history", "--config", config()});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("PREVIOUS"), std::string::npos);
}

// A sweep that cannot be recorded prints none of its items: on a pipe, or in a file it had
// already been written to (cut back to what the file held before), only the error.
TEST_F(MonitorCli, NothingOfASweepThatCannotBeRecordedIsPrinted) {
  auto yaml = testsupport::read_file(config());
  const auto blocker = m_dir / "not-a-directory";
  testsupport::write_file(blocker, "");
  yaml.replace(yaml.find("database: history.db"), 20, "database: " + (blocker / "history.db").string());
  testsupport::write_file(m_dir / "unrecorded.yaml", yaml);
  const auto cfg = (m_dir / "unrecorded.yaml").string();
  const auto piped = mtlsd({"monitor", "run", "--config", cfg, "--format", "json"});
  EXPECT_EQ(piped.exit_code, 2) << piped.describe();
  const auto j = nlohmann::json::parse(piped.out);
  EXPECT_FALSE(j.contains("items"));
  EXPECT_NE(j["error"]["message"].get<std::string>().find("history database"), std::string::npos) << piped.out;
  const auto items =
      nlohmann::json::parse(mtlsd({"monitor", "run", "--config", config(), "--format", "json", "--no-history"}).out)
          .at("items")
          .size();
  ASSERT_GT(items, 5u);
  for (const std::string redirect : {">", ">>"}) {
    const auto out = m_dir / "out.json";
    testsupport::write_file(out, "earlier\n");
    const auto r =
        testsupport::run_program("/bin/sh", {"-c", fmt::format("'{}' monitor run --config '{}' --format json {} '{}'",
                                                               MTLSD_BINARY, cfg, redirect, out.string())});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    const auto written = testsupport::read_file(out);
    EXPECT_EQ(written, (redirect == ">>" ? "earlier\n" : "") + piped.out) << redirect;
    // And kept whole where the sweep is recorded.
    const auto kept =
        testsupport::run_program("/bin/sh", {"-c", fmt::format("'{}' monitor run --config '{}' --format json {} '{}'",
                                                               MTLSD_BINARY, config(), redirect, out.string())});
    EXPECT_EQ(kept.exit_code, 1) << kept.describe();
    const auto whole = testsupport::read_file(out);
    const auto from = redirect == ">>" ? written.size() : 0;
    EXPECT_EQ(nlohmann::json::parse(whole.substr(from))["items"].size(), items) << redirect;
  }
}

TEST_F(MonitorCli, RunNotifiesChangesOnceThroughTheCommandHook) {
  const auto notices = m_dir / "notices.jsonl";
  auto yaml = testsupport::read_file(config());
  yaml += fmt::format("notify:\n  command: \"cat >> '{}'\"\n", notices.string());
  testsupport::write_file(m_dir / "notify.yaml", yaml);
  const auto cfg = (m_dir / "notify.yaml").string();
  const auto first = mtlsd({"monitor", "run", "--config", cfg, "--format", "json"});
  ASSERT_EQ(first.exit_code, 1) << first.describe();
  const auto text = testsupport::read_file(notices);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;  // 2 critical and 2 warning items
  EXPECT_NE(text.find("\"client-cert-revoked\""), std::string::npos);
  ASSERT_EQ(mtlsd({"monitor", "run", "--config", cfg, "--format", "json"}).exit_code, 1);
  EXPECT_EQ(testsupport::read_file(notices), text);    // nothing changed, nothing sent
  const auto json = nlohmann::json::parse(first.out);  // the hook's words never reach stdout
  EXPECT_TRUE(json.contains("items"));
}

}  // namespace
}  // namespace mtlsdoctor::monitor
