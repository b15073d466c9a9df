#include "mtlsdoctor/ossl/errors.h"

#include <fmt/format.h>
#include <openssl/err.h>

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

void clear_errors() noexcept {
  ERR_clear_error();
}

core::Error error_from_queue(core::ErrorCategory category, std::string message, std::string subject) {
  return core::Error{category, std::move(message), std::move(subject), drain_errors()};
}

}  // namespace mtlsdoctor::ossl
