#include "peers.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "support/run.h"

namespace mtlsdoctor::testsupport {

bool port_accepts(std::uint16_t port) {
  const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(s);
  return ok;
}

ServerProcess::ServerProcess(const std::string& program, const std::vector<std::string>& args,
                             const std::filesystem::path& cwd, std::uint16_t port) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return;
  m_pid = fork();
  if (m_pid == 0) {
    setpgid(0, 0);
    dup2(pipefd[1], STDOUT_FILENO);
    dup2(pipefd[1], STDERR_FILENO);
    close(pipefd[0]);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, STDIN_FILENO);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(program.c_str(), argv.data());
    _exit(127);
  }
  close(pipefd[1]);
  m_out = pipefd[0];
  if (port != 0) {
    fcntl(m_out, F_SETFL, O_NONBLOCK);
    for (int i = 0; i < 100 && m_port == 0; ++i) {
      if (port_accepts(port)) {
        m_port = port;
      } else {
        usleep(100'000);
      }
    }
    char buf[4096];
    ssize_t n = 0;
    while ((n = read(m_out, buf, sizeof buf)) > 0) m_output.append(buf, static_cast<std::size_t>(n));
    return;
  }
  // A JVM compiling its server from source needs a few seconds on a loaded machine.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{m_out, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(m_out, buf, sizeof buf);
    if (n <= 0) break;
    m_output.append(buf, static_cast<std::size_t>(n));
    const auto at = m_output.find("ACCEPT ");
    if (at == std::string::npos) continue;
    const auto eol = m_output.find('\n', at);
    if (eol == std::string::npos) continue;
    const auto colon = m_output.rfind(':', eol);
    m_port = static_cast<std::uint16_t>(std::stoi(m_output.substr(colon + 1, eol - colon - 1)));
    // Keep draining its output so it never blocks on a full pipe.
    fcntl(m_out, F_SETFL, O_NONBLOCK);
    break;
  }
}

ServerProcess::~ServerProcess() {
  if (m_pid > 0) {
    kill(-m_pid, SIGTERM);
    kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
  }
  if (m_out >= 0) close(m_out);
}

HostileServer::HostileServer(Hostility kind) : m_kind(kind) {
  m_listen = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  listen(m_listen, 16);
  m_thread = std::thread([this] { serve(); });
}

HostileServer::~HostileServer() {
  m_stop = true;
  shutdown(m_listen, SHUT_RDWR);
  close(m_listen);
  m_thread.join();
}

void HostileServer::serve() {
  while (!m_stop) {
    pollfd p{m_listen, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int c = accept(m_listen, nullptr, nullptr);
    if (c < 0) continue;
    char buf[4096];
    switch (m_kind) {
      case Hostility::Garbage: {
        (void)!read(c, buf, sizeof buf);
        std::string junk(2048, '\0');
        for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919 + 13) & 0xff);
        (void)!send(c, junk.data(), junk.size(), MSG_NOSIGNAL);
        break;
      }
      case Hostility::PlainHttp: {
        (void)!read(c, buf, sizeof buf);
        const char* answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)!send(c, answer, std::strlen(answer), MSG_NOSIGNAL);
        break;
      }
      case Hostility::SshBanner: {
        const char* banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
        (void)!send(c, banner, std::strlen(banner), MSG_NOSIGNAL);
        (void)!read(c, buf, sizeof buf);
        break;
      }
      case Hostility::HugeRecord: {
        (void)!read(c, buf, sizeof buf);
        // A TLS handshake record header announcing a ServerHello of 16 MiB, then filler.
        const unsigned char head[] = {0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0xff, 0xff, 0xff};
        (void)!send(c, head, sizeof head, MSG_NOSIGNAL);
        std::string filler(1 << 16, 'A');
        for (int i = 0; i < 64 && !m_stop; ++i) {
          if (send(c, filler.data(), filler.size(), MSG_NOSIGNAL) < 0) break;
        }
        break;
      }
      case Hostility::HugeChain: {
        (void)!read(c, buf, sizeof buf);
        const auto record = [](unsigned char type, const std::string& body) {
          std::string r{static_cast<char>(type), 0x03, 0x03, static_cast<char>(body.size() >> 8),
                        static_cast<char>(body.size() & 0xff)};
          return r + body;
        };
        // ServerHello (RFC 5246 §7.4.1.3): TLS 1.2, a random, no session id,
        // ECDHE-RSA-AES128-GCM-SHA256, no compression, renegotiation_info (RFC 5746).
        std::string hello{0x03, 0x03};
        hello += std::string(32, 'R');
        hello += std::string{
            0x00, static_cast<char>(0xc0), 0x2f, 0x00, 0x00, 0x05, static_cast<char>(0xff), 0x01, 0x00, 0x01, 0x00};
        std::string message{0x02, 0x00, 0x00, static_cast<char>(hello.size())};
        std::string out = record(0x16, message + hello);
        // Certificate: 16 MiB - 1 announced, certificate_list and the first certificate's length after it.
        std::string cert{0x0b,
                         static_cast<char>(0xff),
                         static_cast<char>(0xff),
                         static_cast<char>(0xff),
                         static_cast<char>(0xff),
                         static_cast<char>(0xff),
                         static_cast<char>(0xfc),
                         static_cast<char>(0xff),
                         static_cast<char>(0xff),
                         static_cast<char>(0xf9)};
        cert += std::string(16384 - cert.size(), '\x30');
        out += record(0x16, cert);
        if (send(c, out.data(), out.size(), MSG_NOSIGNAL) < 0) break;
        const std::string more = record(0x16, std::string(16384, '\x30'));
        for (std::size_t sent = 0; sent < 100'000'000 && !m_stop; sent += more.size()) {
          pollfd q{c, POLLOUT, 0};
          if (poll(&q, 1, 1000) <= 0 || (q.revents & (POLLERR | POLLHUP))) break;
          if (send(c, more.data(), more.size(), MSG_NOSIGNAL) < 0) break;
        }
        break;
      }
      case Hostility::CloseAfterHello: {
        (void)!read(c, buf, sizeof buf);
        shutdown(c, SHUT_WR);
        break;
      }
      case Hostility::CloseAtOnce: break;
      case Hostility::Silent:
      case Hostility::Drip: {
        for (int i = 0; i < 30 && !m_stop; ++i) {
          pollfd q{c, POLLIN, 0};
          poll(&q, 1, 1000);
          if (q.revents & POLLIN) {
            if (read(c, buf, sizeof buf) <= 0) break;
          }
          if (m_kind == Hostility::Drip && send(c, "\x16", 1, MSG_NOSIGNAL) < 0) break;
        }
        break;
      }
    }
    close(c);
  }
}

