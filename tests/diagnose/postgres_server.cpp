#include "postgres_server.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "peers.h"

namespace mtlsdoctor::testsupport {
namespace fs = std::filesystem;

namespace {

bool has_server(const fs::path& dir) {
  return fs::exists(dir / "initdb") && fs::exists(dir / "postgres");
}

// The exit status of `pid`, or -1 when it has not exited within `limit` (then it still runs).
int wait_for(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

fs::path PostgresServer::bin_dir() {
  std::vector<std::pair<int, fs::path>> versions;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const int version = std::atoi(e.path().filename().c_str());
    if (version > 0 && has_server(e.path() / "bin")) versions.emplace_back(version, e.path() / "bin");
  }
  if (!versions.empty()) return std::max_element(versions.begin(), versions.end())->second;
  std::istringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');) {
    if (!dir.empty() && has_server(dir)) return dir;
  }
  return {};
}

PostgresServer::PostgresServer(const fs::path& lab, const std::string& superuser)
    : m_bin(bin_dir()), m_data(m_dir / "data"), m_uid(geteuid()), m_gid(getegid()) {
  if (m_bin.empty()) {
    m_error = "PostgreSQL is not installed (no initdb and postgres)";
    return;
  }
  if (m_uid == 0) {
    const passwd* pw = getpwnam("postgres");
    if (!pw) {
      m_error = "running as root, and there is no 'postgres' user to run initdb and postgres as";
      return;
    }
    m_uid = pw->pw_uid;
    m_gid = pw->pw_gid;
    m_switch_user = true;
  }
  hand_over(m_dir.path());
  const pid_t initdb = spawn({(m_bin / "initdb").string(), "-D", m_data.string(), "-U", superuser, "--auth=trust",
                              "--no-sync", "-E", "UTF8", "--locale=C"},
                             m_dir / "initdb.log");
  const int status = initdb > 0 ? wait_for(initdb, std::chrono::seconds(120)) : 127;
  if (status != 0) {
    if (status < 0) {
      kill(initdb, SIGKILL);
      waitpid(initdb, nullptr, 0);
    }
    m_error = "initdb failed (" + std::to_string(status) + "): " + read_file(m_dir / "initdb.log");
    return;
  }
  // The server's chain as one file; its key readable by its owner only, as PostgreSQL demands.
  write_file(m_data / "server.crt", read_file(lab / "server-good.crt") + read_file(lab / "server-good-chain.pem"));
  write_file(m_data / "server.key", read_file(lab / "server-good.key"));
  chmod((m_data / "server.key").c_str(), 0600);
  for (const char* name : {"client-ca.pem", "client-crl.pem"}) write_file(m_data / name, read_file(lab / name));
  for (const char* name : {"server.crt", "server.key", "client-ca.pem", "client-crl.pem"}) hand_over(m_data / name);
  m_created = true;
}

PostgresServer::~PostgresServer() {
  stop();
}

bool PostgresServer::start(const std::string& hba, const std::vector<std::string>& settings) {
  stop();
  if (!m_created) return false;  // error() says why
  m_error.clear();
  m_port = closed_port();
  const fs::path hba_file = m_dir / "pg_hba.conf";
  write_file(hba_file, hba + "\n");
  hand_over(hba_file);
  std::vector<std::string> argv{(m_bin / "postgres").string(), "-D", m_data.string()};
  for (const std::string& setting : std::vector<std::string>{
           "listen_addresses=127.0.0.1", "port=" + std::to_string(m_port),
           "unix_socket_directories=" + m_dir.path().string(), "hba_file=" + hba_file.string(), "ssl=on",
           "ssl_cert_file=server.crt", "ssl_key_file=server.key", "ssl_ca_file=client-ca.pem",
           "ssl_crl_file=client-crl.pem", "fsync=off", "lc_messages=C", "log_connections=on"}) {
    argv.insert(argv.end(), {"-c", setting});
  }
  for (const auto& s : settings) argv.insert(argv.end(), {"-c", s});  // later -c settings win
  m_pid = spawn(argv, m_dir / "postgres.log");
  // The port opens before recovery ends (connections would get 57P03 "starting up"): wait for
  // both the port and the log line that says it is ready.
  for (int i = 0; i < 600; ++i) {
    if (wait_for(m_pid, std::chrono::seconds(0)) >= 0) {
      m_pid = -1;
      m_error = "postgres exited: " + log();
      return false;
    }
    if (port_accepts(m_port) && log().find("ready to accept connections") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  m_error = "postgres did not become ready: " + log();
  stop();
  return false;
}

void PostgresServer::stop() {
  if (m_pid <= 0) return;
  kill(m_pid, SIGTERM);  // smart shutdown: our probes have all disconnected
  if (wait_for(m_pid, std::chrono::seconds(20)) < 0) {
    kill(-m_pid, SIGKILL);
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
  }
  m_pid = -1;
}

std::string PostgresServer::log() const {
  std::error_code ec;
  return fs::exists(m_dir / "postgres.log", ec) ? read_file(m_dir / "postgres.log") : std::string();
}

pid_t PostgresServer::spawn(const std::vector<std::string>& args, const fs::path& log) const {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    setpgid(0, 0);
    const int in = open("/dev/null", O_RDONLY);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    if (m_switch_user && (setgroups(0, nullptr) != 0 || setgid(m_gid) != 0 || setuid(m_uid) != 0)) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (out >= 0) close(out);
  return pid;
}

void PostgresServer::hand_over(const fs::path& path) const {
  if (!m_switch_user) return;
  // A failure shows up as the server's own "permission denied" in its log.
  if (chown(path.c_str(), m_uid, m_gid) != 0) return;
}

}  // namespace mtlsdoctor::testsupport
