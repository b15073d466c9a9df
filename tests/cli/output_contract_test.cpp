// The CLI's output contract, judged from outside the binary: exit codes (0 no problem, 1 a
// problem, 2 could not run), the JSON verdict shape of DIAGNOSES.md, `--at`, colour only on a
// terminal and never with NO_COLOR, and no key material or password in any output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "mtlsdoctor/core/finding.h"
#include "support/run.h"

namespace mtlsdoctor::cli {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace output_contract_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testsupport::run_program;
using testsupport::RunOptions;
using testsupport::RunResult;
using testsupport::TempDir;

constexpr std::string_view kWrongPassword = "wr0ng-Pa55word-7f3e9c";
constexpr std::string_view kEncKeyPassword = "enc-key-Passw0rd-41b2";

RunResult doctor(const std::vector<std::string>& args, RunOptions options = {}) {
  return run_program(MTLSD_BINARY, args, options);
}

RunResult openssl(const std::vector<std::string>& args) {
  auto r = run_program("openssl", args);
  if (!r.exited() || r.exit_code != 0) throw std::runtime_error("openssl failed:\n" + r.describe());
  return r;
}

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

bool has_sanitizer_report(const RunResult& r) {
  for (const char* report : {"AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error"}) {
    if (r.err.find(report) != std::string::npos) return true;
  }
  return false;
}

// One lab, with manifest.json, for the whole binary.
struct Lab {
  TempDir dir{"mtlsd-contract"};
  fs::path path;
  json manifest;

  Lab() {
    path = dir / "lab";
    const auto made = doctor({"lab", "create", path.string()});
    if (!made.exited() || made.exit_code != 0) throw std::runtime_error("lab create failed:\n" + made.describe());
    manifest = json::parse(testsupport::read_file(path / "manifest.json"));
    if (!manifest.contains("identities") || manifest["identities"].empty()) throw std::runtime_error("empty manifest");
  }

  [[nodiscard]] std::string file(std::string_view name) const { return (path / name).string(); }

  // `check` arguments for one manifest identity, as a user would type them.
  [[nodiscard]] std::vector<std::string> check_args(const json& e) const {
    std::vector<std::string> args{"check", "--role", e.value("role", "client")};
    for (const char* field : {"cert", "key", "chain", "p12", "cacert", "crl"}) {
      if (e.contains(field)) args.insert(args.end(), {std::string("--") + field, file(e[field].get<std::string>())});
    }
    if (e.contains("password_file"))
      args.insert(args.end(), {"--password-file", file(e["password_file"].get<std::string>())});
    if (e.contains("host")) args.insert(args.end(), {"--host", e["host"].get<std::string>()});
    return args;
  }

  [[nodiscard]] const json& identity(std::string_view name) const {
    for (const auto& e : manifest["identities"]) {
      if (e.value("name", "") == name) return e;
    }
    throw std::runtime_error("no identity " + std::string(name) + " in the manifest");
  }
};

std::unique_ptr<Lab> g_lab;
std::string g_setup_error;

class OutputContract : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (g_lab || !g_setup_error.empty()) return;
    try {
      g_lab = std::make_unique<Lab>();
    } catch (const std::exception& e) {
      g_setup_error = e.what();
    }
  }
  void SetUp() override { ASSERT_TRUE(g_lab) << "lab could not be made: " << g_setup_error; }
  static const Lab& lab() { return *g_lab; }
};

std::vector<std::string> plus(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

bool is_rfc3339_utc(const std::string& s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$)");
  return std::regex_match(s, re);
}

bool is_slug(const std::string& s) {
  static const std::regex re(R"(^[a-z][a-z0-9]*(-[a-z0-9]+)*$)");
  return std::regex_match(s, re);
}

bool non_empty_string(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty();
}

