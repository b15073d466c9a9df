// `check --server-config`: would this server, as configured, accept this client identity — and
// if not, which line of its configuration refuses it? The trust, CRLs, verify mode and depth
// come from the configuration; then the access rules it can evaluate (nginx: `if` on
// `$ssl_client_*`, `$remote_addr` and map variables with `return`, `allow`/`deny`; Apache httpd:
// `Require` (expr, ip, all, containers) and `SSLRequire`; HAProxy: `tcp-request` and
// `http-request` rules on ACLs over `ssl_c_*`, `src` and `ssl_fc_sni`). Rules it cannot evaluate
// (Lua, njs, auth_request, …) are a finding of their own, never a pass.
#pragma once

#include <expected>
#include <optional>
#include <string>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/servercfg/config.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::servercfg {

struct AuditRequest {
  std::string config;                      // nginx.conf, httpd.conf, haproxy.cfg (includes followed)
  std::optional<std::string> server_name;  // chooses the server block, as SNI does
  std::optional<std::string> source;       // the client's address, for allow/deny and $remote_addr
  std::string uri = "/";                   // chooses the location
  x509::IdentityFiles identity;
  core::TimePoint at;
  std::optional<ServerType> type;  // nullopt: detected from the file's content
};

struct AuditRun {
  core::Report report;  // `check`'s verdict contract; refusals carry evidence.config "FILE:LINE"
  x509::Identity identity;
  std::optional<chain::CheckResult> verification;
  std::string server;  // "FILE:LINE" of the server block, <VirtualHost> or frontend judged
  core::TimePoint at;
  ServerType type = ServerType::Nginx;
  std::string chosen;  // how that block was chosen (e.g. "the first TLS frontend: HAProxy picks by address")
};

struct AuditFailure {
  core::Error error;
  bool identity_unreadable = false;
};

[[nodiscard]] std::expected<AuditRun, AuditFailure> audit_nginx(const AuditRequest& request,
                                                                const x509::PasswordProvider& password);
[[nodiscard]] std::expected<AuditRun, AuditFailure> audit_apache(const AuditRequest& request,
                                                                 const x509::PasswordProvider& password);
[[nodiscard]] std::expected<AuditRun, AuditFailure> audit_haproxy(const AuditRequest& request,
                                                                  const x509::PasswordProvider& password);
// The audit for request.type, or for the type detected from the file (an error when it cannot
// tell: give the type).
[[nodiscard]] std::expected<AuditRun, AuditFailure> audit_server_config(const AuditRequest& request,
                                                                        const x509::PasswordProvider& password);

// `diagnose --server-config`: a live verdict read against what the configuration predicts. The
// same refusal (access denied, or the same verification cause): the live finding gets
// evidence.config (the refusing line) and the summary names it. The server refused with
// access_denied/403 but the configuration lets the certificate through: policy-allows-refused;
// the server accepted a certificate the configuration refuses: policy-denies-accepted. Other
// live verdicts (network, trust of the server) are left alone.
void annotate(core::Report& live, const AuditRun& audit);

}  // namespace mtlsdoctor::servercfg
