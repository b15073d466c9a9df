// explain --log's input: a file (or "-", standard input) read in large blocks and fed to a
// LogScanner sized for it.
#pragma once

#include <string>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {

[[nodiscard]] core::Result<LogSummary> scan_log_file(const std::string& path, const Explainer& explainer);

}  // namespace mtlsdoctor::explain
