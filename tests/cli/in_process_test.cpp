// Commands run in process (cli::run with string streams): what a command prints and its exit
// code, the same as the binary's, without spawning it; the clock is pinned.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
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

// Issue 15, H1: a bundle whose first certificate is not the leaf is read as TLS stacks read it.
TEST_F(InProcess, BundleWithTheIntermediateFirstIsAKeyMismatchAsCurlFindsIt) {
  const auto wrong_order = s_dir->path() / "wrong-order.pem";
  testsupport::write_file(wrong_order, testsupport::read_file(file("client-good-chain.pem")) +
                                           testsupport::read_file(file("client-good.crt")));
  const auto r = run_cli({"check", "--cert", wrong_order.string(), "--key", file("client-good.key"), "--cacert",
                          file("client-ca.pem"), "--format", "json"},
                         m_clock);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["verdict"]["cause"], "client-key-mismatch");
  bool wrong_order_found = false;
  for (const auto& f : j["findings"]) wrong_order_found = wrong_order_found || f["id"] == "chain-wrong-order";
  EXPECT_TRUE(wrong_order_found) << r.out;

  const auto d = run_cli({"diagnose", "127.0.0.1:9", "--cert", wrong_order.string(), "--key", file("client-good.key"),
                          "--cacert", file("server-ca.pem"), "--format", "json"},
                         m_clock);
  EXPECT_EQ(d.exit_code, 1) << d.out << d.err;
  EXPECT_EQ(json::parse(d.out)["verdict"]["cause"], "client-key-mismatch");
}

TEST_F(InProcess, BundleWithTwoLeavesUsesTheFirst) {
  const auto two = s_dir->path() / "two-leaves.pem";
  testsupport::write_file(two, testsupport::read_file(file("client-expired.crt")) +
                                   testsupport::read_file(file("client-good.crt")) +
                                   testsupport::read_file(file("client-good-chain.pem")));
  const auto mismatch = run_cli({"check", "--cert", two.string(), "--key", file("client-good.key"), "--cacert",
                                 file("client-ca.pem"), "--format", "json"},
                                m_clock);
  EXPECT_EQ(json::parse(mismatch.out)["verdict"]["cause"], "client-key-mismatch") << mismatch.out;
  const auto first = run_cli({"check", "--cert", two.string(), "--key", file("client-expired.key"), "--cacert",
                              file("client-ca.pem"), "--format", "json"},
                             m_clock);
  EXPECT_EQ(json::parse(first.out)["verdict"]["cause"], "client-cert-expired") << first.out;
}

// Issue 15, M2: a peer's certificate or a log line cannot write control sequences to the terminal.
TEST_F(InProcess, ControlCharactersFromCertificatesAndLogsAreEscapedInText) {
  const auto dir = s_dir->path() / "evil";
  std::filesystem::create_directories(dir);
  const auto made = testsupport::run_program(
      "openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                  (dir / "evil.key").string(), "-out", (dir / "evil.crt").string(), "-days", "30", "-subj", "/CN=evil",
                  "-addext", "subjectAltName=DNS:a\x1b[5mb,URI:http://x/\x07\x1b]0;owned\x07"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const auto inspected = run_cli({"inspect", (dir / "evil.crt").string()}, m_clock);
  EXPECT_EQ(inspected.out.find('\x1b'), std::string::npos) << inspected.out;
  EXPECT_EQ(inspected.out.find('\x07'), std::string::npos) << inspected.out;
  EXPECT_NE(inspected.out.find("DNS:a\\x1B[5mb"), std::string::npos) << inspected.out;

  const auto checked = run_cli({"check", "--role", "server", "--cert", (dir / "evil.crt").string(), "--host",
                                "example.org", "--cacert", (dir / "evil.crt").string()},
                               m_clock);
  EXPECT_EQ(checked.out.find('\x1b'), std::string::npos) << checked.out;

  const auto log = dir / "error.log";
  testsupport::write_file(log,
                          "2026/11/25 08:00:01 [info] 31#31: *1 client SSL certificate verify error: (10:certificate "
                          "has expired) while reading client request headers, client: 10.0.0.1\x1b[2J\x1b[1;1HOK, "
                          "server: x\n");
  const auto scanned = run_cli({"explain", "--log", log.string()}, m_clock);
  EXPECT_EQ(scanned.exit_code, 0) << scanned.out << scanned.err;
  EXPECT_EQ(scanned.out.find('\x1b'), std::string::npos) << scanned.out;
  EXPECT_NE(scanned.out.find("\\x1B[2J"), std::string::npos) << scanned.out;
}

// Issue 15, M7, M8, L5, L7: flag values diagnose cannot use are usage errors (exit 2) naming the
// flag, before anything is sent; an address of the wrong family is the client's own failure.
TEST_F(InProcess, DiagnoseRefusesFlagValuesItCannotUse) {
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{{"--timeout", "0"},
                                                                                   {"--timeout", "-1"},
                                                                                   {"--timeout", "nan"},
                                                                                   {"--timeout", "inf"},
                                                                                   {"--timeout", "1e30"},
                                                                                   {"--seclevel", "9"},
                                                                                   {"--source-address", "garbage"},
                                                                                   {"--concurrency", "0"},
                                                                                   {"--key", "client.key"}}) {
    auto args = std::vector<std::string>{"diagnose", "127.0.0.1:9", "--format", "json"};
    args.insert(args.end(), bad.begin(), bad.end());
    const auto r = run_cli(args, m_clock);
    SCOPED_TRACE(bad.front() + " " + bad.back());
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.err.find(bad.front()), std::string::npos) << r.err;
    EXPECT_EQ(json::parse(r.out)["error"]["category"], "usage");
  }
  const auto family = run_cli({"diagnose", "127.0.0.1:9", "--source-address", "::1", "--format", "json"}, m_clock);
  EXPECT_EQ(family.exit_code, 1);
  const auto j = json::parse(family.out);
  EXPECT_EQ(j["verdict"]["cause"], "source-address-unusable");
  EXPECT_EQ(j["verdict"]["rejected_by"], "local");
}

