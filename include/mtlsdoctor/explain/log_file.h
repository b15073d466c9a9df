// explain --log's input: a file (or "-", standard input) fed to a LogScanner sized for it. A
// regular file is memory-mapped (read once, sequentially: posix_fadvise and madvise say so);
// anything else (a pipe, a terminal, a special file) is read in large blocks.
#pragma once

#include <string>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {

// `options.expected_bytes` is set from the file; errors name the file ("stdin" for "-").
[[nodiscard]] core::Result<LogSummary> scan_log_file(const std::string& path, const Explainer& explainer,
                                                     LogScanOptions options = {});

}  // namespace mtlsdoctor::explain
