// The expressions explain --log's prefilters look for in raw lines (line_prefilter.h), in pattern
// id order, with the knowledge-base entry each comes from: every non-fallback entry's patterns
// rewritten for raw text (raw_pattern.h), and the bare OpenSSL error code. One definition for the
// run-time prefilters and the build-time Hyperscan database (hsdb/make_hs_database.cpp), with a
// digest that tells whether a database built from them fits a knowledge base.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mtlsdoctor/explain/knowledge_base.h"

namespace mtlsdoctor::explain::detail {

struct LogPatterns {
  static constexpr std::uint32_t kNoEntry = UINT32_MAX;  // the bare OpenSSL code: no entry of its own
  std::vector<std::string> expressions;                  // raw_superset() of each pattern (PCRE syntax)
  std::vector<std::string> analysis;                     // raw_analysis() of each: for literal_cover()
  std::vector<std::string> normalized;                   // normalized_superset() of each: for flagged lines
  std::vector<std::uint32_t> entries;                    // per expression: its index in kb.entries, or kNoEntry
  std::uint64_t digest = 0;                              // FNV-1a over the expressions and Hyperscan's flags
};

// Hyperscan's flags for every expression (caseless; an empty match is allowed, the line counts).
inline constexpr unsigned kHyperscanFlags = 1U | 16U;  // HS_FLAG_CASELESS | HS_FLAG_ALLOWEMPTY

[[nodiscard]] LogPatterns log_patterns(const KnowledgeBase& kb);

// Index ranges [first, last) of consecutive `patterns`, each closed once it holds `budget` bytes
// of pattern text or more (the last may hold less; none when `patterns` is empty). For RE2
// programs of a bounded size: each new DFA state costs RE2 an array the size of its program, so
// explain --log's RE2 prefilter (line_prefilter.cpp) and explain TEXT's RE2 sets (explainer.cpp)
// each compile their patterns in groups rather than as one program.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> groups_by_bytes(const std::vector<std::string>& patterns,
                                                                               std::size_t budget);

}  // namespace mtlsdoctor::explain::detail
