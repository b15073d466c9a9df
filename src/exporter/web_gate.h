// What `--web-config` puts in front of the exporter's answers: the TLS context a connection gets,
// the client certificate's checks beyond verification (client_allowed_sans, client_policy) and
// basic auth. Built from a WebConfig; re-read when any of its files changes (looked at on every
// new connection, as exporter-toolkit does), the working one kept when the new one is broken.
// Thread-safe: each connection of the exporter runs on a thread of its own.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/exporter/web_config.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/server/file_stamp.h"
#include "mtlsdoctor/server/http_exchange.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::exporter::detail {

// Why a request or connection was refused, as counted in /metrics.
enum class Refusal { TlsHandshake, ClientCertificate, BasicAuth };
inline constexpr std::size_t kRefusals = 3;
[[nodiscard]] std::string_view to_string(Refusal r) noexcept;  // "tls_handshake", "client_certificate", "basic_auth"

// "Basic dXNlcjpwYXNz" → {"user", "pass"}; nullopt when it is not a well-formed Basic credential.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view authorization);

class WebGate {
 public:
  using Events = std::function<void(std::string_view)>;

  // Loads and builds everything the configuration names (certificate, key, client CAs, policy).
  [[nodiscard]] static core::Result<std::unique_ptr<WebGate>> load(const std::filesystem::path& file, Events events);
  ~WebGate();
  WebGate(const WebGate&) = delete;
  WebGate& operator=(const WebGate&) = delete;

  // Re-reads the configuration when one of its files changed; a broken one is reported through
  // the events and the one in force is kept.
  void refresh();
  [[nodiscard]] bool tls() const;
  [[nodiscard]] bool basic_auth() const;
  // A server-side SSL for an accepted socket (null when plain HTTP, or on an OpenSSL failure).
  [[nodiscard]] ossl::SslPtr accept(int fd) const;

  // Before a request is answered: a refusal (403 for a client certificate that the SANs or the
  // policy refuse, 401 for missing or wrong basic-auth credentials), or nullopt to answer it.
  // `tls` is the connection's (null when plain), `peer` the client's address ("192.0.2.7:51234").
  [[nodiscard]] std::optional<server::HttpAnswer> admit(const wire::HttpRequest& request, SSL* tls,
                                                        std::string_view peer);
  // The headers every answer carries (http_server_config.headers).
  void decorate(server::HttpAnswer& answer) const;

  void count(Refusal r) noexcept { ++m_refused[static_cast<std::size_t>(r)]; }
  [[nodiscard]] std::uint64_t refused(Refusal r) const noexcept { return m_refused[static_cast<std::size_t>(r)]; }
  [[nodiscard]] std::uint64_t reloads() const noexcept { return m_reloads; }
  [[nodiscard]] std::uint64_t reload_failures() const noexcept { return m_reload_failures; }
  // One line for the start-up log: "HTTPS, client certificates RequireAndVerifyClientCert, …".
  [[nodiscard]] std::string summary() const;

  struct State;

 private:
  WebGate(std::filesystem::path file, Events events, std::shared_ptr<const State> state);
  [[nodiscard]] std::shared_ptr<const State> current() const;

  std::filesystem::path m_file;
  Events m_events;
  mutable std::mutex m_mutex;
  std::shared_ptr<const State> m_state;
  std::string m_last_failure;               // not repeated on every connection while the files stay broken
  std::vector<server::FileStamp> m_failed;  // the files as they were when loading last failed
  std::atomic<std::uint64_t> m_refused[kRefusals]{};
  std::atomic<std::uint64_t> m_reloads{0}, m_reload_failures{0};
};

}  // namespace mtlsdoctor::exporter::detail
