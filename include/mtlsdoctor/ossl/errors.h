// Draining OpenSSL's thread-local error queue into our Error, at the failure site.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::ossl {

// Empties the queue; returns its entries as "reason (lib)" strings, oldest first.
[[nodiscard]] std::vector<std::string> drain_errors();

// Discards whatever is queued (before an operation whose failure we will interpret ourselves).
void clear_errors() noexcept;

// What OpenSSL's own tables say of an error code as logs print it, eight hex digits: its
// library ("SSL routines") and its reason ("certificate verify failed" for 0A000086). OpenSSL 3's
// packing (library << 23 | flags << 18 | reason) when bits 12-17 are clear, else 1.x's (library
// << 24 | function << 12 | reason); reason numbers are the same in both. Nothing for a system
// error (errno), a reason this libcrypto does not know, or anything but eight hex digits.
struct CodeWords {
  std::string library;  // empty when the table has no name for it
  std::string reason;
};
[[nodiscard]] std::optional<CodeWords> code_words(std::string_view hex);

// An Error carrying the drained queue.
[[nodiscard]] core::Error error_from_queue(core::ErrorCategory category, std::string message, std::string subject = {});

}  // namespace mtlsdoctor::ossl