// The verdict contract of DIAGNOSES.md, for a command that ran (exit 0 or 1).
void expect_report_shape(const json& j) {
  ASSERT_TRUE(j.is_object());
  ASSERT_TRUE(j.contains("verdict") && j["verdict"].is_object());
  const auto& v = j["verdict"];
  const std::set<std::string> outcomes{"ok", "failed"};
  const std::set<std::string> sides{"none", "server", "client", "negotiation", "network", "local"};
  const std::set<std::string> confidences{"certain", "likely", "possible"};
  EXPECT_TRUE(outcomes.contains(v.value("outcome", ""))) << v.dump();
  EXPECT_TRUE(sides.contains(v.value("rejected_by", ""))) << v.dump();
  EXPECT_TRUE(confidences.contains(v.value("confidence", ""))) << v.dump();
  EXPECT_TRUE(non_empty_string(v, "summary")) << v.dump();
  const std::string cause = v.value("cause", "");
  const auto cause_id = core::finding_from_slug(cause);
  ASSERT_TRUE(cause_id.has_value()) << "cause '" << cause << "' is not in the finding-id table";
  // The side named is the one the cause's table row says refuses it.
  EXPECT_EQ(v.value("rejected_by", ""), core::to_string(core::refusing_side(*cause_id))) << v.dump();
  EXPECT_EQ(v.value("outcome", "") == "ok", v.value("rejected_by", "") == "none") << v.dump();

  ASSERT_TRUE(j.contains("findings") && j["findings"].is_array());
  const std::set<std::string> severities{"error", "warning", "info"};
  const std::set<std::string> keys{"id", "severity", "subject", "message", "evidence", "fix"};
  for (const auto& f : j["findings"]) {
    ASSERT_TRUE(f.is_object());
    std::set<std::string> present;
    for (const auto& [k, value] : f.items()) present.insert(k);
    EXPECT_EQ(present, keys) << f.dump();
    EXPECT_TRUE(core::finding_from_slug(f.value("id", "")).has_value()) << f.dump();
    EXPECT_TRUE(severities.contains(f.value("severity", ""))) << f.dump();
    EXPECT_TRUE(f.contains("subject") && f["subject"].is_string() && is_slug(f["subject"].get<std::string>()))
        << f.dump();
    EXPECT_TRUE(non_empty_string(f, "message")) << f.dump();
    EXPECT_TRUE(f.contains("evidence") && f["evidence"].is_object()) << f.dump();
    ASSERT_TRUE(f.contains("fix") && f["fix"].is_array()) << f.dump();
    for (const auto& step : f["fix"]) EXPECT_TRUE(step.is_string() && !step.get<std::string>().empty()) << f.dump();
  }
  if (v.value("outcome", "") == "failed") {
    // Most important first, and the verdict's cause is one of the findings.
    ASSERT_FALSE(j["findings"].empty());
    EXPECT_EQ(j["findings"][0].value("id", ""), cause);
  }
}

json parse_one_object(const RunResult& r) {
  auto j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not exactly one JSON value";
  EXPECT_TRUE(j.is_object()) << "stdout must be one JSON object";
  return j.is_discarded() ? json::object() : j;
}

// ---------------------------------------------------------------------------------------------
// Exit codes and the verdict shape

TEST_F(OutputContract, CheckOnEveryLabIdentityExits0WhenAcceptedAnd1WhenNot) {
  std::size_t ok = 0;
  std::size_t failing = 0;
  for (const auto& e : lab().manifest["identities"]) {
    const std::string expected_cause = e["expected"].value("cause", "");
    const int expected_exit = expected_cause == "ok" ? 0 : 1;
    (expected_exit == 0 ? ok : failing)++;
    const auto args = lab().check_args(e);

    const auto text = doctor(args);
    {
      SCOPED_TRACE(text.describe());
      ASSERT_TRUE(text.exited());
      EXPECT_FALSE(has_sanitizer_report(text));
      EXPECT_EQ(text.exit_code, expected_exit) << e.value("name", "");
      EXPECT_NE(text.out.find(expected_cause), std::string::npos) << "the text names the cause slug";
      EXPECT_EQ(text.err, "");
    }
    const auto jrun = doctor(plus(args, {"--format", "json"}));
    SCOPED_TRACE(jrun.describe());
    ASSERT_TRUE(jrun.exited());
    EXPECT_EQ(jrun.exit_code, expected_exit) << e.value("name", "");
    EXPECT_EQ(jrun.err, "");
    const auto j = parse_one_object(jrun);
    expect_report_shape(j);
    EXPECT_EQ(j["verdict"].value("cause", ""), expected_cause);
    EXPECT_EQ(j["verdict"].value("rejected_by", ""), e["expected"].value("rejected_by", ""));
    EXPECT_EQ(j["verdict"].value("outcome", ""), expected_exit == 0 ? "ok" : "failed");
    EXPECT_TRUE(is_rfc3339_utc(j.value("checked_at", ""))) << j.value("checked_at", "");
    EXPECT_EQ(j.value("role", ""), e.value("role", ""));
  }
  // The lab has both kinds, so both exit codes were exercised.
  EXPECT_GT(ok, 0u);
  EXPECT_GT(failing, 0u);
}

