#pragma once

#include <cstdint>
#include <span>

#include "light_cert.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::x509::detail {

// Limits guard the report, not the parser: libcrypto has already decoded the certificate.
class NameCache;

// `name_cache` (may be null) holds issuer names already decoded. Fails (Parse) when a Name is one
// OpenSSL's X509_NAME decoder would refuse.
[[nodiscard]] core::Result<CertFacts> read_facts(const MTLSD_CERT& cert, std::span<const std::uint8_t> der,
                                                 std::size_t max_sans, NameCache* name_cache = nullptr);

[[nodiscard]] int rsa_security_bits(int bits) noexcept;
[[nodiscard]] std::string sha256_b64(std::span<const std::uint8_t> data);

}  // namespace mtlsdoctor::x509::detail
