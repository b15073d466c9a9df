// Real peers on loopback for live tests: `openssl s_server` processes (stopped by PID) and
// small hostile TCP servers in threads (garbage, silence, a byte a second, plain HTTP).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace mtlsdoctor::testsupport {

// A child process that prints "ACCEPT host:port" when it listens (openssl s_server -accept 0).
class ServerProcess {
 public:
  // With `port` 0, waits for the "ACCEPT host:port" line; otherwise until `port` accepts connections.
  ServerProcess(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
                std::uint16_t port = 0);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] std::uint16_t port() const { return m_port; }
  [[nodiscard]] bool ok() const { return m_port != 0; }
  [[nodiscard]] const std::string& output() const { return m_output; }

 private:
  int m_pid = -1;
  int m_out = -1;
  std::uint16_t m_port = 0;
  std::string m_output;
};

// HugeChain: a TLS 1.2 ServerHello, then a Certificate message announcing the largest chain a
// handshake message can carry (16 MiB) and 100 MB of certificate bytes streamed after it.
// CloseAfterHello: reads the ClientHello, then closes its side (FIN), as a TCP proxy with a dead
// upstream does; CloseAtOnce: closes as soon as it accepts. SshBanner: an SSH server's greeting,
// sent on accept as sshd does (RFC 4253 §4.2), before any byte of the client.
enum class Hostility {
  Garbage,
  Silent,
  Drip,
  PlainHttp,
  HugeRecord,
  HugeChain,
  CloseAfterHello,
  CloseAtOnce,
  SshBanner
};

// Accepts connections on 127.0.0.1:0 and misbehaves until destroyed.
class HostileServer {
 public:
  explicit HostileServer(Hostility kind);
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;
  [[nodiscard]] std::uint16_t port() const { return m_port; }

 private:
  void serve();
  Hostility m_kind;
  int m_listen = -1;
  std::uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

// The lab's client-other-ca leaf alone, as clients send it (without its CA's certificates), the
// usual real case of a foreign CA (issue 11): `kForeignLeafAlone`.crt and .key, no -chain.pem.
inline const std::string kForeignLeafAlone = "client-other-ca-alone";
// Writes those two files into `lab` (again, harmlessly, when they exist).
void write_foreign_leaf_alone(const std::filesystem::path& lab);

// The lab's server leaf with its intermediate in one file, for servers that take one file:
// writes `lab`/server-fullchain.pem and returns its name, "server-fullchain.pem".
std::string write_server_fullchain(const std::filesystem::path& lab);

// `mtls-doctor diagnose 127.0.0.1:PORT --format json` trusting the lab's server CA, with the lab
// identity `identity` (its .crt, .key, -chain.pem when present, and the client CRLs); none when empty.
[[nodiscard]] std::vector<std::string> lab_diagnose_args(const std::filesystem::path& lab, std::uint16_t port,
                                                         const std::string& identity);

// Runs mtls-doctor with `args` in `cwd` and parses its stdout as JSON; a failed expectation (and
// an empty object) when it is not JSON. `raw` receives the whole run, for failure messages.
[[nodiscard]] nlohmann::json run_json(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                                      std::string* raw = nullptr);

// What an OpenSSL-based HTTPS server (Apache mod_ssl, HAProxy) answers each lab identity when it
// requires a client certificate, trusts the lab's client root with its CRLs and lets only
// OU=payments in, and the verdict diagnose must draw from that answer. One table for every such
// server, so they are all held to the same verdicts.
struct OpensslPeerCase {
  std::string identity;  // a lab identity, "" for none
  std::string cause;
  std::string confidence;
  int alert = 0;        // the alert the server sends; 0: it answers over HTTP instead
  int http_status = 0;  // the HTTP status after a completed handshake; 0: it sent an alert
};

// The cases under TLS 1.3 (`tls13`) or 1.2: only the alert for a missing certificate differs.
[[nodiscard]] std::vector<OpensslPeerCase> openssl_peer_cases(bool tls13);

// Runs every case of openssl_peer_cases against 127.0.0.1:`port` with `version` ("--tls1.2" or
// "--tls1.3") and checks the cause, side, confidence and the server's answer in `handshake`.
void expect_openssl_peer_verdicts(const std::filesystem::path& lab, std::uint16_t port, const std::string& version);

// client-good to https://localhost:`port`/net/, where a source-address rule refuses 127.0.0.1:
// a valid certificate, HTTP 403, `client-access-denied` (likely: diagnose cannot tell which
// policy it was).
void expect_source_rule_denies(const std::filesystem::path& lab, std::uint16_t port, const std::string& version);

// Whether something accepts TCP connections on 127.0.0.1:`port` now.
[[nodiscard]] bool port_accepts(std::uint16_t port);

// A port on 127.0.0.1 that nothing listens on (bound, then closed).
[[nodiscard]] std::uint16_t closed_port();

// connect_proxy.py as an https:// proxy for a live test in `lab` (a `lab create` directory): TLS
// with the lab's server-good identity (valid for 127.0.0.1; --proxy-cacert server-ca.pem trusts
// it), then CONNECT inside it, each request head appended to `record`. Its URL: https_proxy_url().
[[nodiscard]] std::unique_ptr<ServerProcess> https_connect_proxy(const std::filesystem::path& lab,
                                                                 const std::filesystem::path& record);
[[nodiscard]] std::string https_proxy_url(const ServerProcess& proxy);

// nginx for a live test: writes `dir`/NAME.conf — one worker run as root (a lab lives in a 0700
// temp dir), in the foreground, its pid, error log (NAME-error.log) and temp files under `dir`,
// `http` inside its http { } block — starts it and waits until `port` accepts connections.
[[nodiscard]] std::unique_ptr<ServerProcess> nginx_process(const std::filesystem::path& dir, const std::string& name,
                                                           const std::string& http, std::uint16_t port);

}  // namespace mtlsdoctor::testsupport
