// Every pattern of the built-in knowledge base, one a line, as the loader expanded it (each
// file's {{NAME}} fragments in place): what the benches hand to grep -E and ripgrep.
//
//   kb_patterns          the patterns of the entries explain --log counts (no fallback entry:
//                        a timeout, a reset or a status alone is never an event of a log)
//   kb_patterns --all    every entry's patterns, fallbacks too
//
// The patterns are RE2, case-insensitive, written for normalized text (knowledge_base.h:
// normalize()); grep and rg read raw lines, so their counts can differ slightly from explain's.
#include <cstdio>
#include <cstring>

#include "mtlsdoctor/explain/knowledge_base.h"

int main(int argc, char** argv) {
  bool all = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--all") == 0) {
      all = true;
    } else {
      std::fprintf(stderr, "usage: kb_patterns [--all]\n");
      return 2;
    }
  }
  namespace ex = mtlsdoctor::explain;
  for (const ex::Entry& e : ex::builtin_knowledge_base().entries) {
    if (!all && e.weight == ex::Weight::Fallback) continue;
    for (const auto& p : e.patterns) std::printf("%s\n", p.c_str());
  }
  return 0;
}