TEST_F(OutputContract, InspectExits0WithoutErrorsAnd1WithThem) {
  const auto good = doctor({"inspect", lab().file("client-good.crt"), "--format", "json"});
  SCOPED_TRACE(good.describe());
  EXPECT_EQ(good.exit_code, 0);
  const auto gj = parse_one_object(good);
  ASSERT_TRUE(gj.contains("findings"));
  for (const auto& f : gj["findings"]) EXPECT_NE(f.value("severity", ""), "error");

  const auto expired = doctor({"inspect", lab().file("client-expired.crt"), "--format", "json"});
  SCOPED_TRACE(expired.describe());
  EXPECT_EQ(expired.exit_code, 1);
  const auto ej = parse_one_object(expired);
  ASSERT_TRUE(ej.contains("findings") && ej["findings"].is_array());
  const bool has_expired = std::any_of(ej["findings"].begin(), ej["findings"].end(),
                                       [](const json& f) { return f.value("id", "") == "cert-expired"; });
  EXPECT_TRUE(has_expired);
}

TEST_F(OutputContract, LabVerifyMatchesEveryExpectedVerdict) {
  const auto r = doctor({"lab", "verify", lab().path.string(), "--format", "json"});
  SCOPED_TRACE(r.describe());
  EXPECT_EQ(r.exit_code, 0);
  const auto j = parse_one_object(r);
  EXPECT_EQ(j.value("total", -1), static_cast<int>(lab().manifest["identities"].size()));
  EXPECT_EQ(j.value("matched", -1), j.value("total", -2));
}

// ---------------------------------------------------------------------------------------------
// --at

std::vector<std::string> good_client_args() {
  return {"check",
          "--cert",
          g_lab->file("client-good.crt"),
          "--key",
          g_lab->file("client-good.key"),
          "--chain",
          g_lab->file("client-good-chain.pem"),
          "--cacert",
          g_lab->file("client-ca.pem"),
          "--crl",
          g_lab->file("client-crl.pem"),
          "--format",
          "json"};
}

json check_at(const std::string& at, int expected_exit) {
  const auto r = doctor(plus(good_client_args(), {"--at", at}));
  SCOPED_TRACE(r.describe());
  EXPECT_EQ(r.exit_code, expected_exit) << "--at " << at;
  EXPECT_EQ(r.err, "");
  auto j = parse_one_object(r);
  expect_report_shape(j);
  return j;
}

TEST_F(OutputContract, AtAcceptsRfc3339) {
  const auto j = check_at("2030-01-01T00:00:00Z", 1);
  EXPECT_EQ(j.value("checked_at", ""), "2030-01-01T00:00:00Z");
  // The lab's leaf lives about 90 days around its creation.
  if (lab().manifest.value("created", "") < std::string("2029-09-01")) {
    EXPECT_EQ(j["verdict"].value("cause", ""), "client-cert-expired");
  }
}

TEST_F(OutputContract, AtAcceptsOffsets) {
  EXPECT_EQ(check_at("+1d", 0)["verdict"].value("cause", ""), "ok");
  EXPECT_EQ(check_at("+400d", 1)["verdict"].value("cause", ""), "client-cert-expired");
  EXPECT_EQ(check_at("-400d", 1)["verdict"].value("cause", ""), "client-cert-not-yet-valid");
}

TEST_F(OutputContract, AtRejectsGarbageWithExit2) {
  auto args = good_client_args();
  args.resize(args.size() - 2);  // without --format json
  const auto text = doctor(plus(args, {"--at", "garbage"}));
  {
    SCOPED_TRACE(text.describe());
    ASSERT_TRUE(text.exited());
    EXPECT_EQ(text.exit_code, 2);
    EXPECT_EQ(text.out, "");
    EXPECT_EQ(count_lines(text.err), 1u);
    EXPECT_NE(text.err.find("garbage"), std::string::npos) << "the error names the bad value";
  }
  const auto jrun = doctor(plus(good_client_args(), {"--at", "garbage"}));
  SCOPED_TRACE(jrun.describe());
  EXPECT_EQ(jrun.exit_code, 2);
  EXPECT_EQ(count_lines(jrun.err), 1u);
  const auto j = parse_one_object(jrun);
  EXPECT_FALSE(j.contains("verdict")) << "a bad flag value is not the identity's fault";
  ASSERT_TRUE(j.contains("error") && j["error"].is_object());
  EXPECT_EQ(j["error"].value("category", ""), "usage");
}

// ---------------------------------------------------------------------------------------------
// Usage errors

