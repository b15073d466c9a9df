// Running a program the way a user's shell would, for tests that judge the CLI from outside:
// its stdout, its stderr and its exit code, with a deadline so that a hang fails the test
// instead of stalling the suite. Plus temporary directories and whole-file I/O.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mtlsdoctor::testsupport {

struct RunOptions {
  // Added to (or replacing) the inherited environment. MTLSD_PASSWORD, NO_COLOR and the proxy
  // variables (https_proxy, HTTPS_PROXY, no_proxy, NO_PROXY) are never inherited from the test's
  // own environment, so a developer's shell cannot change a result.
  std::vector<std::pair<std::string, std::string>> env;
  std::filesystem::path cwd;                  // empty: the test's working directory
  bool stdout_is_tty = false;                 // stdout on a pseudo-terminal instead of a pipe
  std::chrono::milliseconds timeout{20'000};  // then the process group is killed
};

struct RunResult {
  int exit_code = -1;  // -1 unless the program exited by itself
  int signal = 0;      // the signal that ended it, if one did
  bool timed_out = false;
  long max_rss_kb = 0;  // the program's peak resident set (wait4), when it ended by itself
  std::string out;      // stdout (with a TTY: what the terminal received)
  std::string err;      // stderr
  std::string command;  // the command line, for failure messages

  [[nodiscard]] bool exited() const { return !timed_out && signal == 0 && exit_code >= 0; }
  // Command, status and both streams (truncated), to print when an assertion fails.
  [[nodiscard]] std::string describe() const;
};

// Runs `program` (a path, or a name looked up in PATH) with `args`, stdin from /dev/null, in a
// new session without a controlling terminal (so nothing can prompt and wait on /dev/tty).
[[nodiscard]] RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                                    const RunOptions& options = {});

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "mtlsd-test");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

void write_file(const std::filesystem::path& path, std::string_view bytes);
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

}  // namespace mtlsdoctor::testsupport
