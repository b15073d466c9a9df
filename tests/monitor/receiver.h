// An HTTP receiver on loopback for the monitor's tests: accepts on 127.0.0.1:0, reads one
// request per connection, keeps it, and answers what the handler says (by default `status`).
#pragma once

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/run.h"

namespace mtlsdoctor::monitor::test {

// Accepts on 127.0.0.1:0, reads one HTTP request per connection, keeps its body and answers
// with `status`.
class Receiver {
 public:
  // (head, body) → (status, answer body); none: `status` and an empty body.
  using Handler = std::function<std::pair<int, std::string>(const std::string&, const std::string&)>;

  explicit Receiver(Handler handler = {}) : m_handler(std::move(handler)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    ::listen(m_listen, 16);
    m_thread = std::thread([this] { serve(); });
  }
  ~Receiver() {
    m_stop = true;
    ::shutdown(m_listen, SHUT_RDWR);
    ::close(m_listen);
    m_thread.join();
  }
  [[nodiscard]] std::uint16_t port() const { return m_port; }
  void answer(int status) { m_status = status; }
  std::vector<nlohmann::json> bodies() {
    std::lock_guard lock(m_mutex);
    return m_bodies;
  }
  std::vector<std::string> heads() {
    std::lock_guard lock(m_mutex);
    return m_heads;
  }

 private:
  void serve() {
    while (!m_stop) {
      const int c = ::accept(m_listen, nullptr, nullptr);
      if (c < 0) return;
      std::string in;
      char buf[4096];
      std::size_t need = std::string::npos;
      while (in.size() < need) {
        const auto n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
        const auto end = in.find("\r\n\r\n");
        if (end != std::string::npos && need == std::string::npos) {
          const auto at = in.find("Content-Length: ");
          need = end + 4 + (at == std::string::npos ? 0 : std::stoul(in.substr(at + 16)));
        }
      }
      const auto end = in.find("\r\n\r\n");
      const std::string head = in.substr(0, end);
      const std::string body = end == std::string::npos ? std::string() : in.substr(end + 4);
      {
        std::lock_guard lock(m_mutex);
        m_heads.push_back(head);
        m_bodies.push_back(nlohmann::json::parse(body, nullptr, false));
      }
      auto [status, content] = m_handler ? m_handler(head, body) : std::pair<int, std::string>{m_status.load(), {}};
      const std::string reply =
          fmt::format("HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", status, content.size()) +
          content;
      (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }
  int m_listen = -1;
  std::uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_status{204};
  std::mutex m_mutex;
  std::vector<nlohmann::json> m_bodies;
  std::vector<std::string> m_heads;
  Handler m_handler;
  std::thread m_thread;
};

// An OCSP responder's handler for the PKI tests/fixtures/cdp_pki.sh made in `dir`: every request
// answered by `openssl ocsp` itself on that CA's index (500 when it fails).
inline Receiver::Handler openssl_ocsp(std::filesystem::path dir) {
  return [dir = std::move(dir)](const std::string&, const std::string& request) -> std::pair<int, std::string> {
    testsupport::write_file(dir / "req.der", request);
    const auto r = testsupport::run_program(
        "openssl", {"ocsp", "-index", (dir / "work/index.txt").string(), "-rsigner", (dir / "ca.pem").string(), "-rkey",
                    (dir / "work/ca.key").string(), "-CA", (dir / "ca.pem").string(), "-reqin",
                    (dir / "req.der").string(), "-respout", (dir / "resp.der").string()});
    if (r.exit_code != 0) return {500, {}};
    return {200, testsupport::read_file(dir / "resp.der")};
  };
}

// tests/fixtures/cdp_pki.sh in `dir`: no CRL distribution point, `ocsp_url` as the responder.
inline ::testing::AssertionResult make_ocsp_pki(const std::filesystem::path& dir, const std::string& ocsp_url) {
  const auto made = testsupport::run_program(
      "bash", {std::string(MTLSD_SOURCE_DIR) + "/tests/fixtures/cdp_pki.sh", dir.string(), "-", ocsp_url});
  if (made.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << made.describe();
}

}  // namespace mtlsdoctor::monitor::test