TEST_F(OutputContract, UnknownFormatIsAUsageError) {
  const auto r = doctor({"check", "--cert", lab().file("client-good.crt"), "--format", "yaml"});
  SCOPED_TRACE(r.describe());
  ASSERT_TRUE(r.exited());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("yaml"), std::string::npos);
}

TEST_F(OutputContract, NoSubcommandIsAUsageError) {
  const auto r = doctor({});
  SCOPED_TRACE(r.describe());
  ASSERT_TRUE(r.exited());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(r.err.empty());

  const auto unknown = doctor({"frobnicate"});
  SCOPED_TRACE(unknown.describe());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "");
}

TEST_F(OutputContract, CheckWithoutAnIdentityIsAUsageError) {
  const auto r = doctor({"check", "--format", "json"});
  SCOPED_TRACE(r.describe());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_lines(r.err), 1u);
  const auto j = parse_one_object(r);
  ASSERT_TRUE(j.contains("error"));
  EXPECT_EQ(j["error"].value("category", ""), "usage");
}

// DIAGNOSES.md: with --format json, stdout holds one JSON object even when the command line
// itself cannot be parsed.
TEST_F(OutputContract, FlagParseErrorsStillGiveOneJsonObject) {
  const std::vector<std::vector<std::string>> runs = {
      {"check", "--format", "json", "--cert", lab().file("client-good.crt"), "--no-such-flag"},
      {"check", "--format", "json", "--cert", lab().file("client-good.crt"), "--seclevel", "nine"},
      {"inspect", "--format", "json"},
  };
  for (const auto& args : runs) {
    const auto r = doctor(args);
    SCOPED_TRACE(r.describe());
    EXPECT_EQ(r.exit_code, 2);
    const auto j = parse_one_object(r);
    ASSERT_TRUE(j.contains("error") && j["error"].is_object());
    EXPECT_EQ(j["error"].value("category", ""), "usage");
  }
}

// ---------------------------------------------------------------------------------------------
// Colour: on a terminal only, never with NO_COLOR or --no-color, never in JSON or on stderr.

std::vector<std::vector<std::string>> coloured_commands() {
  const auto& e = g_lab->identity("client-expired");
  return {g_lab->check_args(e),
          {"inspect", g_lab->path.string(), "--password-file", g_lab->file("client-p12-modern.pass")},
          {"lab", "verify", g_lab->path.string()}};
}

bool has_escape(const std::string& s) {
  return s.find('\x1b') != std::string::npos;
}

TEST_F(OutputContract, ColourOnATerminal) {
  // The detector's own check: without NO_COLOR, a terminal gets colour.
  for (const auto& args : coloured_commands()) {
    RunOptions tty;
    tty.stdout_is_tty = true;
    const auto r = doctor(args, tty);
    SCOPED_TRACE(r.describe());
    EXPECT_TRUE(has_escape(r.out)) << "no colour on a terminal";
    EXPECT_FALSE(has_escape(r.err));
  }
}

