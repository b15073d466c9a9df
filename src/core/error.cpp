#include "mtlsdoctor/core/error.h"

#include <fmt/format.h>

namespace mtlsdoctor::core {

std::string_view to_string(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::Usage: return "usage";
    case ErrorCategory::Io: return "io";
    case ErrorCategory::Parse: return "parse";
    case ErrorCategory::Password: return "password";
    case ErrorCategory::Unsupported: return "unsupported";
    case ErrorCategory::Limit: return "limit";
    case ErrorCategory::Crypto: return "crypto";
    case ErrorCategory::Internal: return "internal";
  }
  return "internal";
}

std::string Error::describe() const {
  std::string out = subject.empty() ? message : fmt::format("{}: {}", subject, message);
  if (!details.empty()) {
    out += fmt::format(" ({})", fmt::join(details, "; "));
  }
  return out;
}

}  // namespace mtlsdoctor::core
