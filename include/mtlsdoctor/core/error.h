// Operational failures: what went wrong, where (file or peer), and the library's own words.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace mtlsdoctor::core {

enum class ErrorCategory {
  Usage,        // the caller asked for something impossible (bad flag value, missing input)
  Io,           // a file or directory could not be read
  Parse,        // the content is not what it claims to be (bad PEM, DER garbage)
  Password,     // a password is needed, missing, or wrong
  Unsupported,  // understood but not supported (algorithm, format)
  Limit,        // input exceeds a safety bound (size, count)
  Crypto,       // a cryptographic operation failed
  Internal,     // a broken invariant surfaced as an error
};

[[nodiscard]] std::string_view to_string(ErrorCategory category) noexcept;

struct Error {
  ErrorCategory category = ErrorCategory::Internal;
  std::string message;               // one line, never key material or passwords
  std::string subject;               // the file or peer concerned; may be empty
  std::vector<std::string> details;  // drained library errors, most specific last

  // "subject: message (detail; detail)" on one line.
  [[nodiscard]] std::string describe() const;
};

template <class T>
using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(ErrorCategory category, std::string message,
                                                 std::string subject = {}) {
  return std::unexpected(Error{category, std::move(message), std::move(subject), {}});
}

}  // namespace mtlsdoctor::core
