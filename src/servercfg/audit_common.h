// What the nginx, Apache httpd and HAProxy audits share: verifying the identity with the trust
// a configuration names, and turning a refusal (or rules that could not be evaluated) into the
// verdict with `evidence.config`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/servercfg/audit.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {

// The access rule that refuses: `status` is the HTTP status, 0 when the server closes the
// connection instead (HAProxy `tcp-request … reject`).
struct Refusal {
  const Directive* by = nullptr;
  int status = 403;
  std::string why;
};

struct NotEvaluated {
  const Directive* by = nullptr;
  std::string why;
};

struct AccessOutcome {
  std::optional<Refusal> refusal;
  std::vector<NotEvaluated> not_evaluated;
};

// Verifies run.identity as a server with these CA and CRL files would (OpenSSL path building,
// CRLs checked for the whole chain when given). Fills run.verification; false when it refuses
// (run.report is then the verification's report).
[[nodiscard]] core::Result<bool> verify_with(AuditRun& run, const std::vector<std::string>& ca_files,
                                             const std::vector<std::string>& crl_files, core::TimePoint at,
                                             const x509::PasswordProvider& password);

// The verification's cause blamed on the directive that decides it (`trust`, `crl` or `mode`
// for expiry and usage), with how the server answers.
void blame_verification(core::Report& report, const Directive* trust, const Directive* crl, const Directive* mode,
                        const std::string& fallback, std::string_view server_answer);

// The server does not ask for a client certificate.
void not_requested(AuditRun& run, const Directive* mode, const std::string& fallback, std::string message);

// The chain is longer than the verify depth allows.
void chain_too_long(AuditRun& run, const Directive* depth, const std::string& fallback, std::string message,
                    std::string fix);

// The verdict from the access rules: refused (client-access-denied naming the line), not
// evaluated (policy-not-evaluated, confidence possible), or ok; then the not-evaluated findings
// and the verification's own findings (with `crl_fix` for revocation-not-checked).
void conclude(AuditRun& run, std::string_view server_name, const AccessOutcome& access, const std::string& who,
              const std::string& accepted, const std::string& crl_fix);

}  // namespace mtlsdoctor::servercfg
