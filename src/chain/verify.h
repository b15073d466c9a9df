// OpenSSL's own verification, run to the end: the callback records every error at every
// depth instead of stopping at the first, which is what a server would stop at.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::chain::detail {

struct VerifyError {
  int code = 0;  // X509_V_ERR_*
  int depth = 0;
  std::string text;     // X509_verify_cert_error_string
  std::string subject;  // of the certificate at that depth
};

// A CRL found for the top of a path whose issuer is not known: nothing can verify it.
struct CrlWithoutIssuer {
  int depth = 0;
  bool lists_it = false;  // the unverified CRL names the certificate as revoked
};

struct VerifyOutcome {
  std::vector<VerifyError> errors;  // in the order OpenSSL met them
  std::vector<PathEntry> path;
  std::optional<CrlWithoutIssuer> crl_without_issuer;
};

// A verification context set up as libssl sets it up (ssl_verify_cert_chain): the purpose of the
// peer's role, the security level as auth level, the time, every level's CRL when there are CRLs.
struct VerifyContext {
  ossl::X509StackPtr untrusted;  // must outlive ctx
  ossl::X509StoreCtxPtr ctx;
};
[[nodiscard]] core::Result<VerifyContext> start_verify(const TrustStore& store, const x509::Certificate& leaf,
                                                       std::span<const x509::Certificate> sent, Role role,
                                                       int security_level, core::TimePoint at);

// The certificate of `certs` with the same DER as `x`, if any (maps OpenSSL's chain back to ours).
[[nodiscard]] const x509::Certificate* find_by_der(const std::vector<x509::Certificate>& certs, x509_st* x);

[[nodiscard]] core::Result<VerifyOutcome> run_openssl_verify(const Identity& identity, const TrustStore& store,
                                                             const CheckOptions& options);

}  // namespace mtlsdoctor::chain::detail
