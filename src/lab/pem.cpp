#include "pem.h"

#include <openssl/pem.h>

#include "mtlsdoctor/ossl/errors.h"

namespace mtlsdoctor::lab::detail {
namespace {

core::Result<std::string> encode(const char* what, auto&& write_blocks) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio || !write_blocks(bio.get())) {
    return std::unexpected(
        ossl::error_from_queue(core::ErrorCategory::Crypto, std::string("cannot PEM-encode ") + what));
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

core::Result<std::string> pem_certificates(std::span<X509* const> certs) {
  return encode("a certificate", [&](BIO* bio) {
    for (X509* cert : certs) {
      if (PEM_write_bio_X509(bio, cert) != 1) return false;
    }
    return true;
  });
}

core::Result<std::string> pem_private_key(EVP_PKEY* key) {
  return encode("a private key", [&](BIO* bio) {
    return PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
}

core::Result<std::string> pem_crls(std::span<X509_CRL* const> crls) {
  return encode("a CRL", [&](BIO* bio) {
    for (X509_CRL* crl : crls) {
      if (PEM_write_bio_X509_CRL(bio, crl) != 1) return false;
    }
    return true;
  });
}

}  // namespace mtlsdoctor::lab::detail
