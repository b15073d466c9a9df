// Loading certificates, keys and CRLs from PEM (any number of blocks, any order, text between
// them), DER and PKCS#12. The content decides the format, never the file name.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/crl.h"
#include "mtlsdoctor/x509/load_context.h"
#include "mtlsdoctor/x509/private_key.h"

namespace mtlsdoctor::x509 {

enum class SourceFormat { Pem, Der, Pkcs12 };
[[nodiscard]] std::string_view to_string(SourceFormat f) noexcept;

struct Pkcs12Info {
  std::string mac;                     // digest of the integrity MAC: "SHA256", "SHA1", or "none"
  std::string certificate_encryption;  // "AES-256-CBC, PBKDF2 (hmacWithSHA256, 2048 iterations)" or "none"
  std::string key_encryption;
  bool legacy = false;  // needs OpenSSL's legacy provider (RC2, RC4, 3DES)
};

struct Bundle {
  std::string source;
  SourceFormat format = SourceFormat::Pem;
  std::vector<Certificate> certificates;
  std::vector<PrivateKey> keys;
  std::vector<Crl> crls;
  std::optional<Pkcs12Info> pkcs12;
  std::vector<std::string> skipped;  // PEM blocks of other kinds, by label
};

// Asked for a password only when one is needed; `what` says for what ("PKCS#12 file x.p12").
using PasswordProvider = std::function<core::Result<std::string>(std::string_view what)>;

struct LoadLimits {
  std::size_t max_file_bytes = 32u << 20;
  std::size_t max_objects = 200'000;
  std::size_t max_sans = 4096;
};

// `context`: what loads of many files share (one per thread); when null, the certificates of
// this one file still share one.
[[nodiscard]] core::Result<Bundle> load_bytes(std::string_view bytes, std::string_view source,
                                              const PasswordProvider& password, const LoadLimits& limits = {},
                                              LoadContext* context = nullptr);
[[nodiscard]] core::Result<Bundle> load_file(const std::filesystem::path& path, const PasswordProvider& password,
                                             const LoadLimits& limits = {}, LoadContext* context = nullptr);

// A provider that has no password: fails with a Password error naming what needed one.
[[nodiscard]] PasswordProvider no_password();

}  // namespace mtlsdoctor::x509