// Issue 15, M5, M6, L5: a fix for an IP names an IP SAN; security levels need their own bits;
// a bracketed IPv6 address is an address.
TEST_F(InProcess, CheckSpeaksAddressesAndSecurityLevelsAsOpenSslDoes) {
  for (const char* host : {"127.0.0.1", "::1", "[::1]"}) {
    const auto r = run_cli({"check", "--role", "server", "--cert", file("server-wrong-name.crt"), "--chain",
                            file("server-wrong-name-chain.pem"), "--cacert", file("server-ca.pem"), "--host", host},
                           m_clock);
    SCOPED_TRACE(host);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("subjectAltName=IP:"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("subjectAltName=DNS:"), std::string::npos) << r.out;
  }
  const auto good = run_cli({"check", "--role", "server", "--cert", file("server-good.crt"), "--chain",
                             file("server-good-chain.pem"), "--cacert", file("server-ca.pem"), "--host", "[::1]"},
                            m_clock);
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  const auto client_host = run_cli({"check", "--cert", file("client-good.crt"), "--host", "x"}, m_clock);
  EXPECT_EQ(client_host.exit_code, 2);
  EXPECT_NE(client_host.err.find("--host goes with --role server"), std::string::npos) << client_host.err;
  // The lab's P-256 keys have 128 bits of security: enough for level 3, not for 4 (192) or 5 (256).
  const auto at = [&](const char* level) {
    return run_cli({"check", "--cert", file("client-good.crt"), "--key", file("client-good.key"), "--chain",
                    file("client-good-chain.pem"), "--cacert", file("client-ca.pem"), "--seclevel", level},
                   m_clock);
  };
  EXPECT_EQ(at("3").exit_code, 0) << at("3").out;
  const auto level4 = at("4");
  EXPECT_NE(level4.out.find("192 bits of security needed, 128 present"), std::string::npos) << level4.out;
  EXPECT_NE(at("5").out.find("256 bits of security needed"), std::string::npos);
}

// Issue 15, M9: lab create never writes over a user's files unless told to.
TEST_F(InProcess, LabCreateRefusesADirectoryThatHoldsFiles) {
  const auto dir = s_dir->path() / "occupied";
  std::filesystem::create_directories(dir);
  testsupport::write_file(dir / "client-good.key", "precious\n");
  const auto refused = run_cli({"lab", "create", dir.string()}, m_clock);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("not empty"), std::string::npos) << refused.err;
  EXPECT_EQ(testsupport::read_file(dir / "client-good.key"), "precious\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "manifest.json"));
  const auto forced = run_cli({"lab", "create", dir.string(), "--force"}, m_clock);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "manifest.json"));
  EXPECT_EQ(run_cli({"lab", "create", (s_dir->path() / "fresh").string()}, m_clock).exit_code, 0);
}

