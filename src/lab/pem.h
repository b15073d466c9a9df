// PEM encodings of what the lab writes.
#pragma once

#include <span>
#include <string>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::lab::detail {

// "CERTIFICATE" blocks, in the order given.
[[nodiscard]] core::Result<std::string> pem_certificates(std::span<X509* const> certs);
// One unencrypted PKCS#8 "PRIVATE KEY" block.
[[nodiscard]] core::Result<std::string> pem_private_key(EVP_PKEY* key);
// "X509 CRL" blocks, in the order given.
[[nodiscard]] core::Result<std::string> pem_crls(std::span<X509_CRL* const> crls);

}  // namespace mtlsdoctor::lab::detail
