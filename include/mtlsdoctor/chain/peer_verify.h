// What a TLS server concludes of the chain a client sent: OpenSSL's verification with libssl's
// settings (purpose, security level, CRLs), stopped at the first error as a server stops, and
// that error named in the cause vocabulary. `serve` refuses with it; `check` (check.h) instead
// runs on to list every problem.
#pragma once

#include <span>
#include <string>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/chain/trust_store.h"
#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/finding_ids.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::chain {

struct PeerVerification {
  bool ok = false;
  // The cause when refused: client-cert-expired, client-cert-untrusted-issuer, … (for a peer in
  // the server role, the server-cert-* counterparts).
  core::FindingId cause = core::FindingId::ClientCertRejected;
  int code = 0;         // X509_V_ERR_*; 0 when ok
  int depth = 0;        // where it failed: 0 the leaf
  std::string reason;   // OpenSSL's text for `code` ("certificate has expired")
  std::string subject;  // of the certificate at `depth`, RFC 4514
};

struct PeerVerifyOptions {
  Role peer_role = Role::Client;  // the role of the certificate's holder
  core::TimePoint at;
  int security_level = 2;  // OpenSSL's default: RSA ≥ 2048, no SHA-1
};

// `leaf` and the certificates sent after it (intermediates, perhaps strays), against `trust`.
// With CRLs in `trust`, every certificate of the path is checked (as nginx and Apache do).
// An error only when verification could not run at all.
[[nodiscard]] core::Result<PeerVerification> verify_peer(const TrustStore& trust, const x509::Certificate& leaf,
                                                         std::span<const x509::Certificate> sent,
                                                         const PeerVerifyOptions& options);

}  // namespace mtlsdoctor::chain
