#include "mtlsdoctor/chain/peer_verify.h"

#include <openssl/x509_vfy.h>

#include <chrono>

#include "classify.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "role.h"
#include "verify.h"

namespace mtlsdoctor::chain {
namespace {

using core::FindingId;

// The purpose error at the leaf: a missing clientAuth/serverAuth EKU, else keyUsage without
// digitalSignature (OpenSSL reports both as "unsupported certificate purpose").
FindingId purpose_cause(const x509::CertFacts& leaf, Role role) {
  const auto purpose = detail::eku_purpose(role);
  if (leaf.extended_key_usage && !leaf.has_eku(purpose)) {
    return detail::id_for(role, FindingId::ClientCertMissingClientAuthEku);
  }
  if (leaf.key_usage && !leaf.has_key_usage(x509::KeyUsage::DigitalSignature)) {
    return detail::id_for(role, FindingId::ClientCertBadKeyUsage);
  }
  return detail::id_for(role, FindingId::ClientChainInvalid);
}

std::string subject_at(X509_STORE_CTX* ctx) {
  X509* cert = X509_STORE_CTX_get_current_cert(ctx);
  if (!cert) return {};
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string{};
}

}  // namespace

core::Result<PeerVerification> verify_peer(const TrustStore& trust, const x509::Certificate& leaf,
                                           std::span<const x509::Certificate> sent, const PeerVerifyOptions& options) {
  auto started = detail::start_verify(trust, leaf, sent, options.peer_role, options.security_level, options.at);
  if (!started) return std::unexpected(started.error());
  X509_STORE_CTX* ctx = started->ctx.get();
  const int rc = X509_verify_cert(ctx);
  PeerVerification out;
  if (rc == 1) {
    out.ok = true;
    ossl::clear_errors();
    return out;
  }
  out.code = X509_STORE_CTX_get_error(ctx);
  if (rc < 0 && out.code == X509_V_OK) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "verification could not run"));
  }
  ossl::clear_errors();
  out.depth = X509_STORE_CTX_get_error_depth(ctx);
  out.reason = X509_verify_cert_error_string(out.code);
  out.subject = subject_at(ctx);
  const detail::ChainShape shape{.have_anchors = true};
  if (out.code == X509_V_ERR_INVALID_PURPOSE && out.depth == 0) {
    out.cause = purpose_cause(leaf.facts(), options.peer_role);
  } else if (const auto c = detail::classify(out.code, out.depth, options.peer_role, shape)) {
    // A CRL that could not be found or used refuses the certificate without saying it is bad.
    out.cause = c->id == FindingId::RevocationUnknown ? detail::id_for(options.peer_role, FindingId::ClientCertRejected)
                                                      : c->id;
  } else {
    out.cause = detail::id_for(options.peer_role, FindingId::ClientCertRejected);
  }
  return out;
}

}  // namespace mtlsdoctor::chain
