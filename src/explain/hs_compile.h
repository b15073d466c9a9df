// Compiles the log patterns (log_patterns.h), and their literal cover (literal_cover.h), into
// Hyperscan block-mode databases for this machine's CPU: at build time (hsdb/make_hs_database.cpp) and at run time when
// the built-in database does not fit (line_prefilter.cpp). Only in builds with Hyperscan.
#pragma once

#ifdef MTLSD_HAVE_HYPERSCAN
#include <hs/hs.h>

#include "literal_cover.h"
#include "log_patterns.h"
#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::explain::detail {

// Frees a database these return: std::unique_ptr<hs_database_t, HsDatabaseFree>, or a shared_ptr's
// deleter.
struct HsDatabaseFree {
  void operator()(hs_database_t* d) const noexcept { hs_free_database(d); }
};

// The caller owns the database (HsDatabaseFree). An error names the pattern Hyperscan refused.
[[nodiscard]] core::Result<hs_database_t*> compile_hyperscan(const LogPatterns& patterns);
// The same patterns for normalized text (LogPatterns::normalized), same ids: what the lines the
// first pass flags are scanned with, once normalized.
[[nodiscard]] core::Result<hs_database_t*> compile_hyperscan_normalized(const LogPatterns& patterns);
// The first pass (line_prefilter.cpp): the cover's literals (caseless) and the uncovered patterns
// as they are. A line it finds nothing in matches no pattern; its pattern ids mean nothing.
[[nodiscard]] core::Result<hs_database_t*> compile_hyperscan_first_pass(const LiteralCover& cover,
                                                                        const LogPatterns& patterns);

}  // namespace mtlsdoctor::explain::detail
#endif
