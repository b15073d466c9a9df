// The flags of `diagnose` and their translation into a typed diagnose::Request.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/diagnose/session.h"
#include "password.h"

namespace CLI {
class App;
}

namespace mtlsdoctor::cli {

struct DiagnoseArgs {
  std::string target;
  std::string cert, key, chain, p12;
  std::vector<std::string> cacert, crl;
  std::string servername, connect_to, source_address;
  bool tls12 = false;
  bool tls13 = false;
  int seclevel = 2;
  double timeout = 10;
  bool no_request = false;
  std::string starttls;  // "postgres", "smtp" (validated by CLI11)
  std::string pg_user = "mtls-doctor";
  std::string pg_database;
  std::string targets_file;
  int concurrency = 50;
  std::vector<std::string> identities;
  int try_best = 3;
  std::vector<std::string> issuers;        // the user's other certificates, searched for a missing issuer
  bool no_fetch = false;                   // never download an issuer's certificate (AIA caIssuers)
  std::string policy;                      // read the verdict against this access policy
  std::string server_config, server_type;  // … or against this server configuration
  std::string alpn;                        // comma-separated
  bool post_handshake_auth = false;        // offer TLS 1.3 post-handshake authentication
  std::string request_method = "GET";
  std::vector<std::string> headers;  // 'Name: value'
  std::string save_chain;
  std::string proxy;                   // --proxy URL (else https_proxy / HTTPS_PROXY / all_proxy / ALL_PROXY)
  std::string proxy_cacert;            // --proxy-cacert FILE: an https:// proxy's CA
  std::optional<std::string> noproxy;  // --noproxy LIST (else NO_PROXY / no_proxy)
  PasswordOptions password;
};

// --policy: the access denial read against the policy (the rule that denies, near misses), or the
// disagreement between the server and the policy; the connection's source is --source-address.
// --server-config: the live verdict read against the configuration's prediction (the line that
// refuses, or the disagreement).
[[nodiscard]] std::expected<void, core::Error> apply_server_config(const DiagnoseArgs& args,
                                                                   const diagnose::Prepared& prepared,
                                                                   core::Report& report, core::TimePoint now);
[[nodiscard]] std::expected<void, core::Error> apply_policy(const DiagnoseArgs& args,
                                                            const diagnose::Prepared& prepared, core::Report& report,
                                                            core::TimePoint now);

// Registers every flag of `diagnose` on `cmd`, into `args`.
void add_diagnose_flags(CLI::App& cmd, DiagnoseArgs& args);

// The flags checked and typed; usage errors name the flag.
[[nodiscard]] std::expected<diagnose::Request, core::Error> request_from(const DiagnoseArgs& args);

}  // namespace mtlsdoctor::cli