TEST_F(OutputContract, NoColourWithNoColorEnvNoColorFlagPipeOrJson) {
  for (const auto& args : coloured_commands()) {
    RunOptions no_color_env;
    no_color_env.stdout_is_tty = true;
    no_color_env.env = {{"NO_COLOR", "1"}};
    RunOptions tty;
    tty.stdout_is_tty = true;
    const std::vector<std::pair<std::vector<std::string>, RunOptions>> runs = {
        {args, no_color_env},                     // NO_COLOR on a terminal
        {plus(args, {"--no-color"}), tty},        // --no-color on a terminal
        {args, RunOptions{}},                     // a pipe
        {plus(args, {"--format", "json"}), tty},  // JSON on a terminal
    };
    for (const auto& [run_args, options] : runs) {
      const auto r = doctor(run_args, options);
      SCOPED_TRACE(r.describe());
      ASSERT_TRUE(r.exited());
      EXPECT_FALSE(r.out.empty());
      EXPECT_FALSE(has_escape(r.out)) << "ESC on stdout";
      EXPECT_FALSE(has_escape(r.err)) << "ESC on stderr";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets: no key material and no password in any output.

struct Secrets {
  std::vector<std::string> base64_lines;  // body lines of every private-key PEM in the lab
  std::vector<std::string> scalar_hex;    // windows of every private scalar, lowercase hex without colons
  std::vector<std::string> passwords;
  std::size_t keys = 0;
  std::vector<std::string> keys_without_scalar;  // where extraction found nothing: the detector would be blind
};

// The hex numbers that follow `label:` lines in `openssl pkey -text` ("priv:" for EC keys;
// the private exponent and primes for RSA), each as one lowercase string without colons.
std::vector<std::string> private_numbers(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream lines(text);
  std::string line;
  std::string current;
  bool in_secret = false;
  const auto flush = [&] {
    if (in_secret && !current.empty()) out.push_back(current);
    current.clear();
  };
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(' ');
    const std::string trimmed = first == std::string::npos ? "" : line.substr(first);
    const bool hex_line = !trimmed.empty() && line.starts_with("    ") &&
                          trimmed.find_first_not_of("0123456789abcdefABCDEF:") == std::string::npos;
    if (hex_line) {
      for (char c : trimmed) {
        if (c != ':') current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      continue;
    }
    flush();
    in_secret = trimmed == "priv:" || trimmed == "privateExponent:" || trimmed == "prime1:" || trimmed == "prime2:";
  }
  flush();
  return out;
}

Secrets collect_secrets(const fs::path& dir) {
  Secrets s;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto& p = entry.path();
    if (p.extension() == ".pass") {
      std::string pw = testsupport::read_file(p);
      while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
      s.passwords.push_back(pw);
    }
    if (p.extension() != ".key") continue;
    ++s.keys;
    std::istringstream lines(testsupport::read_file(p));
    std::string line;
    bool body = false;
    while (std::getline(lines, line)) {
      if (line.starts_with("-----BEGIN"))
        body = true;
      else if (line.starts_with("-----END"))
        body = false;
      // Short last lines ("AQAB", "Hg==") could occur anywhere by chance; 16 characters cannot.
      else if (body && line.size() >= 16 && line.find(':') == std::string::npos)
        s.base64_lines.push_back(line);
    }
    const auto text = openssl({"pkey", "-in", p.string(), "-noout", "-text"});
    const auto numbers = private_numbers(text.out);
    const std::size_t windows_before = s.scalar_hex.size();
    for (const auto& number : numbers) {
      std::string n = number;
      while (n.starts_with("00")) n.erase(0, 2);  // sign padding (and, 1 time in 256, a zero top byte)
      // A P-256 scalar is 64 hex digits, fewer when its top bytes are zero: the lab's keys are
      // random, so requiring 64 made the detector blind to that key in 1 run out of 256.
      if (n.size() < 40) continue;
      // Three 128-bit windows: start, middle, end.
      s.scalar_hex.push_back(n.substr(0, 32));
      s.scalar_hex.push_back(n.substr(n.size() / 2 - 16, 32));
      s.scalar_hex.push_back(n.substr(n.size() - 32));
    }
    if (s.scalar_hex.size() == windows_before) s.keys_without_scalar.push_back(p.filename().string());
  }
  return s;
}

// What in `output` is secret; empty when nothing is.
std::vector<std::string> leaks(const std::string& output, const Secrets& s) {
  std::vector<std::string> found;
  if (output.find("PRIVATE KEY") != std::string::npos) found.push_back("the string PRIVATE KEY");
  for (const auto& line : s.base64_lines) {
    if (output.find(line) != std::string::npos) found.push_back("key PEM line " + line.substr(0, 12) + "…");
  }
  // Hex in any case, with or without colons, spaces or line breaks between the bytes.
  std::string hex;
  for (char c : output) {
    if (c == ':' || std::isspace(static_cast<unsigned char>(c))) continue;
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto& w : s.scalar_hex) {
    if (hex.find(w) != std::string::npos) found.push_back("private scalar bytes " + w.substr(0, 8) + "…");
  }
  for (const auto& pw : s.passwords) {
    if (!pw.empty() && output.find(pw) != std::string::npos) found.push_back("a .p12 password");
  }
  return found;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

TEST_F(OutputContract, NoKeyMaterialOrPasswordInAnyOutput) {
  const Secrets secrets = collect_secrets(lab().path);
  // The detector's own checks: it found something to look for, and it sees a real leak.
  ASSERT_GT(secrets.keys, 0u);
  ASSERT_FALSE(secrets.base64_lines.empty());
  ASSERT_TRUE(secrets.keys_without_scalar.empty())
      << "no private number found in " << joined(secrets.keys_without_scalar);
  ASSERT_GE(secrets.scalar_hex.size(), 3 * secrets.keys);
  ASSERT_EQ(secrets.passwords.size(), 2u);
  for (const char* key : {"client-good.key", "client-weak-key.key"}) {  // an EC key and an RSA key
    const auto key_text = openssl({"pkey", "-in", lab().file(key), "-noout", "-text"}).out;
    EXPECT_FALSE(leaks(key_text.substr(key_text.find(':') + 1), secrets).empty()) << key;
    const auto pem = testsupport::read_file(lab().file(key));
    const auto body_line = pem.substr(pem.find('\n') + 1, 64);  // no "PRIVATE KEY" in it
    EXPECT_FALSE(leaks(body_line, secrets).empty()) << key;
  }
  EXPECT_FALSE(leaks("x" + secrets.passwords[0] + "y", secrets).empty());

  std::vector<std::pair<std::vector<std::string>, RunOptions>> runs;
  for (const auto& e : lab().manifest["identities"]) {
    runs.push_back({lab().check_args(e), {}});
    runs.push_back({plus(lab().check_args(e), {"--format", "json"}), {}});
  }
  for (const auto& pass : {"client-p12-modern.pass", "client-p12-legacy.pass"}) {
    for (const auto& format : {"text", "json"}) {
      runs.push_back({{"inspect", lab().path.string(), "--password-file", lab().file(pass), "--format", format}, {}});
    }
  }
  for (const auto& format : {"text", "json"}) {
    runs.push_back({{"lab", "verify", lab().path.string(), "--format", format}, {}});
    // The password from the environment instead of a file.
    RunOptions env;
    env.env = {{"MTLSD_PASSWORD", secrets.passwords[0]}};
    runs.push_back({{"inspect", lab().path.string(), "--format", format}, env});
  }
  for (const auto& [args, options] : runs) {
    const auto r = doctor(args, options);
    SCOPED_TRACE(r.command);
    ASSERT_TRUE(r.exited()) << r.describe();
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.describe();
    EXPECT_FALSE(has_sanitizer_report(r));
    const auto found = leaks(r.out + "\n" + r.err, secrets);
    EXPECT_TRUE(found.empty()) << "secret in the output: " << joined(found);
  }
}

TEST_F(OutputContract, WrongPasswordIsNeverEchoed) {
  TempDir tmp{"mtlsd-wrong-pass"};
  const auto wrong = (tmp / "wrong.pass").string();
  const auto right = (tmp / "right.pass").string();
  testsupport::write_file(wrong, std::string(kWrongPassword) + "\n");
  testsupport::write_file(right, std::string(kEncKeyPassword) + "\n");
  const auto enc_key = (tmp / "enc.key").string();
  openssl({"pkey", "-in", lab().file("client-good.key"), "-aes256", "-passout", "file:" + right, "-out", enc_key});

  struct Run {
    std::vector<std::string> args;
    RunOptions options;
    int exit_code;
  };
  RunOptions wrong_env;
  wrong_env.env = {{"MTLSD_PASSWORD", std::string(kWrongPassword)}};
  const std::vector<Run> runs = {
      {{"check", "--p12", lab().file("client-p12-modern.p12"), "--password-file", wrong}, {}, 2},
      {{"check", "--p12", lab().file("client-p12-legacy.p12"), "--password-file", wrong}, {}, 2},
      {{"check", "--p12", lab().file("client-p12-modern.p12")}, wrong_env, 2},
      {{"check", "--cert", lab().file("client-good.crt"), "--key", enc_key, "--password-file", wrong}, {}, 2},
      {{"inspect", enc_key, "--password-file", wrong}, {}, 2},
      {{"inspect", lab().path.string(), "--password-file", wrong}, {}, 1},
      {{"inspect", lab().path.string()}, wrong_env, 1},
      // The right password is not echoed either.
      {{"check", "--cert", lab().file("client-good.crt"), "--key", enc_key, "--password-file", right}, {}, 0},
  };
  for (const auto& run : runs) {
    for (const auto& format : {"text", "json"}) {
      const auto r = doctor(plus(run.args, {"--format", format}), run.options);
      SCOPED_TRACE(r.describe());
      ASSERT_TRUE(r.exited());
      EXPECT_EQ(r.exit_code, run.exit_code);
      EXPECT_FALSE(has_sanitizer_report(r));
      for (const auto pw : {kWrongPassword, kEncKeyPassword}) {
        EXPECT_EQ(r.out.find(pw), std::string::npos) << "password on stdout";
        EXPECT_EQ(r.err.find(pw), std::string::npos) << "password on stderr";
      }
    }
  }
}

}  // namespace
}  // namespace output_contract_test
}  // namespace mtlsdoctor::cli