// Issue 15, L10: a manifest entry that cannot be checked or names no expected verdict is a mismatch.
TEST_F(InProcess, LabVerifyCountsAnUncheckableEntryAsAMismatch) {
  const auto dir = s_dir->path() / "thin-manifest";
  std::filesystem::create_directories(dir);
  testsupport::write_file(dir / "manifest.json", R"({"identities":[{"name":"x"}]})");
  const auto r = run_cli({"lab", "verify", dir.string()}, m_clock);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  testsupport::write_file(dir / "manifest.json", "{\"identities\": [\n  {\"name\": \"x\",}\n]}\n");
  const auto bad = run_cli({"lab", "verify", dir.string()}, m_clock);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("invalid JSON at line 2"), std::string::npos) << bad.err;
}

// Issue 15, M10, L13: command words are checked before the flags: the nearest command is named,
// help and version are commands too, output flags may come first, errors point at the command's help.
TEST_F(InProcess, UnknownCommandsNameTheNearestAndHelpAndVersionAreCommands) {
  const auto chek = run_cli({"chek"}, m_clock);
  EXPECT_EQ(chek.exit_code, 2);
  EXPECT_NE(chek.err.find("unknown command 'chek' — did you mean 'check'?"), std::string::npos) << chek.err;
  EXPECT_NE(run_cli({"inpsect"}, m_clock).err.find("did you mean 'inspect'?"), std::string::npos);
  EXPECT_NE(run_cli({"lab", "creat", "x"}, m_clock).err.find("did you mean 'lab create'?"), std::string::npos);
  const auto foo = run_cli({"--foo"}, m_clock);
  EXPECT_EQ(foo.exit_code, 2);
  EXPECT_NE(foo.err.find("unknown option '--foo'"), std::string::npos) << foo.err;
  const auto json = run_cli({"frobnicate", "--format", "json"}, m_clock);
  EXPECT_EQ(json::parse(json.out)["error"]["category"], "usage");

  const auto help = run_cli({"help"}, m_clock);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("diagnose"), std::string::npos);
  const auto help_check = run_cli({"help", "check"}, m_clock);
  EXPECT_EQ(help_check.exit_code, 0);
  EXPECT_NE(help_check.out.find("--cacert"), std::string::npos) << help_check.out;
  EXPECT_EQ(run_cli({"help", "lab", "create"}, m_clock).exit_code, 0);
  for (const char* v : {"version", "-V", "--version"}) {
    const auto version = run_cli({v}, m_clock);
    EXPECT_EQ(version.exit_code, 0) << v;
    EXPECT_NE(version.out.find("mtls-doctor 0.1.0"), std::string::npos) << version.out;
    EXPECT_NE(version.out.find("OpenSSL 3."), std::string::npos) << version.out;
  }

  const auto hoisted = run_cli({"--no-color", "--format", "json", "check", "--cert", file("client-good.crt")}, m_clock);
  EXPECT_EQ(hoisted.exit_code, 0) << hoisted.err;
  EXPECT_EQ(json::parse(hoisted.out)["verdict"]["cause"], "ok");
  EXPECT_EQ(run_cli({"check", "--cert", file("client-good.crt"), "--format", "JSON"}, m_clock).out.front(), '{');
  const auto misspelt = run_cli({"check", "--cret", "x"}, m_clock);
  EXPECT_NE(misspelt.err.find("see mtls-doctor check --help"), std::string::npos) << misspelt.err;
  const auto positional = run_cli({"check", "client.crt"}, m_clock);
  EXPECT_NE(positional.err.find("--cert FILE"), std::string::npos) << positional.err;
  const auto twice = run_cli({"check", "--cert", "a", "--cert", "b"}, m_clock);
  EXPECT_EQ(twice.err.find("At Most"), std::string::npos) << twice.err;
}

// Issue 15, L9: explain's own usage errors say what is wrong.
TEST_F(InProcess, ExplainSaysWhatIsWrongWithItsInput) {
  const auto abc = run_cli({"explain", "--alert", "abc"}, m_clock);
  EXPECT_EQ(abc.exit_code, 2);
  EXPECT_NE(abc.err.find("not a number"), std::string::npos) << abc.err;
}

