#include "support/run.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace mtlsdoctor::testsupport {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail_errno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// Closes a descriptor once; -1 means closed.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    reset();
    m_fd = std::exchange(o.m_fd, -1);
    return *this;
  }
  ~Fd() { reset(); }
  [[nodiscard]] int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

 private:
  int m_fd = -1;
};

std::string resolve(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return program;  // execve fails and the child reports it
}

std::vector<std::string> child_environment(const RunOptions& options) {
  const auto overridden = [&](std::string_view entry) {
    const auto name = entry.substr(0, entry.find('='));
    if (name == "MTLSD_PASSWORD" || name == "NO_COLOR") return true;
    // Nor a proxy: diagnose honours these as curl does.
    if (name == "https_proxy" || name == "HTTPS_PROXY" || name == "no_proxy" || name == "NO_PROXY") return true;
    for (const auto& [key, value] : options.env) {
      if (name == key) return true;
    }
    return false;
  };
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    if (!overridden(*e)) env.emplace_back(*e);
  }
  for (const auto& [key, value] : options.env) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// A pseudo-terminal pair in raw mode (no \n -> \r\n), so the bytes read are the bytes written.
std::pair<Fd, Fd> open_pty() {
  Fd master{::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)};
  if (master.get() < 0 || ::grantpt(master.get()) != 0 || ::unlockpt(master.get()) != 0) fail_errno("posix_openpt");
  char name[256];
  if (::ptsname_r(master.get(), name, sizeof name) != 0) fail_errno("ptsname_r");
  Fd slave{::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)};
  if (slave.get() < 0) fail_errno("open pty slave");
  termios t{};
  if (::tcgetattr(slave.get(), &t) == 0) {
    ::cfmakeraw(&t);
    ::tcsetattr(slave.get(), TCSANOW, &t);
  }
  return {std::move(master), std::move(slave)};
}

std::pair<Fd, Fd> open_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail_errno("pipe2");
  return {Fd{fds[0]}, Fd{fds[1]}};
}

// Reads what is available; false at end of stream (EIO is how a pty master reports it).
bool drain(int fd, std::string& into) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
    return false;
  }
}

// The child is its own group leader once setsid() ran; before that only the pid itself exists.
void kill_group(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

std::string quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n'\"\\$") == std::string::npos) return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string clip(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : s.substr(0, n) + "\n… (" + std::to_string(s.size() - n) + " more bytes)";
}

}  // namespace

std::string RunResult::describe() const {
  std::string status = timed_out     ? "timed out (killed)"
                       : signal != 0 ? "killed by signal " + std::to_string(signal)
                                     : "exit " + std::to_string(exit_code);
  return "$ " + command + "\n[" + status + "]\n--- stdout:\n" + clip(out, 3000) + "\n--- stderr:\n" + clip(err, 3000) +
         "\n---";
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args, const RunOptions& options) {
  RunResult result;
  result.command = quote(program);
  for (const auto& a : args) result.command += " " + quote(a);

  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  const std::string path = resolve(program);
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(options);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);
  const std::string cwd = options.cwd.string();

  Fd devnull{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  if (devnull.get() < 0) fail_errno("open /dev/null");
  auto [out_read, out_write] = options.stdout_is_tty ? open_pty() : open_pipe();
  auto [err_read, err_write] = open_pipe();

  const pid_t pid = ::fork();
  if (pid < 0) fail_errno("fork");
  if (pid == 0) {
    ::setsid();  // own process group (killable as one) and no controlling terminal
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(devnull.get(), STDIN_FILENO);
    ::dup2(out_write.get(), STDOUT_FILENO);
    ::dup2(err_write.get(), STDERR_FILENO);
    ::execve(path.c_str(), argv.data(), envp.data());
    static const char msg[] = "run_program: execve failed\n";
    (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  out_write.reset();
  err_write.reset();
  ::fcntl(out_read.get(), F_SETFL, O_NONBLOCK);
  ::fcntl(err_read.get(), F_SETFL, O_NONBLOCK);

  const auto deadline = Clock::now() + options.timeout;
  const auto remaining_ms = [&] {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::max<long long>(0, left));
  };
  bool out_open = true;
  bool err_open = true;
  while ((out_open || err_open) && !result.timed_out) {
    pollfd fds[2] = {{out_open ? out_read.get() : -1, POLLIN, 0}, {err_open ? err_read.get() : -1, POLLIN, 0}};
    const int ready = ::poll(fds, 2, remaining_ms());
    if (ready < 0 && errno != EINTR) fail_errno("poll");
    if (ready == 0) {
      result.timed_out = true;
      kill_group(pid);
      break;
    }
    if (out_open && fds[0].revents != 0) out_open = drain(out_read.get(), result.out);
    if (err_open && fds[1].revents != 0) err_open = drain(err_read.get(), result.err);
  }

  int status = 0;
  for (;;) {
    rusage usage{};
    const pid_t done = ::wait4(pid, &status, result.timed_out ? 0 : WNOHANG, &usage);
    if (done == pid) result.max_rss_kb = usage.ru_maxrss;
    if (done == pid) break;
    if (done < 0 && errno != EINTR) fail_errno("waitpid");
    if (result.timed_out) continue;
    if (remaining_ms() == 0) {
      result.timed_out = true;
      kill_group(pid);
      continue;
    }
    ::usleep(2000);
  }
  if (result.timed_out) {
    ::kill(-pid, SIGKILL);  // anything the program left behind in its group
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

TempDir::TempDir(std::string_view prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) fail_errno("mkdtemp " + pattern);
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace mtlsdoctor::testsupport
