// The library call behind `explain --log FILE --jobs N`, alone: Explainer::builtin() and
// scan_log_file(). bench/explain_log_quick.sh builds it against a build's static libraries to
// time the scan without building the whole CLI. Usage: explain_log_driver FILE [JOBS] [off]
// ("off": without Hyperscan's first pass of literals, LiteralPass::Off, to measure what it saves).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_file.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  auto explainer = mtlsdoctor::explain::Explainer::builtin();
  if (!explainer) return 1;
  mtlsdoctor::explain::LogScanOptions options;
  options.jobs = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1U;
  if (argc > 3 && std::strcmp(argv[3], "off") == 0) options.literal_pass = mtlsdoctor::explain::LiteralPass::Off;
  auto s = mtlsdoctor::explain::scan_log_file(argv[1], *explainer, options);
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 1;
  }
  std::printf("lines %llu events %llu matched %llu engine %s\n", static_cast<unsigned long long>(s->lines),
              static_cast<unsigned long long>(s->events), static_cast<unsigned long long>(s->matched_lines),
              s->engine.c_str());
  return 0;
}