// Issue 15, L8: output that cannot be written is an error, not a silent exit 0.
TEST_F(InProcess, AnUnwritableOutputIsAnError) {
  std::vector<const char*> argv{"mtls-doctor", "check", "--cert", nullptr};
  const std::string cert = file("client-good.crt");
  argv[3] = cert.c_str();
  std::ostream broken(nullptr);  // every write fails, as on /dev/full
  std::ostringstream err;
  const int rc = run(static_cast<int>(argv.size()), argv.data(), Io{broken, err, false, false}, m_clock);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(err.str().find("cannot write the output"), std::string::npos) << err.str();
}

// Issue 15, L12: an expired CRL is a problem of inspect's too, as an expired certificate is.
TEST_F(InProcess, InspectCallsAnExpiredCrlAProblem) {
  const auto now = run_cli({"inspect", file("client-crl.pem"), "--format", "json"}, m_clock);
  EXPECT_EQ(now.exit_code, 0) << now.out;
  const auto later = run_cli({"inspect", file("client-crl.pem"), "--at", "+60d", "--format", "json"}, m_clock);
  EXPECT_EQ(later.exit_code, 1) << later.out;
  const auto j = json::parse(later.out);
  bool found = false;
  for (const auto& f : j["findings"]) found = found || f["id"] == "crl-expired";
  EXPECT_TRUE(found) << later.out;
}

// Issue 15, M13: a trust file with the intermediate but not the root says so, and the fix is the root.
TEST_F(InProcess, TrustFileWithTheIntermediateOnlyAsksForTheRoot) {
  const auto r = run_cli({"check", "--cert", file("client-good.crt"), "--key", file("client-good.key"), "--cacert",
                          file("client-good-chain.pem"), "--format", "json"},
                         m_clock);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto j = json::parse(r.out);
  const auto& cause = j["findings"][0];
  EXPECT_EQ(cause["evidence"]["trusted_intermediate"], "CN=Lab Client Intermediate,O=mtls-doctor lab") << r.out;
  EXPECT_NE(cause["fix"][0].get<std::string>().find("Add the root CN=Lab Client Root"), std::string::npos) << r.out;
}

// Issue 15, L3: a symlink loop is named as one, and a file whose size says 0 is read anyway.
TEST_F(InProcess, SymlinkLoopsAndSizelessFilesAreReadAsTheyAre) {
  const auto loop1 = s_dir->path() / "loop1";
  std::filesystem::create_symlink(s_dir->path() / "loop2", loop1);
  std::filesystem::create_symlink(loop1, s_dir->path() / "loop2");
  const auto looped = run_cli({"check", "--cert", loop1.string()}, m_clock);
  EXPECT_EQ(looped.exit_code, 2);
  EXPECT_NE(looped.err.find("symbolic links"), std::string::npos) << looped.err;
  const auto proc = run_cli({"check", "--cert", "/proc/self/status"}, m_clock);
  EXPECT_EQ(proc.exit_code, 2);
  EXPECT_EQ(proc.err.find("empty file"), std::string::npos) << proc.err;
}

// Issue 15, L4: a file given to the wrong flag says what it is.
TEST_F(InProcess, FilesGivenToTheWrongFlagSayWhatTheyHold) {
  const auto pem_as_p12 = run_cli({"check", "--p12", file("client-good-chain.pem")}, m_clock);
  EXPECT_EQ(pem_as_p12.exit_code, 2);
  EXPECT_NE(pem_as_p12.err.find("is not a PKCS#12 file but PEM (give its certificate with --cert"), std::string::npos)
      << pem_as_p12.err;
  const auto key_as_chain =
      run_cli({"check", "--cert", file("client-good.crt"), "--chain", file("client-good.key")}, m_clock);
  EXPECT_EQ(key_as_chain.exit_code, 2);
  EXPECT_NE(key_as_chain.err.find("client-good.key: holds no certificate"), std::string::npos) << key_as_chain.err;
  const auto swapped = run_cli({"check", "--cert", file("client-good.key"), "--key", file("client-good.crt")}, m_clock);
  EXPECT_EQ(swapped.exit_code, 2);
  EXPECT_NE(swapped.err.find("--cert and --key swapped?"), std::string::npos) << swapped.err;
  EXPECT_EQ(swapped.err.find("PRIVATE KEY"), std::string::npos);
}