void write_foreign_leaf_alone(const std::filesystem::path& lab) {
  for (const char* ext : {".crt", ".key"}) {
    std::filesystem::copy_file(lab / (std::string("client-other-ca") + ext), lab / (kForeignLeafAlone + ext),
                               std::filesystem::copy_options::overwrite_existing);
  }
}

std::string write_server_fullchain(const std::filesystem::path& lab) {
  write_file(lab / "server-fullchain.pem",
             read_file(lab / "server-good.crt") + read_file(lab / "server-good-chain.pem"));
  return "server-fullchain.pem";
}

std::vector<std::string> lab_diagnose_args(const std::filesystem::path& lab, std::uint16_t port,
                                           const std::string& identity) {
  std::vector<std::string> args{"diagnose",     "127.0.0.1:" + std::to_string(port),
                                "--format",     "json",
                                "--timeout",    "5",
                                "--cacert",     "server-ca.pem",
                                "--servername", "localhost"};
  if (!identity.empty()) {
    args.insert(args.end(), {"--cert", identity + ".crt", "--key", identity + ".key", "--crl", "client-crl.pem"});
    if (std::filesystem::exists(lab / (identity + "-chain.pem")))
      args.insert(args.end(), {"--chain", identity + "-chain.pem"});
  }
  return args;
}

std::vector<OpensslPeerCase> openssl_peer_cases(bool tls13) {
  return {
      {"client-good", "ok", "certain", 0, 200},
      // certificate_required (116) exists only in TLS 1.3; TLS 1.2 servers send handshake_failure.
      {"", "client-cert-missing", "certain", tls13 ? 116 : 40, 0},
      // unknown_ca (48) stands for both: only the chain's shape against the acceptable CA names
      // tells them apart, hence `likely`.
      {"client-other-ca", "client-cert-untrusted-issuer", "likely", 48, 0},
      {"client-no-intermediate", "client-chain-incomplete", "likely", 48, 0},
      // The foreign leaf alone: its issuer shares the lab's organisation, and the CRLs given as
      // the server's leave it out; a tie, read as the usual case at the lowest confidence.
      {kForeignLeafAlone, "client-cert-untrusted-issuer", "possible", 48, 0},
      {"client-expired", "client-cert-expired", "certain", 45, 0},
      // OpenSSL has no alert of its own for "not yet valid": bad_certificate (42).
      {"client-not-yet-valid", "client-cert-not-yet-valid", "certain", 42, 0},
      // unsupported_certificate (43) for both purpose failures.
      {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "certain", 43, 0},
      {"client-bad-key-usage", "client-cert-bad-key-usage", "certain", 43, 0},
      {"client-revoked", "client-cert-revoked", "certain", 44, 0},
      // A valid certificate refused by the OU rule: the handshake completes, then HTTP 403.
      {"client-wrong-ou", "client-access-denied", "likely", 0, 403},
  };
}

