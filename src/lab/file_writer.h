// Writing the lab's files: whole or not at all, private ones unreadable by others from the start.
#pragma once

#include <filesystem>
#include <string_view>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::lab::detail {

enum class FileMode {
  Public,   // 0644: certificates, CRLs, the manifest
  Private,  // 0600: private keys, PKCS#12 files, passwords
};

// Writes to a temporary file beside `path`, then renames it over `path`.
[[nodiscard]] core::Result<void> write_file(const std::filesystem::path& path, std::string_view bytes, FileMode mode);

}  // namespace mtlsdoctor::lab::detail
