#pragma once

#include <cstdint>
#include <span>

#include "light_cert.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::x509::detail {

// Limits guard the report, not the parser: libcrypto has already decoded the certificate.
[[nodiscard]] core::Result<CertFacts> read_facts(const MTLSD_CERT& cert, std::span<const std::uint8_t> der,
                                                 std::size_t max_sans);

[[nodiscard]] int rsa_security_bits(int bits) noexcept;
[[nodiscard]] std::string sha256_b64(std::span<const std::uint8_t> data);

}  // namespace mtlsdoctor::x509::detail
