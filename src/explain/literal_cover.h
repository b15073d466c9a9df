// A literal cover of the log patterns (log_patterns.h), for the first of explain --log's two
// Hyperscan passes (line_prefilter.cpp): literals such that every match of a covered pattern
// contains one of them, caselessly. A line that holds none of the literals matches no covered
// pattern, so only the lines around a literal (or around a match of an uncovered pattern, which
// the first pass looks for as it is) need the full patterns.
//
// The factors come from RE2's own analysis of each pattern's raw_analysis() (re2::FilteredRE2,
// one per pattern: its "atoms" and the AND/OR formula they must satisfy), read as a cover: when
// the formula is false with none of a set S of atoms present (every other atom present), every
// match holds some atom of S. S starts as all of a pattern's atoms and drops the ones with the
// shortest literals while that stays true, so each pattern keeps few, long literals.
// In raw_analysis() a separator run is one placeholder byte, so an atom may span words
// ("http<run>request"). An atom stands for the longest of its pieces that is not inside a common
// word of server logs; when every piece is, for a piece with the byte after (or before) it, which
// in a raw line is a separator byte or a placeholder byte of the line's own: "http" + each of
// those bytes, where "http" and "request" alone would flag every nginx line.
// Computed at build time for the built-in knowledge base (hsdb/make_hs_database.cpp) and at run
// time for another one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "log_patterns.h"

namespace mtlsdoctor::explain::detail {

struct LiteralCover {
  std::vector<std::string> literals;     // distinct, lowercase ASCII; matched caselessly
  std::vector<std::uint32_t> uncovered;  // pattern ids (LogPatterns order) without a cover: matched as they are
};

// Shorter factors are not used: they would flag most lines.
inline constexpr int kMinLiteral = 4;

[[nodiscard]] LiteralCover literal_cover(const LogPatterns& patterns);

}  // namespace mtlsdoctor::explain::detail
