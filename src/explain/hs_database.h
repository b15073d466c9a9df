// The Hyperscan databases of the built-in knowledge base's log patterns (log_patterns.h) and of
// the first pass in front of them (literal_cover.h), and of the same patterns for normalized
// text (raw_pattern.h: normalized_superset()), which the lines the first pass flags are scanned
// with, compiled
// and serialized at build time by hsdb/make_hs_database.cpp and linked into the library: at run
// time hs_deserialize_database() loads it in milliseconds where hs_compile_multi() of the ~950
// patterns took seconds at every run. Only in builds with Hyperscan (MTLSD_HAVE_HYPERSCAN).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mtlsdoctor::explain::detail {

struct SerializedHsDatabase {
  const char* bytes = nullptr;  // the log patterns
  std::size_t size = 0;
  const char* first_pass_bytes = nullptr;  // their literal cover and the uncovered patterns (hs_compile.h)
  std::size_t first_pass_size = 0;
  const char* normalized_bytes = nullptr;  // the log patterns for normalized text (LogPatterns::normalized)
  std::size_t normalized_size = 0;
  std::uint64_t patterns_digest = 0;  // LogPatterns::digest of the expressions it was compiled from
};

// Defined by the generated source (build/generated/explain_hs_database.cpp).
[[nodiscard]] SerializedHsDatabase builtin_hs_database() noexcept;

}  // namespace mtlsdoctor::explain::detail
