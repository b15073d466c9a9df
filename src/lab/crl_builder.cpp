#include "crl_builder.h"

#include <openssl/x509v3.h>

#include "mtlsdoctor/ossl/errors.h"

namespace mtlsdoctor::lab::detail {
namespace {

std::unexpected<core::Error> crypto_error(std::string message) {
  return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, std::move(message)));
}

int reason_code(RevocationReason reason) noexcept {
  switch (reason) {
    case RevocationReason::KeyCompromise: return CRL_REASON_KEY_COMPROMISE;
  }
  return CRL_REASON_UNSPECIFIED;
}

core::Result<ossl::X509RevokedPtr> revoked_entry(const Revocation& r) {
  auto when = asn1_time(r.revoked_at);
  if (!when) return std::unexpected(when.error());
  ossl::X509RevokedPtr entry{X509_REVOKED_new()};
  ossl::Asn1EnumeratedPtr reason{ASN1_ENUMERATED_new()};
  // X509_REVOKED_set_serialNumber copies the serial; its parameter is not const-qualified in 3.0.
  auto* serial = const_cast<ASN1_INTEGER*>(X509_get0_serialNumber(r.cert));
  if (!entry || !reason || X509_REVOKED_set_serialNumber(entry.get(), serial) != 1 ||
      X509_REVOKED_set_revocationDate(entry.get(), when->get()) != 1 ||
      ASN1_ENUMERATED_set(reason.get(), reason_code(r.reason)) != 1 ||
      X509_REVOKED_add1_ext_i2d(entry.get(), NID_crl_reason, reason.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return crypto_error("cannot encode a CRL entry");
  }
  return entry;
}

}  // namespace

core::Result<ossl::X509CrlPtr> build_crl(const CrlSpec& spec, Issuer issuer) {
  ossl::X509CrlPtr crl{X509_CRL_new()};
  if (!crl) return crypto_error("cannot allocate a CRL");
  auto last = asn1_time(spec.last_update);
  if (!last) return std::unexpected(last.error());
  auto next = asn1_time(spec.next_update);
  if (!next) return std::unexpected(next.error());
  auto akid = authority_key_id(issuer.cert);
  if (!akid) return std::unexpected(akid.error());
  ossl::Asn1IntegerPtr number{ASN1_INTEGER_new()};

  X509_CRL* c = crl.get();
  if (X509_CRL_set_version(c, X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer.cert)) != 1 ||
      X509_CRL_set1_lastUpdate(c, last->get()) != 1 || X509_CRL_set1_nextUpdate(c, next->get()) != 1 ||
      X509_CRL_add1_ext_i2d(c, NID_authority_key_identifier, akid->get(), 0, X509V3_ADD_DEFAULT) != 1 || !number ||
      ASN1_INTEGER_set(number.get(), spec.number) != 1 ||
      X509_CRL_add1_ext_i2d(c, NID_crl_number, number.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return crypto_error("cannot fill in the CRL");
  }
  for (const Revocation& r : spec.revoked) {
    auto entry = revoked_entry(r);
    if (!entry) return std::unexpected(entry.error());
    if (X509_CRL_add0_revoked(c, entry->get()) != 1) return crypto_error("cannot add a CRL entry");
    static_cast<void>(entry->release());  // now owned by the CRL
  }
  if (X509_CRL_sort(c) != 1 || X509_CRL_sign(c, issuer.key, EVP_sha256()) <= 0) {
    return crypto_error("cannot sign the CRL");
  }
  return crl;
}

}  // namespace mtlsdoctor::lab::detail
