#include "key_factory.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "mtlsdoctor/ossl/errors.h"

namespace mtlsdoctor::lab::detail {
namespace {

core::Result<ossl::EvpPkeyPtr> generate(const char* algorithm, KeyType type) {
  ossl::EvpPkeyCtxPtr ctx{EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr)};
  bool ok = ctx && EVP_PKEY_keygen_init(ctx.get()) == 1;
  switch (type) {
    case KeyType::EcP256: ok = ok && EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") == 1; break;
    case KeyType::Rsa1024: ok = ok && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 1024) == 1; break;
    case KeyType::Rsa2048: ok = ok && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) == 1; break;
  }
  EVP_PKEY* key = nullptr;
  if (!ok || EVP_PKEY_generate(ctx.get(), &key) != 1) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot generate a key pair"));
  }
  return ossl::EvpPkeyPtr{key};
}

}  // namespace

core::Result<ossl::EvpPkeyPtr> generate_key(KeyType type) {
  return generate(type == KeyType::EcP256 ? "EC" : "RSA", type);
}

}  // namespace mtlsdoctor::lab::detail
