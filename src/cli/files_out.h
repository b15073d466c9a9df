// Files the CLI writes for the user (fullchain -o, diagnose --save-chain): whole or not at all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::cli {

// Written beside `path` and renamed over it: a failed write never leaves half a file.
[[nodiscard]] core::Result<void> write_whole_file(const std::string& path, const std::string& bytes);

// DER certificates as PEM blocks, in order (the bytes as received, even ones OpenSSL cannot parse).
[[nodiscard]] std::string pem_certificates(const std::vector<std::vector<std::uint8_t>>& ders);

}  // namespace mtlsdoctor::cli
