// Draining OpenSSL's thread-local error queue into our Error, at the failure site.
#pragma once

#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::ossl {

// Empties the queue; returns its entries as "reason (lib)" strings, oldest first.
[[nodiscard]] std::vector<std::string> drain_errors();

// Discards whatever is queued (before an operation whose failure we will interpret ourselves).
void clear_errors() noexcept;

// An Error carrying the drained queue.
[[nodiscard]] core::Error error_from_queue(core::ErrorCategory category, std::string message, std::string subject = {});

}  // namespace mtlsdoctor::ossl
