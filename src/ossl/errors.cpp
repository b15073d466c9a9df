#include "mtlsdoctor/ossl/errors.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace mtlsdoctor::ossl {

std::vector<std::string> drain_errors() {
  std::vector<std::string> out;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    const char* reason = ERR_reason_error_string(code);
    const char* lib = ERR_lib_error_string(code);
    std::string text = reason ? reason : fmt::format("error {:08X}", code);
    if (lib) text += fmt::format(" ({})", lib);
    // Consecutive duplicates (one failure reported by each decoder tried) say nothing new.
    if (out.empty() || out.back() != text) out.push_back(std::move(text));
  }
  return out;
}

std::optional<CodeWords> code_words(std::string_view hex) {
  if (hex.size() != 8) return std::nullopt;
  unsigned long code = 0;
  for (const char c : hex) {
    unsigned long digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned long>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned long>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<unsigned long>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    code = code << 4 | digit;
  }
  // OpenSSL 3: the library above bit 23, flags at bits 18-22 (ERR_RFLAG_COMMON for the reasons
  // every library shares, such as ERR_R_UNSUPPORTED), the reason below bit 12; the code is the
  // packed error as it is. 1.x: a function code in bits 12-23, repacked without it. A 1.x function
  // code can leave bits 12-17 clear too (0B080074): the other packing is tried when the first
  // names nothing.
  const unsigned long as_3 = code;
  const unsigned long as_1 = ERR_PACK(static_cast<int>((code >> 24) & 0xFFUL), 0, static_cast<int>(code & 0xFFFUL));
  const bool looks_3 = (code & 0x3F000UL) == 0;
  // The tables are loaded by the first use of libssl or libcrypto; a program that used neither yet
  // (explain) loads them here, once (OpenSSL makes repeated calls cheap and thread-safe).
  OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
  for (const unsigned long packed : {looks_3 ? as_3 : as_1, looks_3 ? as_1 : as_3}) {
    // OpenSSL 3's system errors (bit 31) carry an errno, not a reason of the tables.
    if ((packed & 0x80000000UL) != 0 || ERR_GET_LIB(packed) == 0 || ERR_GET_LIB(packed) == ERR_LIB_SYS ||
        ERR_GET_REASON(packed) == 0)
      continue;
    const char* words = ERR_reason_error_string(packed);
    if (words == nullptr) continue;
    const char* library = ERR_lib_error_string(packed);
    return CodeWords{library != nullptr ? library : "", words};
  }
  return std::nullopt;
}

void clear_errors() noexcept {
  ERR_clear_error();
}

core::Error error_from_queue(core::ErrorCategory category, std::string message, std::string subject) {
  return core::Error{category, std::move(message), std::move(subject), drain_errors()};
}

}  // namespace mtlsdoctor::ossl