void expect_openssl_peer_verdicts(const std::filesystem::path& lab, std::uint16_t port, const std::string& version) {
  write_foreign_leaf_alone(lab);
  for (const auto& c : openssl_peer_cases(version == "--tls1.3")) {
    SCOPED_TRACE((c.identity.empty() ? std::string("no certificate") : c.identity) + " " + version);
    auto args = lab_diagnose_args(lab, port, c.identity);
    args.push_back(version);
    std::string raw;
    const auto j = run_json(lab, args, &raw);
    ASSERT_TRUE(j.contains("verdict")) << raw;
    EXPECT_EQ(j["verdict"]["cause"], c.cause) << j.dump(2);
    EXPECT_EQ(j["verdict"]["rejected_by"], c.cause == "ok" ? "none" : "server") << j.dump(2);
    EXPECT_EQ(j["verdict"]["confidence"], c.confidence) << j.dump(2);
    const auto& h = j["handshake"];
    EXPECT_EQ(h["version"], version == "--tls1.3" ? "TLSv1.3" : "TLSv1.2") << j.dump(2);
    if (c.alert != 0) {
      ASSERT_FALSE(h["alerts"].empty()) << j.dump(2);
      EXPECT_EQ(h["alerts"][0]["direction"], "received") << j.dump(2);
      EXPECT_EQ(h["alerts"][0]["code"], c.alert) << j.dump(2);
    } else {
      ASSERT_TRUE(h.contains("http") && h["http"].is_object()) << j.dump(2);
      EXPECT_EQ(h["http"]["status"], c.http_status) << j.dump(2);
    }
  }
}

void expect_source_rule_denies(const std::filesystem::path& lab, std::uint16_t port, const std::string& version) {
  const std::string p = std::to_string(port);
  auto args = lab_diagnose_args(lab, port, "client-good");
  args[1] = "https://localhost:" + p + "/net/";
  args.insert(args.end(), {"--connect-to", "127.0.0.1:" + p, version});
  std::string raw;
  const auto j = run_json(lab, args, &raw);
  ASSERT_TRUE(j.contains("verdict")) << raw;
  EXPECT_EQ(j["verdict"]["cause"], "client-access-denied") << j.dump(2);
  EXPECT_EQ(j["verdict"]["rejected_by"], "server") << j.dump(2);
  EXPECT_EQ(j["verdict"]["confidence"], "likely") << j.dump(2);
  EXPECT_EQ(j["handshake"]["http"]["status"], 403) << j.dump(2);
}

nlohmann::json run_json(const std::filesystem::path& cwd, const std::vector<std::string>& args, std::string* raw) {
  const auto r = run_program(MTLSD_BINARY, args, {.cwd = cwd, .timeout = std::chrono::seconds(60)});
  if (raw) *raw = r.describe();
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.describe();
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::uint16_t closed_port() {
  const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

std::unique_ptr<ServerProcess> https_connect_proxy(const std::filesystem::path& lab,
                                                   const std::filesystem::path& record) {
  write_file(lab / "proxy-fullchain.pem",
             read_file(lab / "server-good.crt") + read_file(lab / "server-good-chain.pem"));
  return std::make_unique<ServerProcess>(
      "python3",
      std::vector<std::string>{std::string(MTLSD_SOURCE_DIR) + "/tests/diagnose/connect_proxy.py",
                               "--tls=proxy-fullchain.pem,server-good.key", "--record=" + record.string()},
      lab);
}

std::string https_proxy_url(const ServerProcess& proxy) {
  return "https://127.0.0.1:" + std::to_string(proxy.port());
}

std::unique_ptr<ServerProcess> nginx_process(const std::filesystem::path& dir, const std::string& name,
                                             const std::string& http, std::uint16_t port) {
  const auto at = [&](const std::string& file) { return (dir / file).string(); };
  std::string conf = "worker_processes 1;\nuser root;\ndaemon off;\n";
  conf += "pid " + at(name + ".pid") + ";\nerror_log " + at(name + "-error.log") + " info;\n";
  conf += "events { worker_connections 64; }\nhttp {\n  access_log off;\n";
  for (const std::string temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
    conf += "  " + temp + "_temp_path " + at(name + "-tmp-" + temp) + ";\n";
  conf += http + "}\n";
  write_file(dir / (name + ".conf"), conf);
  return std::make_unique<ServerProcess>("nginx", std::vector<std::string>{"-c", at(name + ".conf")}, dir, port);
}

}  // namespace mtlsdoctor::testsupport
