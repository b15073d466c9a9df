// A `serve` in this process (a thread running Server::run) over a fresh lab PKI, and real
// clients (openssl s_client, curl, Python's ssl) run against it on loopback.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mtlsdoctor/server/serve.h"
#include "support/run.h"

namespace mtlsdoctor::server::test {

// The lab and the policy the tests share: only OU=payments is allowed.
class Lab {
 public:
  static const Lab& get();
  [[nodiscard]] std::string file(std::string_view name) const { return (m_dir.path() / "lab" / name).string(); }
  [[nodiscard]] std::filesystem::path dir() const { return m_dir.path(); }
  // The identity's certificate followed by its chain, as a client sends it.
  [[nodiscard]] std::string full_chain(std::string_view identity) const;
  [[nodiscard]] std::string policy() const { return (m_dir.path() / "policy.yaml").string(); }

 private:
  Lab();
  testsupport::TempDir m_dir{"mtlsd-serve"};
};

[[nodiscard]] ServeOptions lab_options(const Lab& lab);

class Running {
 public:
  explicit Running(ServeOptions options);
  ~Running();
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  [[nodiscard]] bool ok() const { return m_server != nullptr; }
  [[nodiscard]] const std::string& error() const { return m_error; }
  [[nodiscard]] std::uint16_t port() const { return m_server->port(); }
  [[nodiscard]] Server& server() { return *m_server; }
  [[nodiscard]] std::vector<std::string> events() const;

 private:
  mutable std::mutex m_mutex;
  std::vector<std::string> m_events;
  std::unique_ptr<Server> m_server;
  std::string m_error;
  std::thread m_thread;
};

// What a client saw: the alert it received (0: none), the HTTP status (0: none), its output.
struct ClientResult {
  int alert = 0;
  int http_status = 0;
  std::string output;
  std::string body;  // the HTTP body, when there was a response
};

// `identity`: a lab client identity, "" for none. `version`: "1.2" or "1.3".
[[nodiscard]] ClientResult s_client(const Lab& lab, std::uint16_t port, const std::string& identity,
                                    const std::string& version);
[[nodiscard]] ClientResult curl(const Lab& lab, std::uint16_t port, const std::string& identity,
                                const std::string& version);
[[nodiscard]] ClientResult python(const Lab& lab, std::uint16_t port, const std::string& identity,
                                  const std::string& version);
// Node.js's tls module (tests/server/clients/client.js) and Java's JSSE (Client.java, compiled
// once per test process).
[[nodiscard]] ClientResult node(const Lab& lab, std::uint16_t port, const std::string& identity,
                                const std::string& version);
[[nodiscard]] ClientResult java(const Lab& lab, std::uint16_t port, const std::string& identity,
                                const std::string& version);

// A loopback port nobody listens on (bound and released: free unless another process takes it).
[[nodiscard]] std::uint16_t free_port();

// The alert a client's message names ("tlsv1 alert access denied" → 49), 0 when none.
[[nodiscard]] int alert_named_in(std::string_view text);

}  // namespace mtlsdoctor::server::test
