// OCSP (RFC 6960): the status of a certificate asked of the responder its authorityInfoAccess
// names (http:// only), by POST, the signed answer verified against the trust anchors and the
// issuer; each (responder, certificate) asked once per sweep, and a responder that cannot be
// reached (refused, timed out) not asked again in the same sweep.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "mtlsdoctor/chain/trust_store.h"
#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::monitor::detail {

struct OcspStatus {
  enum class Kind { Good, Revoked, Unknown } kind = Kind::Unknown;
  std::optional<core::TimePoint> revoked_at;
  std::string url;
};

class OcspChecker {
 public:
  explicit OcspChecker(std::chrono::seconds timeout = std::chrono::seconds{10}) : m_timeout(timeout) {}
  // nullopt: the certificate names no http:// responder. An error: the responder could not be
  // asked or its answer not trusted (revocation not checkable).
  [[nodiscard]] std::optional<core::Result<OcspStatus>> check(const x509::Certificate& cert,
                                                              const x509::Certificate& issuer,
                                                              const chain::TrustStore& trust);

 private:
  core::Result<OcspStatus> ask(const std::string& url, const x509::Certificate& cert, const x509::Certificate& issuer,
                               const chain::TrustStore& trust);
  std::chrono::seconds m_timeout;
  std::map<std::string, core::Result<OcspStatus>> m_cache;  // by URL and certificate fingerprint
  std::map<std::string, core::Error> m_unusable;            // by URL: unreachable, or an HTTP error: asked once a sweep
};

}  // namespace mtlsdoctor::monitor::detail
