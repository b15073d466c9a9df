// `monitor serve --web-config FILE`: TLS, client-certificate authentication and basic auth for
// the exporter itself, in the Prometheus exporter-toolkit's web configuration format (the file
// node_exporter, blackbox_exporter and Prometheus read with --web.config.file), so one file
// serves the whole fleet. Keys of that format mtls-doctor does not honour are refused, never
// ignored; `client_policy` (a POLICY.md file judging the client certificate) is our own.
//
//   tls_server_config:
//     cert_file: exporter.crt           # leaf first; the chain may follow in the same file
//     key_file: exporter.key
//     client_auth_type: RequireAndVerifyClientCert
//     client_ca_file: scrapers-ca.pem
//     client_allowed_sans: [prometheus.example.net]
//     client_policy: scrapers.yaml      # mtls-doctor: POLICY.md rules on the client certificate
//     min_version: TLS12                # TLS12 or TLS13
//     max_version: TLS13
//   http_server_config:
//     headers: {Strict-Transport-Security: max-age=31536000}
//   basic_auth_users:
//     prometheus: $2y$10$…              # bcrypt (htpasswd -nBC 10 "" | tr -d ':\n')
//
// Relative paths are read from the web configuration's directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::exporter {

// exporter-toolkit's client_auth_type values (Go's tls.ClientAuthType).
enum class ClientAuth {
  NoClientCert,
  RequestClientCert,           // asked for, not required, not verified
  RequireAnyClientCert,        // required, not verified
  VerifyClientCertIfGiven,     // not required; verified when sent
  RequireAndVerifyClientCert,  // required and verified
};
[[nodiscard]] std::string_view to_string(ClientAuth a) noexcept;

enum class TlsLevel { Tls12, Tls13 };

struct WebTls {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  ClientAuth client_auth = ClientAuth::NoClientCert;
  std::optional<std::filesystem::path> client_ca_file;
  std::vector<std::string> client_allowed_sans;  // DNS names, IPs, e-mail addresses or URIs
  std::optional<std::filesystem::path> client_policy;
  TlsLevel min_version = TlsLevel::Tls12;
  TlsLevel max_version = TlsLevel::Tls13;
};

struct WebConfig {
  std::filesystem::path file;
  std::optional<WebTls> tls;
  std::vector<std::pair<std::string, std::string>> headers;           // added to every answer
  std::vector<std::pair<std::string, std::string>> basic_auth_users;  // user, bcrypt hash

  // Every file it names, the configuration itself first (what a reload watches).
  [[nodiscard]] std::vector<std::filesystem::path> files() const;
};

// Errors name FILE:LINE:COLUMN; a key mtls-doctor does not honour is an error that says so.
[[nodiscard]] core::Result<WebConfig> parse_web_config(std::string_view yaml, std::string_view file,
                                                       const std::filesystem::path& base);
[[nodiscard]] core::Result<WebConfig> load_web_config(const std::filesystem::path& path);

}  // namespace mtlsdoctor::exporter
