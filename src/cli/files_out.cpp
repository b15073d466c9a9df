#include "files_out.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace mtlsdoctor::cli {

core::Result<void> write_whole_file(const std::string& path, const std::string& bytes) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    errno = 0;
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.flush();
    if (!out) {
      const int err = errno;
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      return core::fail(core::ErrorCategory::Io,
                        err ? fmt::format("cannot write the output file: {}", std::strerror(err))
                            : std::string("cannot write the output file"),
                        path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot write the output file: {}", ec.message()), path);
  }
  return {};
}

std::string pem_certificates(const std::vector<std::vector<std::uint8_t>>& ders) {
  std::string out;
  for (const auto& der : ders) {
    std::string b64(4 * ((der.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), der.data(), static_cast<int>(der.size()));
    b64.resize(static_cast<std::size_t>(std::max(n, 0)));
    out += "-----BEGIN CERTIFICATE-----\n";
    for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
    out += "-----END CERTIFICATE-----\n";
  }
  return out;
}

}  // namespace mtlsdoctor::cli
