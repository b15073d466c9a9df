// Every pattern of the built-in knowledge base, one a line, as the loader expanded it (each
// file's {{NAME}} fragments in place): what the benches hand to grep -E and ripgrep.
//
//   kb_patterns          the patterns of the entries explain --log counts (no fallback entry:
//                        a timeout, a reset or a status alone is never an event of a log)
//   kb_patterns --all    every entry's patterns, fallbacks too
//   kb_patterns --literals   the literal first pass of explain --log (literal_cover.h): one
//                        literal a line (control bytes as \xHH: core::printable), then "uncovered:" and each pattern it
//                        leaves to the first pass as it is (patterns rewritten for raw text)
//   kb_patterns --covers the same, pattern by pattern: each raw pattern, a tab, its literals
//                        (space-separated) or "uncovered"
//
// The patterns are RE2, case-insensitive, written for normalized text (knowledge_base.h:
// normalize()); grep and rg read raw lines, so their counts can differ slightly from explain's.
#include <cstdio>
#include <cstring>
#include <string>

#include "literal_cover.h"
#include "log_patterns.h"
#include "mtlsdoctor/core/printable.h"
#include "mtlsdoctor/explain/knowledge_base.h"

int main(int argc, char** argv) {
  bool all = false;
  bool literals = false;
  bool covers = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--all") == 0) {
      all = true;
    } else if (std::strcmp(argv[i], "--literals") == 0) {
      literals = true;
    } else if (std::strcmp(argv[i], "--covers") == 0) {
      covers = true;
    } else {
      std::fprintf(stderr, "usage: kb_patterns [--all | --literals | --covers]\n");
      return 2;
    }
  }
  namespace ex = mtlsdoctor::explain;
  if (covers) {
    const auto patterns = ex::detail::log_patterns(ex::builtin_knowledge_base());
    for (std::size_t i = 0; i < patterns.analysis.size(); ++i) {
      ex::detail::LogPatterns one;
      one.analysis.push_back(patterns.analysis[i]);
      const auto cover = ex::detail::literal_cover(one);
      std::string line = mtlsdoctor::core::printable(patterns.expressions[i]) + "\t";
      if (!cover.uncovered.empty()) line += "uncovered";
      for (const auto& l : cover.literals) line += mtlsdoctor::core::printable(l) + " ";
      std::printf("%s\n", line.c_str());
    }
    return 0;
  }
  if (literals) {
    const auto patterns = ex::detail::log_patterns(ex::builtin_knowledge_base());
    const auto cover = ex::detail::literal_cover(patterns);
    for (const auto& l : cover.literals) std::printf("%s\n", mtlsdoctor::core::printable(l).c_str());
    std::printf("uncovered: %zu\n", cover.uncovered.size());
    for (const auto i : cover.uncovered)
      std::printf("%s\n", mtlsdoctor::core::printable(patterns.expressions[i]).c_str());
    return 0;
  }
  for (const ex::Entry& e : ex::builtin_knowledge_base().entries) {
    if (!all && e.weight == ex::Weight::Fallback) continue;
    for (const auto& p : e.patterns) std::printf("%s\n", p.c_str());
  }
  return 0;
}