// Issue 15, L17: a dumb terminal gets no escape codes, whatever it is attached to.
TEST_F(InProcess, NoColourOnADumbTerminal) {
  const std::string cert = file("client-good.crt");
  std::vector<const char*> argv{"mtls-doctor", "check", "--cert", cert.c_str()};
  const auto run_with_term = [&](const char* term) {
    setenv("TERM", term, 1);
    std::ostringstream out, err;
    EXPECT_EQ(run(static_cast<int>(argv.size()), argv.data(), Io{out, err, true, true}, m_clock), 0);
    return out.str();
  };
  const char* saved = std::getenv("TERM");
  const std::string before = saved ? saved : "";
  ::unsetenv("NO_COLOR");
  EXPECT_NE(run_with_term("xterm").find("\x1b["), std::string::npos);
  EXPECT_EQ(run_with_term("dumb").find("\x1b["), std::string::npos);
  if (saved)
    setenv("TERM", before.c_str(), 1);
  else
    unsetenv("TERM");
}

// Issue 15, features: `-` reads standard input; --cacert takes a CA directory (CApath).
TEST_F(InProcess, StandardInputAndCaDirectoriesAreInputsToo) {
  std::istringstream piped(testsupport::read_file(file("client-good.crt")) +
                           testsupport::read_file(file("client-good-chain.pem")));
  auto* saved = std::cin.rdbuf(piped.rdbuf());
  const auto inspected = run_cli({"inspect", "-", "--format", "json"}, m_clock);
  std::cin.rdbuf(saved);
  EXPECT_EQ(inspected.exit_code, 0) << inspected.err;
  EXPECT_EQ(json::parse(inspected.out)["certificates"].size(), 2u) << inspected.out;

  const auto cas = s_dir->path() / "ca-dir";
  std::filesystem::create_directories(cas);
  std::filesystem::copy_file(file("client-ca.pem"), cas / "client-ca.pem");
  std::filesystem::create_symlink(cas / "client-ca.pem", cas / "0a1b2c3d.0");  // c_rehash's links
  testsupport::write_file(cas / "README", "not a certificate\n");
  const auto r = run_cli({"check", "--cert", file("client-good.crt"), "--key", file("client-good.key"), "--chain",
                          file("client-good-chain.pem"), "--cacert", cas.string(), "--format", "json"},
                         m_clock);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json::parse(r.out)["verdict"]["cause"], "ok");
}

