#include "lone_leaf.h"

#include <openssl/x509_vfy.h>

#include <algorithm>
#include <chrono>

namespace mtlsdoctor::chain::detail {
namespace {

using x509::KeyPurpose;
using x509::KeyUsage;

// x509_vfy.c check_key_level: the bits of security each auth level needs (levels above 5 are 5).
bool key_strong_enough(const x509::CertFacts& f, int level) {
  static constexpr int kMinBits[] = {80, 112, 128, 192, 256};
  if (level <= 0) return true;
  return f.key.security_bits >= kMinBits[std::min(level, 5) - 1];
}

bool any_usage(const x509::CertFacts& f, std::initializer_list<KeyUsage> usages) {
  return std::any_of(usages.begin(), usages.end(), [&](KeyUsage u) { return f.has_key_usage(u); });
}

// v3_purp.c check_purpose_ssl_client / check_purpose_ssl_server for a leaf (ca = 0): an EKU
// without the role's purpose, or a keyUsage without a bit the role's TLS use needs, rejects it.
// Netscape certificate types and SGC purposes are not among the facts: such certificates are
// never judged here (verifier_facts_complete).
bool purpose_fits(const x509::CertFacts& f, Role role) {
  if (role == Role::Client) {
    if (f.extended_key_usage && !f.has_eku(KeyPurpose::ClientAuth)) return false;
    return !f.key_usage || any_usage(f, {KeyUsage::DigitalSignature, KeyUsage::KeyAgreement});
  }
  if (f.extended_key_usage && !f.has_eku(KeyPurpose::ServerAuth)) return false;
  return !f.key_usage || any_usage(f, {KeyUsage::DigitalSignature, KeyUsage::KeyEncipherment, KeyUsage::KeyAgreement});
}

}  // namespace

bool judged_alone(const Identity& identity, const TrustStore& store, const CheckOptions& options) {
  const auto& f = identity.leaf.facts();
  return store.trust().anchors.empty() && store.trust().crls.empty() && identity.offered.empty() && !options.host &&
         f.verifier_facts_complete && !f.self_issued && !f.is_ca();
}

VerifyOutcome lone_leaf_outcome(const Identity& identity, const CheckOptions& options) {
  const auto& f = identity.leaf.facts();
  VerifyOutcome out;
  // The subject text OpenSSL gives is read only for CRL errors, which a leaf without CRLs has none of.
  const auto error = [&](int code) { out.errors.push_back({code, 0, X509_verify_cert_error_string(code), {}}); };
  if (!key_strong_enough(f, options.security_level)) error(X509_V_ERR_EE_KEY_TOO_SMALL);
  error(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  if (!purpose_fits(f, options.role)) error(X509_V_ERR_INVALID_PURPOSE);
  error(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
  // x509_check_cert_time at the verification time, whole seconds (X509_VERIFY_PARAM_set_time):
  // not yet valid while notBefore is later; expired once notAfter is not later (X509_cmp_time).
  const auto at = std::chrono::system_clock::to_time_t(options.at);
  if (std::chrono::system_clock::to_time_t(f.not_before) > at) error(X509_V_ERR_CERT_NOT_YET_VALID);
  if (std::chrono::system_clock::to_time_t(f.not_after) <= at) error(X509_V_ERR_CERT_HAS_EXPIRED);
  out.path.push_back({identity.leaf, false});
  return out;
}

}  // namespace mtlsdoctor::chain::detail
