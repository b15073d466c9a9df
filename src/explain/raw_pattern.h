// The knowledge base's patterns are written against normalized text (knowledge_base.h:
// normalize(): every run of whitespace, '_' and escaped "\n", "\t", "\r" is one space, none at
// the ends). explain --log looks for candidate lines in the raw bytes instead, so that bytes no
// pattern can match are never copied or normalized. raw_superset() rewrites a pattern so that
// it matches a raw line whenever the original matches that line's normalized text:
//   - a space (or \s) becomes a run of separators: one normalized space is one raw run;
//   - an atom that can match a space (., [^...], a class holding a space) also takes a
//     separator unit, and its repeat count loses its upper bound (a run is longer than 1 byte);
//   - assertions (^ $ \b \B \A \z) are dropped: raw text has '_' and runs where the normalized
//     text has word boundaries and line ends.
// The result may match more lines (never fewer); the scanner then checks each candidate
// exactly on its normalized text, so the answers do not depend on this rewrite's precision.
// The output is Hyperscan (PCRE) syntax; negated classes never take '\n', so a match stays on
// its line.
#pragma once

#include <string>
#include <string_view>

namespace mtlsdoctor::explain::detail {

[[nodiscard]] std::string raw_superset(std::string_view pattern);

// For literal_cover.h's analysis: raw_superset() with every separator run written as one byte,
// kRunPlaceholder ("\x01" in the expression). A raw line matched by raw_superset(p), with each
// run that a space of p matched folded into that byte, is matched by raw_analysis(p); so a factor
// every match of raw_analysis(p) holds, "word" + kRunPlaceholder, says the raw line holds "word"
// followed by a separator byte (or by a kRunPlaceholder byte of its own).
inline constexpr char kRunPlaceholder = '\x01';
inline constexpr std::string_view kRunSeparatorBytes = "\t\x0b\x0c\r _\\ntr";  // the bytes of a run
[[nodiscard]] std::string raw_analysis(std::string_view pattern);

// The same rewrite for normalized text (normalize(): a run is one space, no '\n'): a space stays
// one space (or none where the pattern allows none), an atom that can match a space keeps only its
// count's lower bound, assertions are dropped. It matches a normalized text whenever the original
// does; Hyperscan runs it on the lines the first pass flags, which explain --log normalizes anyway:
// a word, a space and a word are one literal there, where in raw text a class run joins them.
[[nodiscard]] std::string normalized_superset(std::string_view pattern);

}  // namespace mtlsdoctor::explain::detail
