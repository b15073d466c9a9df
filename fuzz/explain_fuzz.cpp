// libFuzzer target for explain: any bytes as the text of `explain TEXT` / `explain -` and as a
// log for `explain --log`, fed in two pieces split where the first byte says (the scanner must
// not care where reads end), and again whole to a scanner with the other prefilter (the
// patterns rewritten for raw lines, Hyperscan where built) and two jobs: the same tally. The reports are built as the
// CLI builds them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace {

const mtlsdoctor::explain::Explainer& builtin() {
  static const auto explainer = [] {
    auto r = mtlsdoctor::explain::Explainer::builtin();
    if (!r) __builtin_trap();  // the built-in knowledge base always compiles
    return std::move(*r);
  }();
  return explainer;
}

mtlsdoctor::core::Result<mtlsdoctor::explain::LogScanner>& scanner() {
  static auto s = mtlsdoctor::explain::LogScanner::create(builtin());
  return s;
}
mtlsdoctor::core::Result<mtlsdoctor::explain::LogScanner>& other_scanner() {
  // Hyperscan over raw lines (where built with it) and two jobs.
  static auto s = mtlsdoctor::explain::LogScanner::create(builtin(), mtlsdoctor::explain::LogScanOptions{0, 0, 2});
  return s;
}

}  // namespace

// The knowledge base and both scanners' prefilters are compiled here, once, before the first
// input: under a sanitizer on a loaded machine that takes longer than -timeout allows one run.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)builtin();
  if (!scanner() || !other_scanner()) __builtin_trap();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtlsdoctor::explain;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& explainer = builtin();

  const auto e = explainer.explain_text(text);
  if (e.explained()) (void)explainer.report(e);
  (void)explainer.best_entry(text);

  // One scanner for every input (compiling its prefilter takes longer than a run): finish()
  // leaves it ready for the next, which this also checks.
  auto& scanner = ::scanner();
  const std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  scanner->feed(text.substr(0, cut));
  scanner->feed(text.substr(cut));
  const auto summary = scanner->finish();
  if (summary.lines == 0 && size != 0) __builtin_trap();  // any byte makes a line
  // Hyperscan over raw lines (where built with it) and two jobs: the same answer as RE2 on one.
  auto& other = other_scanner();
  other->feed(text);
  const auto again = other->finish();
  if (again.lines != summary.lines || again.events != summary.events || again.matched_lines != summary.matched_lines ||
      again.causes.size() != summary.causes.size())
    __builtin_trap();
  if (summary.top() != nullptr) (void)log_report(summary, explainer);
  return 0;
}
