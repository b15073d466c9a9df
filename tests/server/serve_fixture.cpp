#include "serve_fixture.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/lab/lab.h"

namespace mtlsdoctor::server::test {

Lab::Lab() {
  const core::SystemClock clock;
  auto made = lab::create(m_dir.path() / "lab", clock);
  if (!made) throw std::runtime_error(made.error().message);
  testsupport::write_file(m_dir.path() / "policy.yaml", R"(version: 1
default: deny
rules:
  - name: payments
    action: allow
    match:
      subject: {OU: payments}
)");
  for (const auto& entry : std::filesystem::directory_iterator(m_dir.path() / "lab")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".crt")) continue;
    const std::string id = name.substr(0, name.size() - 4);
    std::string bytes = testsupport::read_file(entry.path());
    const auto chain = m_dir.path() / "lab" / (id + "-chain.pem");
    if (std::filesystem::exists(chain)) bytes += testsupport::read_file(chain);
    testsupport::write_file(m_dir.path() / (id + ".full.pem"), bytes);
  }
}

const Lab& Lab::get() {
  static const Lab lab;
  return lab;
}

std::string Lab::full_chain(std::string_view identity) const {
  return (m_dir.path() / (std::string(identity) + ".full.pem")).string();
}

ServeOptions lab_options(const Lab& lab) {
  ServeOptions o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.identity = {lab.file("server-good.crt"), lab.file("server-good.key"), lab.file("server-good-chain.pem"), {}};
  o.client_ca = {lab.file("client-ca.pem")};
  o.crl = {lab.file("client-crl.pem")};
  o.policy_file = lab.policy();
  // Generous: a JVM starting on a loaded machine is slow between its messages. The hostile tests
  // set short deadlines of their own.
  o.handshake_timeout = std::chrono::milliseconds(10'000);
  o.request_timeout = std::chrono::milliseconds(5'000);
  // A JVM computing its first CertificateVerify can take longer than a second to finish the
  // flight after which it reads the alert; a drain that ends first resets it ("Broken pipe").
  o.drain_timeout = std::chrono::milliseconds(5'000);
  o.watch_interval = std::chrono::milliseconds(0);
  o.workers = 2;  // every test runs the workers side by side (under the sanitizers)
  return o;
}

Running::Running(ServeOptions options) {
  auto started = Server::start(std::move(options), [this](std::string_view line) {
    const std::lock_guard lock(m_mutex);
    m_events.emplace_back(line);
  });
  if (!started) {
    m_error = started.error().message + " " + started.error().subject;
    return;
  }
  m_server = std::move(*started);
  m_thread = std::thread([this] { m_server->run(); });
}

Running::~Running() {
  if (m_server) {
    m_server->stop();
    m_thread.join();
  }
}

std::vector<std::string> Running::events() const {
  const std::lock_guard lock(m_mutex);
  return m_events;
}

int alert_named_in(std::string_view text) {
  static const std::pair<const char*, int> kNames[] = {
      // OpenSSL's words ("alert number N", "access denied"), its reason codes (ACCESS_DENIED,
      // Node's ERR_SSL_TLSV1_ALERT_ACCESS_DENIED) and Java's RFC names ("access_denied").
      {"alert number 116", 116},
      {"certificate_required", 116},
      {"access_denied", 49},
      {"unknown_ca", 48},
      {"certificate_expired", 45},
      {"certificate_revoked", 44},
      {"unsupported_certificate", 43},
      {"bad_certificate", 42},
      {"handshake_failure", 40},
      {"certificate required", 116},
      {"CERTIFICATE_REQUIRED", 116},
      {"alert number 49", 49},
      {"access denied", 49},
      {"ACCESS_DENIED", 49},
      {"alert number 48", 48},
      {"unknown ca", 48},
      {"UNKNOWN_CA", 48},
      {"alert number 45", 45},
      {"certificate expired", 45},
      {"CERTIFICATE_EXPIRED", 45},
      {"alert number 44", 44},
      {"certificate revoked", 44},
      {"CERTIFICATE_REVOKED", 44},
      {"alert number 43", 43},
      {"unsupported certificate", 43},
      {"UNSUPPORTED_CERTIFICATE", 43},
      {"alert number 42", 42},
      {"bad certificate", 42},
      {"BAD_CERTIFICATE", 42},
      {"alert number 40", 40},
      {"handshake failure", 40},
      {"HANDSHAKE_FAILURE", 40},
      {"alert number 80", 80},
      {"internal error", 80},
      {"INTERNAL_ERROR", 80},
  };
  for (const auto& [name, number] : kNames) {
    if (text.find(name) != std::string_view::npos) return number;
  }
  return 0;
}

namespace {

int http_status_in(const std::string& text) {
  static const std::regex status(R"(HTTP/1\.[01] (\d{3}))");
  std::smatch m;
  return std::regex_search(text, m, status) ? std::stoi(m[1]) : 0;
}

}  // namespace

ClientResult s_client(const Lab& lab, std::uint16_t port, const std::string& identity, const std::string& version) {
  std::vector<std::string> args{"s_client",
                                "-connect",
                                fmt::format("127.0.0.1:{}", port),
                                "-servername",
                                "localhost",
                                "-CAfile",
                                lab.file("server-ca.pem"),
                                "-verify_return_error",
                                "-ign_eof",
                                version == "1.2" ? "-tls1_2" : "-tls1_3"};
  if (!identity.empty()) {
    // s_client sends only the first certificate of -cert; the chain goes in -cert_chain.
    args.insert(args.end(), {"-cert", lab.full_chain(identity), "-cert_chain", lab.full_chain(identity), "-key",
                             lab.file(identity + ".key")});
  }
  auto r = testsupport::run_program("openssl", args);
  ClientResult out;
  out.output = r.out + r.err;
  out.alert = alert_named_in(out.output);
  return out;
}

ClientResult curl(const Lab& lab, std::uint16_t port, const std::string& identity, const std::string& version) {
  std::vector<std::string> args{"-v",
                                "-sS",
                                "-i",
                                "--max-time",
                                "10",
                                "--cacert",
                                lab.file("server-ca.pem"),
                                "--tls-max",
                                version,
                                "--tlsv" + version,
                                fmt::format("https://localhost:{}/", port)};
  if (!identity.empty()) {
    args.insert(args.end(), {"--cert", lab.full_chain(identity), "--key", lab.file(identity + ".key")});
  }
  auto r = testsupport::run_program("curl", args);
  ClientResult out;
  out.output = r.out + r.err;
  // -v: under TLS 1.2 curl's own message for alert 45 is "SSL certificate verification failed";
  // its trace says "TLS alert, certificate expired (557)".
  out.alert = alert_named_in(r.err);
  out.http_status = http_status_in(r.out);
  if (const auto head_end = r.out.find("\r\n\r\n"); head_end != std::string::npos)
    out.body = r.out.substr(head_end + 4);
  return out;
}

namespace {

// The arguments every script client takes: port, CA file, version, then the identity's full
// chain and key ("" "" for none).
std::vector<std::string> script_args(const Lab& lab, std::uint16_t port, const std::string& identity,
                                     const std::string& version) {
  return {std::to_string(port), lab.file("server-ca.pem"), version, identity.empty() ? "" : lab.full_chain(identity),
          identity.empty() ? "" : lab.file(identity + ".key")};
}

ClientResult script_result(const testsupport::RunResult& r) {
  ClientResult out;
  out.output = r.out + r.err;
  out.alert = alert_named_in(out.output);
  out.http_status = http_status_in(r.out);
  return out;
}

}  // namespace

ClientResult python(const Lab& lab, std::uint16_t port, const std::string& identity, const std::string& version) {
  const std::string script = R"(import socket, ssl, sys
port, ca, version, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(ca)
v = ssl.TLSVersion.TLSv1_2 if version == "1.2" else ssl.TLSVersion.TLSv1_3
ctx.minimum_version = v
ctx.maximum_version = v
if cert:
    ctx.load_cert_chain(cert, key)
try:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            print(data.decode("utf-8", "replace"))
except ssl.SSLError as e:
    print("SSLError", e.reason, e)
)";
  const auto path = lab.dir() / "client.py";
  if (!std::filesystem::exists(path)) testsupport::write_file(path, script);
  auto args = script_args(lab, port, identity, version);
  args.insert(args.begin(), path.string());
  return script_result(testsupport::run_program("python3", args));
}

ClientResult node(const Lab& lab, std::uint16_t port, const std::string& identity, const std::string& version) {
  auto args = script_args(lab, port, identity, version);
  args.insert(args.begin(), MTLSD_SOURCE_DIR "/tests/server/clients/client.js");
  return script_result(testsupport::run_program("node", args));
}

ClientResult java(const Lab& lab, std::uint16_t port, const std::string& identity, const std::string& version) {
  static std::once_flag compiled;
  static std::string compile_error;
  const auto classes = lab.dir() / "java";
  std::call_once(compiled, [&] {
    std::filesystem::create_directories(classes);
    const auto r = testsupport::run_program(
        "javac", {"-d", classes.string(), MTLSD_SOURCE_DIR "/tests/server/clients/Client.java"},
        testsupport::RunOptions{.timeout = std::chrono::milliseconds(120'000)});
    if (r.exit_code != 0) compile_error = r.describe();
  });
  if (!compile_error.empty()) return ClientResult{.output = "javac failed: " + compile_error};
  auto args = script_args(lab, port, identity, version);
  args.insert(args.begin(), {"-cp", classes.string(), "Client"});
  return script_result(
      testsupport::run_program("java", args, testsupport::RunOptions{.timeout = std::chrono::milliseconds(60'000)}));
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace mtlsdoctor::server::test
