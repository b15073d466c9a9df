#include "mtlsdoctor/x509/private_key.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "facts.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::x509 {
namespace {

KeyInfo describe(EVP_PKEY* pkey) {
  KeyInfo info;
  info.bits = EVP_PKEY_get_bits(pkey);
  info.security_bits = EVP_PKEY_get_security_bits(pkey);
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    info.type = KeyType::Rsa;
  } else if (EVP_PKEY_is_a(pkey, "RSA-PSS")) {
    info.type = KeyType::RsaPss;
  } else if (EVP_PKEY_is_a(pkey, "EC")) {
    info.type = KeyType::Ec;
    char group[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(pkey, group, sizeof group, &len)) info.curve = group;
  } else if (EVP_PKEY_is_a(pkey, "ED25519")) {
    info.type = KeyType::Ed25519;
  } else if (EVP_PKEY_is_a(pkey, "ED448")) {
    info.type = KeyType::Ed448;
  } else if (EVP_PKEY_is_a(pkey, "DSA")) {
    info.type = KeyType::Dsa;
  } else {
    const char* name = EVP_PKEY_get0_type_name(pkey);
    info.type = KeyType::Other;
    info.other = name ? name : "unknown";
  }
  return info;
}

}  // namespace

PrivateKey::PrivateKey(evp_pkey_st* pkey, std::string source, std::string format)
    : m_pkey(ossl::EvpPkeyPtr{pkey}), m_source(std::move(source)), m_format(std::move(format)), m_info(describe(pkey)) {
  unsigned char* spki = nullptr;
  const int len = i2d_PUBKEY(pkey, &spki);
  if (len > 0) {
    m_spki_sha256 = detail::sha256_b64({spki, static_cast<std::size_t>(len)});
    OPENSSL_free(spki);
  }
}

bool PrivateKey::matches(const Certificate& cert) const noexcept {
  if (!m_spki_sha256.empty() && m_spki_sha256 == cert.facts().spki_sha256) return true;
  // Same key, other encoding (an EC point compressed in one and not the other): ask OpenSSL.
  auto x509 = cert.native();
  if (!x509) return false;
  EVP_PKEY* pub = X509_get0_pubkey(*x509);
  return pub && EVP_PKEY_eq(pub, m_pkey.get()) == 1;
}

}  // namespace mtlsdoctor::x509
