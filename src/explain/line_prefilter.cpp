#include "line_prefilter.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "raw_pattern.h"

#ifdef MTLSD_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

namespace mtlsdoctor::explain::detail {
namespace {

// Besides the patterns: a bare OpenSSL error code, which explain_text reads as an alert number.
constexpr const char* kOpensslCode = "error:[0-9a-f]{8}";

// The patterns a line of a log is a candidate for: every non-fallback one (a fallback reading is
// never an event of a log, see log_scan.cpp) and the bare OpenSSL code.
std::vector<std::string> log_patterns(const KnowledgeBase& kb) {
  std::vector<std::string> out{kOpensslCode};
  for (const auto& e : kb.entries) {
    if (e.weight != Weight::Fallback) out.insert(out.end(), e.patterns.begin(), e.patterns.end());
  }
  return out;
}

std::size_t line_end(std::string_view block, std::size_t from) {
  const void* nl = std::memchr(block.data() + from, '\n', block.size() - from);
  return nl == nullptr ? block.size() : static_cast<std::size_t>(static_cast<const char*>(nl) - block.data());
}

// One RE2 alternation of the rewritten patterns, line by line: without counted repeats and with
// no submatch asked, RE2 answers from its DFA in one pass over each line.
class Re2Prefilter final : public LinePrefilter {
 public:
  explicit Re2Prefilter(std::shared_ptr<const RE2> any) : m_any(std::move(any)) {}

  void candidates(std::string_view block, std::vector<LineSpan>& out) override {
    std::size_t pos = 0;
    while (pos < block.size()) {
      const std::size_t end = line_end(block, pos);
      if (RE2::PartialMatch(re2::StringPiece(block.data() + pos, end - pos), *m_any)) out.push_back(LineSpan{pos, end});
      pos = end + 1;
    }
  }
  [[nodiscard]] std::string_view engine() const noexcept override { return "re2"; }
  [[nodiscard]] std::unique_ptr<LinePrefilter> clone() const override { return std::make_unique<Re2Prefilter>(m_any); }

 private:
  std::shared_ptr<const RE2> m_any;
};

#ifdef MTLSD_HAVE_HYPERSCAN
struct HsDatabaseFree {
  void operator()(hs_database_t* d) const noexcept { hs_free_database(d); }
};
struct HsScratchFree {
  void operator()(hs_scratch_t* s) const noexcept { hs_free_scratch(s); }
};
using HsDatabase = std::shared_ptr<hs_database_t>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchFree>;

class HsPrefilter final : public LinePrefilter {
 public:
  HsPrefilter(HsDatabase db, HsScratch scratch) : m_db(std::move(db)), m_scratch(std::move(scratch)) {}

  void candidates(std::string_view block, std::vector<LineSpan>& out) override {
    if (block.empty()) return;
    Scan scan{block, &out, out.size()};
    // One pass over the raw block: Hyperscan reports every end of every match; the line around
    // the first one is found with memrchr/memchr, later ends inside that line cost a compare.
    // A block larger than 4 GiB goes in pieces of whole lines.
    constexpr std::size_t kMaxScan = std::size_t{1} << 31;
    std::size_t base = 0;
    while (base < block.size()) {
      std::size_t n = block.size() - base;
      if (n > kMaxScan) n = line_end(block, base + kMaxScan) + 1 - base;
      n = std::min(n, block.size() - base);
      scan.base = base;
      hs_scan(m_db.get(), block.data() + base, static_cast<unsigned>(n), 0, m_scratch.get(), &on_match, &scan);
      base += n;
    }
  }
  [[nodiscard]] std::string_view engine() const noexcept override { return "hyperscan"; }
  [[nodiscard]] std::unique_ptr<LinePrefilter> clone() const override {
    hs_scratch_t* scratch = nullptr;
    if (hs_clone_scratch(m_scratch.get(), &scratch) != HS_SUCCESS) return nullptr;
    return std::make_unique<HsPrefilter>(m_db, HsScratch(scratch));
  }

 private:
  struct Scan {
    std::string_view block;
    std::vector<LineSpan>* out;
    std::size_t first;
    std::size_t base = 0;
  };
  static int on_match(unsigned /*id*/, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                      void* ctx) {
    auto* scan = static_cast<Scan*>(ctx);
    // The match's last byte (an empty match at 0: the first byte's line).
    const std::size_t at = scan->base + (to == 0 ? 0 : static_cast<std::size_t>(to - 1));
    auto& out = *scan->out;
    const bool any = out.size() > scan->first;
    if (any && at <= out.back().end) return 0;  // the line already reported
    const std::size_t floor = any ? out.back().end + 1 : 0;
    std::size_t begin = floor;
    if (at > floor) {
      const void* nl = memrchr(scan->block.data() + floor, '\n', at - floor);
      if (nl != nullptr) begin = static_cast<std::size_t>(static_cast<const char*>(nl) - scan->block.data()) + 1;
    }
    out.push_back(LineSpan{begin, line_end(scan->block, at)});
    return 0;
  }
  HsDatabase m_db;
  HsScratch m_scratch;
};
#endif

}  // namespace

core::Result<std::unique_ptr<LinePrefilter>> re2_prefilter(const KnowledgeBase& kb) {
  std::string pattern;
  for (const auto& p : log_patterns(kb)) {
    if (!pattern.empty()) pattern += '|';
    pattern += "(?:" + raw_superset(p) + ")";
  }
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  auto any = std::make_shared<const RE2>(pattern, o);
  if (!any->ok()) {
    return core::fail(core::ErrorCategory::Parse,
                      fmt::format("the knowledge base does not compile as one pattern: {}", any->error()), "kb");
  }
  return std::make_unique<Re2Prefilter>(std::move(any));
}

core::Result<std::unique_ptr<LinePrefilter>> hyperscan_prefilter([[maybe_unused]] const KnowledgeBase& kb) {
#ifdef MTLSD_HAVE_HYPERSCAN
  std::vector<std::string> patterns;
  for (const auto& p : log_patterns(kb)) patterns.push_back(raw_superset(p));
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(patterns.size(), HS_FLAG_CASELESS | HS_FLAG_ALLOWEMPTY);
  std::vector<unsigned> ids(patterns.size());
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
  HsDatabase database(db, HsDatabaseFree{});
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
    return core::fail(core::ErrorCategory::Limit, "Hyperscan could not allocate its scratch space", "kb");
  return std::make_unique<HsPrefilter>(std::move(database), HsScratch(scratch));
#else
  return core::fail(core::ErrorCategory::Usage, "built without Hyperscan", "kb");
#endif
}

}  // namespace mtlsdoctor::explain::detail
