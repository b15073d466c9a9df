// `mtls-doctor explain` from outside: exit codes (0 explained, 1 unknown, 2 usage), the JSON
// verdict contract, and the --alert / --verify-code / stdin inputs.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run.h"

namespace mtlsdoctor::cli {
namespace {

using nlohmann::json;
using testsupport::run_program;
using testsupport::RunResult;

RunResult doctor(const std::vector<std::string>& args) {
  return run_program(MTLSD_BINARY, args);
}

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
  // stdin is /dev/null under run_program: no input at all is a usage error (issue 15, L9).
  r = doctor({"explain", "-"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  r = doctor({"explain", "--alert", "200"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
}

TEST(ExplainCli, UsageErrorsExit2WithOneJsonObject) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"explain", "--format", "json"},
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

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TEST(ExplainLog, TalliesALogPerCauseAsJson) {
  testsupport::TempDir dir;
  std::string log;
  for (int i = 0; i < 3; ++i) {
    log += "2026/11/25 08:0" + std::to_string(i) +
           ":00 [info] 9#9: *1 client SSL certificate verify error: (10:certificate has expired) while reading client "
           "request headers, client: 10.1.1." +
           std::to_string(i % 2) + ", server: api\n";
    log += "2026/11/25 08:0" + std::to_string(i) +
           ":30 [error] 9#9: *2 open() \"/a\" failed (2: No such file or directory)\n";
  }
  log +=
      "2026/11/25 09:00:00 [info] 9#9: *3 client sent no required SSL certificate while reading client request "
      "headers, client: 10.1.1.9, server: api\n";
  write_file(dir / "error.log", log);
  const auto r = doctor({"explain", "--log", (dir / "error.log").string(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto j = parse_json(r);
  EXPECT_EQ(j["verdict"]["cause"], "client-cert-expired");
  EXPECT_EQ(j["verdict"]["rejected_by"], "server");
  EXPECT_EQ(j["log"]["lines"], 7);
  EXPECT_EQ(j["log"]["explained_lines"], 4);
  ASSERT_EQ(j["findings"].size(), 2U);
  const auto& ev = j["findings"][0]["evidence"];
  EXPECT_EQ(ev["events"], 3);
  EXPECT_EQ(ev["lines"], 3);
  EXPECT_EQ(ev["first_seen"]["line"], 1);
  EXPECT_EQ(ev["first_seen"]["time"], "2026/11/25 08:00:00");
  EXPECT_EQ(ev["last_seen"]["line"], 5);
  EXPECT_EQ(ev["clients"][0]["address"], "10.1.1.0");
  EXPECT_EQ(ev["clients"][0]["lines"], 2);
  EXPECT_EQ(j["findings"][1]["id"], "client-cert-missing");

  const auto text = doctor({"explain", "--log", (dir / "error.log").string()});
  ASSERT_EQ(text.exit_code, 0) << text.describe();
  EXPECT_NE(text.out.find("client-cert-expired"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("First:"), std::string::npos) << text.out;
}

TEST(ExplainLog, ReadsStdinAndSaysWhenNothingIsKnown) {
  const auto r = run_program("/bin/sh", {"-c", std::string("printf 'nothing to see\\nhere\\n' | ") + MTLSD_BINARY +
                                                   " explain --log - --format json"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const auto j = parse_json(r);
  EXPECT_EQ(j["explained"], false);
  EXPECT_EQ(j["log"]["lines"], 2);
}

// Issue 15, H4: standard input is read like a file (the same prefilter, linear), and gives the
// same answer; and --jobs changes the speed, never the answer.
std::string busy_log(std::size_t lines) {
  std::string log;
  for (std::size_t i = 0; i < lines; ++i) {
    if (i % 50 == 0) {
      log += "2026/11/25 08:00:" + std::to_string(10 + i % 50) + " [info] 3101#3101: *" + std::to_string(i) +
             " client SSL certificate verify error: (10:certificate has expired) while reading client request "
             "headers, client: 10.0." +
             std::to_string(i % 250) + ".7, server: x\n";
    } else {
      log += "10.0." + std::to_string(i % 250) + ".7 - - [25/Nov/2026:08:00:00 +0000] \"GET /a/" + std::to_string(i) +
             " HTTP/1.1\" 200 " + std::to_string(i) + " \"-\" \"curl/8.5.0\"\n";
    }
  }
  return log;
}

std::string without_file(std::string json_text) {
  json j = json::parse(json_text);
  j["log"].erase("file");
  return j.dump();
}

TEST(ExplainLog, StdinAndAPathGiveTheSameAnswer) {
  testsupport::TempDir dir;
  write_file(dir / "busy.log", busy_log(20000));
  const auto path = doctor({"explain", "--log", (dir / "busy.log").string(), "--format", "json"});
  ASSERT_EQ(path.exit_code, 0) << path.describe();
  const auto piped = run_program(
      "/bin/sh", {"-c", std::string(MTLSD_BINARY) + " explain --log - --format json < " + (dir / "busy.log").string()});
  ASSERT_EQ(piped.exit_code, 0) << piped.describe();
  EXPECT_EQ(parse_json(piped)["log"]["file"], "stdin");
  EXPECT_EQ(parse_json(path)["log"]["explained_events"], 400);
  EXPECT_EQ(without_file(piped.out), without_file(path.out));
}

TEST(ExplainLog, OneJobAndManyJobsPrintTheSame) {
  testsupport::TempDir dir;
  write_file(dir / "busy.log", busy_log(40000));  // several MiB: split among the jobs
  const auto one = doctor({"explain", "--log", (dir / "busy.log").string(), "--format", "json", "--jobs", "1"});
  ASSERT_EQ(one.exit_code, 0) << one.describe();
  const auto many = doctor({"explain", "--log", (dir / "busy.log").string(), "--format", "json", "--jobs", "4"});
  ASSERT_EQ(many.exit_code, 0) << many.describe();
  EXPECT_EQ(many.out, one.out);
  EXPECT_EQ(doctor({"explain", "--jobs", "2", "some text"}).exit_code, 2) << "--jobs goes with --log";
}

// --follow from outside: started, fed a line, stopped by SIGTERM; an event line, then the tally.
// The shell waits in bounded loops (at most 20 s) for the follower to start and to print.
TEST(ExplainLog, FollowPrintsEventsAndTheTallyOnSigterm) {
  testsupport::TempDir dir;
  const auto log = (dir / "error.log").string();
  write_file(log, "");
  const std::string script =
      std::string(MTLSD_BINARY) + " explain --log " + log + " --follow > " + (dir / "out").string() + " 2> " +
      (dir / "err").string() + " & pid=$!\n" + "i=0; until grep -q following " + (dir / "err").string() +
      "; do i=$((i+1)); [ $i -gt 400 ] && break; sleep 0.05; done\n" +
      "printf 'tlsv13 alert certificate required\\n' >> " + log + "\n" + "i=0; until grep -q EVENT " +
      (dir / "out").string() + "; do i=$((i+1)); [ $i -gt 400 ] && break; sleep 0.05; done\n" +
      "kill -TERM $pid; wait $pid; echo exit=$?\n";
  const auto r = run_program("/bin/sh", {"-c", script}, {.timeout = std::chrono::seconds(60)});
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_NE(r.out.find("exit=0"), std::string::npos) << r.describe();
  const auto out = testsupport::read_file(dir / "out");
  EXPECT_NE(out.find("EVENT  line 1"), std::string::npos) << out;
  EXPECT_NE(out.find("client-cert-missing"), std::string::npos) << out;
  EXPECT_NE(out.find("LOG  " + log + ": 1 lines"), std::string::npos) << out;
  EXPECT_EQ(doctor({"explain", "--log", "-", "--follow"}).exit_code, 2) << "stdin cannot be followed";
}

TEST(ExplainLog, AMissingFileIsNamedAndExits2) {
  const auto r = doctor({"explain", "--log", "/nonexistent/error.log", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("/nonexistent/error.log"), std::string::npos) << r.err;
  EXPECT_TRUE(parse_json(r).contains("error"));
  const auto both = doctor({"explain", "--log", "/nonexistent/error.log", "some text"});
  EXPECT_EQ(both.exit_code, 2) << both.describe();
  const auto dir = doctor({"explain", "--log", "/tmp"});
  EXPECT_EQ(dir.exit_code, 2) << dir.describe();
}

}  // namespace
}  // namespace mtlsdoctor::cli

namespace mtlsdoctor::cli {
namespace {

// The alert and the verify codes are one table: --alert lists the verify results OpenSSL sends
// the alert for, --verify-code names the alert it sends.
TEST(ExplainCli, AlertAndVerifyCodeNameEachOtherThroughOpenssl) {
  auto r = doctor({"explain", "--alert", "45", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  auto j = parse_json(r);
  std::vector<int> codes;
  for (const auto& c : j["openssl"]["sent_for_verify_codes"]) codes.push_back(c["verify_code"]);
  EXPECT_EQ(codes, (std::vector<int>{10, 12})) << j["openssl"].dump();
  EXPECT_EQ(j["openssl"]["sent_for_verify_codes"][0]["text"], "certificate has expired");

  r = doctor({"explain", "--verify-code", "20", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  j = parse_json(r);
  EXPECT_EQ(j["openssl"]["sends_alert"], 48);
  EXPECT_EQ(j["openssl"]["alert_entry"], "tls-alert-48-unknown-ca");

  r = doctor({"explain", "--alert", "43"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("26  unsupported certificate purpose"), std::string::npos) << r.out;
  // certificate_required comes from no verification: nothing to list.
  r = doctor({"explain", "--alert", "116", "--format", "json"});
  EXPECT_TRUE(parse_json(r)["openssl"]["sent_for_verify_codes"].empty());
}

}  // namespace
}  // namespace mtlsdoctor::cli
