// PKCS#12 files as today's tools and as older ones (Windows before 2019, Java before 8u301,
// `openssl pkcs12 -legacy`) write them.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::lab::detail {

enum class Pkcs12Profile {
  Modern,  // AES-256-CBC PBES2/PBKDF2 (hmacWithSHA256, 2048 iterations) for both bags, HMAC-SHA256 MAC
  Legacy,  // RC2-40 certificate bag, 3DES key bag, HMAC-SHA1 MAC; needs OpenSSL's legacy provider
};

struct Pkcs12Contents {
  std::string_view friendly_name;
  EVP_PKEY* key = nullptr;       // borrowed
  X509* cert = nullptr;          // borrowed
  std::span<X509* const> chain;  // borrowed, issuers after the leaf
};

// The DER encoding of the file.
[[nodiscard]] core::Result<std::string> write_pkcs12(Pkcs12Profile profile, const std::string& password,
                                                     const Pkcs12Contents& contents);

}  // namespace mtlsdoctor::lab::detail