// Issue 15, L11: a self-signed certificate is called so, a root is not "the intermediate".
TEST_F(InProcess, SelfSignedAndRootsAreCalledByTheirNames) {
  const auto dir = s_dir->path() / "self";
  std::filesystem::create_directories(dir);
  const auto made = testsupport::run_program(
      "openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                  (dir / "self.key").string(), "-out", (dir / "self.crt").string(), "-days", "30", "-subj",
                  "/CN=selfsigned", "-addext", "extendedKeyUsage=serverAuth", "-addext", "subjectAltName=DNS:x"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const auto self = run_cli({"check", "--role", "server", "--cert", (dir / "self.crt").string(), "--cacert",
                             file("server-ca.pem"), "--format", "json"},
                            m_clock);
  const auto j = json::parse(self.out);
  EXPECT_NE(j["findings"][0]["message"].get<std::string>().find("self-signed"), std::string::npos) << self.out;
  EXPECT_EQ(self.out.find("the root of CN=selfsigned"), std::string::npos) << self.out;
  const auto early = run_cli({"check", "--cert", file("client-good.crt"), "--chain", file("client-good-chain.pem"),
                              "--cacert", file("client-ca.pem"), "--at", "1970-01-01"},
                             m_clock);
  EXPECT_NE(early.out.find("the root CN=Lab Client Root"), std::string::npos) << early.out;
  EXPECT_EQ(early.out.find("the intermediate CN=Lab Client Root"), std::string::npos) << early.out;
}

// Issue 15, L18: --brief keeps explain's answer to the three likeliest causes.
TEST_F(InProcess, ExplainBriefShowsTheThreeLikeliestCauses) {
  const auto full = run_cli({"explain", "net::ERR_BAD_SSL_CLIENT_AUTH_CERT"}, m_clock);
  const auto brief = run_cli({"explain", "net::ERR_BAD_SSL_CLIENT_AUTH_CERT", "--brief"}, m_clock);
  EXPECT_EQ(brief.exit_code, 0);
  EXPECT_NE(brief.out.find("  3. "), std::string::npos) << brief.out;
  EXPECT_EQ(brief.out.find("  4. "), std::string::npos) << brief.out;
  EXPECT_EQ(brief.out.find("confirm:"), std::string::npos) << brief.out;
  EXPECT_LT(std::count(brief.out.begin(), brief.out.end(), '\n'), std::count(full.out.begin(), full.out.end(), '\n'));
}

// explain --each: every file answered as `explain TEXT` answers its text, in order, one JSON
// object per line with its file; an unreadable or empty file is named and the rest still answered.
TEST_F(InProcess, ExplainEachAnswersEveryFileAsItsOwnText) {
  const testsupport::TempDir dir;
  const std::vector<std::string> texts = {"tlsv1 alert unknown ca", "x509: certificate has expired or is not yet valid",
                                          "nothing to see here"};
  std::vector<std::string> args = {"explain", "--format", "json", "--each"};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    testsupport::write_file(dir / fmt::format("{}.txt", i), texts[i] + "\n");
    args.push_back((dir / fmt::format("{}.txt", i)).string());
  }
  const auto all = run_cli(args, m_clock);
  EXPECT_EQ(all.exit_code, 1) << all.err;  // the third explains nothing
  std::istringstream lines(all.out);
  std::string line;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ASSERT_TRUE(std::getline(lines, line)) << all.out;
    auto got = json::parse(line);
    EXPECT_EQ(got["file"], args[4 + i]);
    got.erase("file");
    const auto alone = run_cli({"explain", "--format", "json", texts[i]}, m_clock);
    EXPECT_EQ(got, json::parse(alone.out)) << texts[i];
  }
  EXPECT_FALSE(std::getline(lines, line)) << "one line per file";

  testsupport::write_file(dir / "empty.txt", " \n");
  const auto bad = run_cli(
      {"explain", "--format", "json", "--each", (dir / "missing.txt").string(), (dir / "empty.txt").string(), args[4]},
      m_clock);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("missing.txt: cannot read the text: No such file or directory"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("empty.txt: nothing to explain"), std::string::npos) << bad.err;
  std::istringstream bad_lines(bad.out);
  ASSERT_TRUE(std::getline(bad_lines, line));
  EXPECT_EQ(json::parse(line)["error"]["category"], "io");
  ASSERT_TRUE(std::getline(bad_lines, line));
  EXPECT_EQ(json::parse(line)["error"]["category"], "usage");
  ASSERT_TRUE(std::getline(bad_lines, line));
  EXPECT_EQ(json::parse(line)["verdict"]["cause"], "client-cert-untrusted-issuer");

  const auto text = run_cli({"explain", "--brief", "--each", args[4], args[5]}, m_clock);
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("── " + args[4] + "\n"), std::string::npos) << text.out;
  EXPECT_LT(text.out.find("client-cert-untrusted-issuer"), text.out.find("── " + args[5])) << text.out;
  const auto both = run_cli({"explain", "--each", args[4], "--alert", "48"}, m_clock);
  EXPECT_EQ(both.exit_code, 2) << "one question at a time";
}

// Issue 15: fullchain writes leaf, intermediate, no root, no strays, from a shuffled bundle.
TEST_F(InProcess, FullchainOrdersAShuffledBundleAndLeavesOutRootAndStrays) {
  const testsupport::TempDir dir;
  testsupport::write_file(dir / "bundle.pem", testsupport::read_file(file("client-ca.pem")) +
                                                  testsupport::read_file(file("server-good-chain.pem")) +
                                                  testsupport::read_file(file("client-good-chain.pem")));
  const std::string out = (dir / "fullchain.pem").string();
  const auto r = run_cli({"fullchain", "--cert", file("client-good.crt"), "--chain", (dir / "bundle.pem").string(),
                          "-o", out, "--format", "json"},
                         m_clock);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["complete"], true);
  ASSERT_EQ(j["path"].size(), 2u) << r.out;
  EXPECT_EQ(j["path"][1]["subject"], "CN=Lab Client Intermediate,O=mtls-doctor lab");
  EXPECT_EQ(j["anchor"]["subject"], "CN=Lab Client Root,O=mtls-doctor lab");
  ASSERT_EQ(j["left_out"].size(), 2u);
  EXPECT_EQ(j["left_out"][0]["why"], "root");
  EXPECT_EQ(j["left_out"][1]["why"], "stray");
  EXPECT_EQ(testsupport::read_file(out),
            testsupport::read_file(file("client-good.crt")) + testsupport::read_file(file("client-good-chain.pem")));
  // What it wrote is what check accepts as the whole identity.
  const auto check =
      run_cli({"check", "--cert", out, "--key", file("client-good.key"), "--cacert", file("client-ca.pem")}, m_clock);
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST_F(InProcess, FullchainRefusesAnIncompleteChainNamingTheMissingIssuer) {
  const testsupport::TempDir dir;
  const std::string out = (dir / "fullchain.pem").string();
  const auto r =
      run_cli({"fullchain", "--cert", file("client-good.crt"), "--cacert", file("client-ca.pem"), "-o", out}, m_clock);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("INCOMPLETE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing: CN=Lab Client Intermediate,O=mtls-doctor lab (the issuer of CN=client-good,"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(std::filesystem::exists(out)) << "nothing is written for an incomplete chain";
  const auto positional = run_cli({"fullchain", file("client-good.crt"), "-o", out}, m_clock);
  EXPECT_EQ(positional.exit_code, 2);
  EXPECT_NE(positional.err.find("files are given with a flag: --cert FILE"), std::string::npos) << positional.err;
  const auto none = run_cli({"fullchain", "--cert", file("client-good.crt")}, m_clock);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("-o FILE"), std::string::npos) << none.err;
  const auto unreadable = run_cli({"fullchain", "--cert", (dir / "nope.pem").string(), "-o", out}, m_clock);
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_NE(unreadable.err.find("nope.pem"), std::string::npos) << unreadable.err;
}

