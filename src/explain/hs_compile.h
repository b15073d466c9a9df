// Compiles the log patterns (log_patterns.h) into a Hyperscan block-mode database for this
// machine's CPU: at build time (hsdb/make_hs_database.cpp) and at run time when the built-in
// database does not fit (line_prefilter.cpp). Only in builds with Hyperscan.
#pragma once

#ifdef MTLSD_HAVE_HYPERSCAN
#include <hs/hs.h>

#include "log_patterns.h"
#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::explain::detail {

// The caller owns the database (hs_free_database). An error names the pattern Hyperscan refused.
[[nodiscard]] core::Result<hs_database_t*> compile_hyperscan(const LogPatterns& patterns);

}  // namespace mtlsdoctor::explain::detail
#endif
