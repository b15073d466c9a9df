#pragma once

#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::x509::detail {

// Reads a DER PKCS#12 into `out` (certificates, key, encryption description). Returns an
// error when `der` is a PKCS#12 that cannot be opened; `std::nullopt`-like "not PKCS#12" is
// reported as a Parse error with `not_pkcs12` set.
struct Pkcs12Attempt {
  bool is_pkcs12 = false;
  core::Result<void> result;
};

[[nodiscard]] Pkcs12Attempt load_pkcs12(std::string_view der, Bundle& out, const PasswordProvider& password,
                                        const LoadLimits& limits);

}  // namespace mtlsdoctor::x509::detail