TEST_F(InProcess, FullchainToStandardOutputWritesOnlyThePem) {
  const auto r = run_cli({"fullchain", "--cert", file("client-good.crt"), "--chain", file("client-good-chain.pem"),
                          "--cacert", file("client-ca.pem"), "-o", "-"},
                         m_clock);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            testsupport::read_file(file("client-good.crt")) + testsupport::read_file(file("client-good-chain.pem")));
  // With --format json stdout is one JSON object: the PEM cannot go there too.
  const auto both = run_cli({"fullchain", "--cert", file("client-good.crt"), "-o", "-", "--format", "json"}, m_clock);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(json::parse(both.out)["error"]["category"], "usage");
}

// Issue 15: --quiet prints nothing; the exit code is the whole answer, errors still on stderr.
TEST_F(InProcess, QuietLeavesOnlyTheExitCode) {
  const auto good = run_cli({"check", "--cert", file("client-good.crt"), "--key", file("client-good.key"), "--chain",
                             file("client-good-chain.pem"), "--cacert", file("client-ca.pem"), "--quiet"},
                            m_clock);
  EXPECT_EQ(good.exit_code, 0);
  EXPECT_EQ(good.out, "");
  const auto bad =
      run_cli({"check", "--cert", file("client-expired.crt"), "--key", file("client-expired.key"), "--chain",
               file("client-expired-chain.pem"), "--cacert", file("client-ca.pem"), "-q", "--format", "json"},
              m_clock);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "");
  const auto before = run_cli({"-q", "check", "--cert", file("client-expired.crt"), "--key", file("client-expired.key"),
                               "--cacert", file("client-ca.pem")},
                              m_clock);
  EXPECT_EQ(before.exit_code, 1) << before.err;
  EXPECT_EQ(before.out, "");
  const auto refused = run_cli({"diagnose", "127.0.0.1:1", "--timeout", "2", "--quiet"}, m_clock);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.out, "");
  const std::string policy = std::string(MTLSD_SOURCE_DIR) + "/tests/cli/golden/policies/lab.yaml";
  const auto decided =
      run_cli({"policy", "test", "--policy", policy, "--cert", file("client-good.crt"), "-q"}, m_clock);
  EXPECT_LE(decided.exit_code, 1) << decided.err;
  EXPECT_EQ(decided.out, "");
  EXPECT_NE(run_cli({"policy", "test", "--policy", policy, "--cert", file("client-good.crt")}, m_clock).out, "");
  const auto missing = run_cli({"check", "--cert", "/nonexistent/x.pem", "--quiet"}, m_clock);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_NE(missing.err.find("x.pem"), std::string::npos) << "errors still reach stderr";
  // Without --quiet the same commands do print: the test above cannot pass by printing nothing anyway.
  EXPECT_NE(run_cli({"diagnose", "127.0.0.1:1", "--timeout", "2"}, m_clock).out, "");
}

}  // namespace
}  // namespace mtlsdoctor::cli
