#include "line_prefilter.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#ifdef MTLSD_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

namespace mtlsdoctor::explain::detail {
namespace {

// Besides the patterns: a bare OpenSSL error code, which explain_text reads as an alert number.
constexpr const char* kOpensslCode = "error:[0-9a-f]{8}";

std::size_t line_of(const std::vector<std::size_t>& starts, std::size_t offset) {
  return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
}

class Re2Prefilter final : public LinePrefilter {
 public:
  explicit Re2Prefilter(std::unique_ptr<RE2> any) : m_any(std::move(any)) {}

  void candidates(std::string_view block, const std::vector<std::size_t>& starts,
                  std::vector<std::size_t>& out) override {
    const re2::StringPiece all(block.data(), block.size());
    std::size_t from = 0;
    re2::StringPiece hit;
    while (from < block.size() && m_any->Match(all, from, block.size(), RE2::UNANCHORED, &hit, 1)) {
      const std::size_t i = line_of(starts, static_cast<std::size_t>(hit.data() - block.data()));
      out.push_back(i);
      from = i + 1 < starts.size() ? starts[i + 1] : block.size();
    }
  }
  [[nodiscard]] std::string_view engine() const noexcept override { return "re2"; }

 private:
  std::unique_ptr<RE2> m_any;
};

#ifdef MTLSD_HAVE_HYPERSCAN
struct HsDatabaseFree {
  void operator()(hs_database_t* d) const noexcept { hs_free_database(d); }
};
struct HsScratchFree {
  void operator()(hs_scratch_t* s) const noexcept { hs_free_scratch(s); }
};

class HsPrefilter final : public LinePrefilter {
 public:
  HsPrefilter(hs_database_t* db, hs_scratch_t* scratch) : m_db(db), m_scratch(scratch) {}

  void candidates(std::string_view block, const std::vector<std::size_t>& starts,
                  std::vector<std::size_t>& out) override {
    if (block.empty()) return;
    Scan scan{&starts, &out, out.size()};
    // Every end offset of every pattern is reported; a line is kept once. A match can span
    // lines (`[^)]*` takes '\n' here): its end line is then only an extra candidate.
    hs_scan(m_db.get(), block.data(), static_cast<unsigned>(block.size()), 0, m_scratch.get(), &on_match, &scan);
    // Ends arrive nearly in order; make them exactly so.
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(scan.first), out.end());
    out.erase(std::unique(out.begin() + static_cast<std::ptrdiff_t>(scan.first), out.end()), out.end());
  }
  [[nodiscard]] std::string_view engine() const noexcept override { return "hyperscan"; }

 private:
  struct Scan {
    const std::vector<std::size_t>* starts;
    std::vector<std::size_t>* out;
    std::size_t first;
  };
  static int on_match(unsigned /*id*/, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                      void* ctx) {
    auto* scan = static_cast<Scan*>(ctx);
    const std::size_t i = line_of(*scan->starts, to == 0 ? 0 : static_cast<std::size_t>(to - 1));
    if (scan->out->size() == scan->first || scan->out->back() != i) scan->out->push_back(i);
    return 0;
  }
  std::unique_ptr<hs_database_t, HsDatabaseFree> m_db;
  std::unique_ptr<hs_scratch_t, HsScratchFree> m_scratch;
};
#endif

}  // namespace

core::Result<std::unique_ptr<LinePrefilter>> re2_prefilter(const KnowledgeBase& kb) {
  std::string pattern = kOpensslCode;
  for (const auto& e : kb.entries) {
    if (e.weight == Weight::Fallback) continue;  // never an event of a log (log_scan.cpp)
    for (const auto& p : e.patterns) {
      if (!pattern.empty()) pattern += '|';
      pattern += "(?:" + p + ")";
    }
  }
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  o.set_never_nl(true);  // a match never spans lines
  auto any = std::make_unique<RE2>(pattern, o);
  if (!any->ok()) {
    return core::fail(core::ErrorCategory::Parse,
                      fmt::format("the knowledge base does not compile as one pattern: {}", any->error()), "kb");
  }
  return std::make_unique<Re2Prefilter>(std::move(any));
}

core::Result<std::unique_ptr<LinePrefilter>> hyperscan_prefilter([[maybe_unused]] const KnowledgeBase& kb) {
#ifdef MTLSD_HAVE_HYPERSCAN
  std::vector<std::string> patterns{kOpensslCode};
  for (const auto& e : kb.entries) {
    if (e.weight != Weight::Fallback) patterns.insert(patterns.end(), e.patterns.begin(), e.patterns.end());
  }
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(patterns.size(), HS_FLAG_CASELESS | HS_FLAG_ALLOWEMPTY);
  std::vector<unsigned> ids(patterns.size());
  // RE2 runs with never_nl; Hyperscan has no such mode, so negated classes are kept off '\n'
  // here (a class running across a whole block also costs a callback per byte).
  for (auto& p : patterns) {
    for (std::size_t at = 0; (at = p.find("[^", at)) != std::string::npos; at += 2) {
      std::size_t backslashes = 0;
      while (backslashes < at && p[at - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) p.insert(at + 2, "\\n");
    }
  }
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    expressions.push_back(patterns[i].c_str());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    std::string what = error != nullptr ? error->message : "unknown error";
    if (error != nullptr && error->expression >= 0)
      what += fmt::format(" (pattern '{}')", patterns[static_cast<std::size_t>(error->expression)]);
    hs_free_compile_error(error);
    return core::fail(core::ErrorCategory::Parse, fmt::format("Hyperscan refused the knowledge base: {}", what), "kb");
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
    hs_free_database(db);
    return core::fail(core::ErrorCategory::Limit, "Hyperscan could not allocate its scratch space", "kb");
  }
  return std::make_unique<HsPrefilter>(db, scratch);
#else
  return core::fail(core::ErrorCategory::Usage, "built without Hyperscan", "kb");
#endif
}

}  // namespace mtlsdoctor::explain::detail
