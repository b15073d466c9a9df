#include "ocsp.h"

#include <fmt/format.h>
#include <openssl/ocsp.h>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/probe/http_client.h"

namespace mtlsdoctor::monitor::detail {
namespace {

constexpr std::size_t kMaxResponse = 1u << 20;

core::Error failure(std::string message, const std::string& url) {
  return core::Error{core::ErrorCategory::Io, std::move(message), url, {}};
}

std::optional<core::TimePoint> to_time(const ASN1_GENERALIZEDTIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return core::TimePoint{std::chrono::seconds{timegm(&tm)}};
}

}  // namespace

std::optional<core::Result<OcspStatus>> OcspChecker::check(const x509::Certificate& cert,
                                                           const x509::Certificate& issuer,
                                                           const chain::TrustStore& trust) {
  for (const auto& url : cert.facts().ocsp_urls) {
    if (!url.starts_with("http://")) continue;
    const std::string key = url + "\n" + cert.facts().sha256_fingerprint;
    auto it = m_cache.find(key);
    if (it != m_cache.end()) return it->second;
    // A dead or failing responder costs one question per sweep, not one per certificate it covers.
    if (auto down = m_unusable.find(url); down != m_unusable.end())
      return core::Result<OcspStatus>(std::unexpected(down->second));
    return m_cache.emplace(key, ask(url, cert, issuer, trust)).first->second;
  }
  return std::nullopt;
}

core::Result<OcspStatus> OcspChecker::ask(const std::string& url, const x509::Certificate& cert,
                                          const x509::Certificate& issuer, const chain::TrustStore& trust) {
  auto parsed = probe::parse_http_url(url);
  if (!parsed) return std::unexpected(parsed.error());
  auto leaf = cert.native();
  auto ca = issuer.native();
  if (!leaf || !ca) return std::unexpected(failure("cannot decode the certificate", url));
  ossl::clear_errors();
  ossl::OcspCertIdPtr id{OCSP_cert_to_id(nullptr, *leaf, *ca)};
  ossl::OcspRequestPtr request{OCSP_REQUEST_new()};
  if (!id || !request)
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot make the OCSP request"));
  ossl::OcspCertIdPtr id_copy{OCSP_CERTID_dup(id.get())};
  if (!id_copy || !OCSP_request_add0_id(request.get(), id_copy.get()))
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot make the OCSP request"));
  (void)id_copy.release();  // the request owns it now
  unsigned char* raw = nullptr;
  const int len = i2d_OCSP_REQUEST(request.get(), &raw);
  const ossl::OpensslBytesPtr der{raw};
  if (len <= 0)
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot encode the OCSP request"));
  const std::string body(reinterpret_cast<const char*>(der.get()), static_cast<std::size_t>(len));
  auto answer =
      probe::http_request(*parsed, "POST", probe::HttpBody{"application/ocsp-request", body}, m_timeout, kMaxResponse);
  if (!answer) {
    if (answer.error().category != core::ErrorCategory::Limit) m_unusable.emplace(url, answer.error());
    return std::unexpected(answer.error());
  }
  // A responder says what it thinks of one certificate inside a 200 answer (RFC 6960 A.1); an
  // HTTP error is the responder's own state (down, overloaded, not an OCSP responder at all) and
  // would be the same for every certificate: it is not asked again this sweep.
  if (answer->status != 200) {
    auto error = failure(fmt::format("the responder answered HTTP {}", answer->status), url);
    m_unusable.emplace(url, error);
    return std::unexpected(std::move(error));
  }
  const auto* p = reinterpret_cast<const unsigned char*>(answer->body.data());
  ossl::OcspResponsePtr response{d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(answer->body.size()))};
  if (!response) return std::unexpected(failure("the answer is not an OCSP response", url));
  if (const int status = OCSP_response_status(response.get()); status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    return std::unexpected(failure(fmt::format("the responder refused: {}", OCSP_response_status_str(status)), url));
  ossl::OcspBasicRespPtr basic{OCSP_response_get1_basic(response.get())};
  if (!basic) return std::unexpected(failure("the OCSP response holds no basic response", url));
  // Signed by the issuer itself or by a responder it delegated to, chaining to the anchors.
  ossl::X509StackPtr issuers{sk_X509_new_null()};
  if (!issuers || !sk_X509_push(issuers.get(), *ca)) return std::unexpected(failure("out of memory", url));
  X509_up_ref(*ca);
  const unsigned long flags = trust.trust().anchors.empty() ? OCSP_TRUSTOTHER : 0;
  if (OCSP_basic_verify(basic.get(), issuers.get(), trust.native(), flags) <= 0) {
    ossl::clear_errors();
    return std::unexpected(failure("the OCSP response's signature does not verify", url));
  }
  int status = 0, reason = 0;
  ASN1_GENERALIZEDTIME *revoked = nullptr, *this_update = nullptr, *next_update = nullptr;
  if (!OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked, &this_update, &next_update))
    return std::unexpected(failure("the OCSP response does not answer for this certificate", url));
  OcspStatus out;
  out.url = url;
  if (status == V_OCSP_CERTSTATUS_GOOD) {
    out.kind = OcspStatus::Kind::Good;
  } else if (status == V_OCSP_CERTSTATUS_REVOKED) {
    out.kind = OcspStatus::Kind::Revoked;
    out.revoked_at = to_time(revoked);
  }
  return out;
}

}  // namespace mtlsdoctor::monitor::detail
