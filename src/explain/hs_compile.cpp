#include "hs_compile.h"

#ifdef MTLSD_HAVE_HYPERSCAN
#include <fmt/format.h>

#include <vector>

namespace mtlsdoctor::explain::detail {
namespace {

static_assert(kHyperscanFlags == (HS_FLAG_CASELESS | HS_FLAG_ALLOWEMPTY));

core::Result<hs_database_t*> compile(const std::vector<std::string>& expressions, const std::vector<unsigned>& flags) {
  std::vector<const char*> pointers;
  std::vector<unsigned> ids(expressions.size());
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    pointers.push_back(expressions[i].c_str());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  // platform nullptr: the features of the CPU this runs on.
  if (hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    std::string what = error != nullptr ? error->message : "unknown error";
    if (error != nullptr && error->expression >= 0)
      what += fmt::format(" (pattern '{}')", expressions[static_cast<std::size_t>(error->expression)]);
    hs_free_compile_error(error);
    return core::fail(core::ErrorCategory::Parse, fmt::format("Hyperscan refused the knowledge base: {}", what), "kb");
  }
  return db;
}

// A literal as a Hyperscan expression: every byte escaped.
std::string escaped(const std::string& literal) {
  std::string out;
  for (const char c : literal) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  return out;
}

}  // namespace

core::Result<hs_database_t*> compile_hyperscan(const LogPatterns& patterns) {
  return compile(patterns.expressions, std::vector<unsigned>(patterns.expressions.size(), kHyperscanFlags));
}

core::Result<hs_database_t*> compile_hyperscan_normalized(const LogPatterns& patterns) {
  return compile(patterns.normalized, std::vector<unsigned>(patterns.normalized.size(), kHyperscanFlags));
}

core::Result<hs_database_t*> compile_hyperscan_first_pass(const LiteralCover& cover, const LogPatterns& patterns) {
  std::vector<std::string> expressions;
  std::vector<unsigned> flags;
  for (const auto& literal : cover.literals) {
    expressions.push_back(escaped(literal));
    flags.push_back(HS_FLAG_CASELESS);
  }
  for (const std::uint32_t id : cover.uncovered) {
    expressions.push_back(patterns.expressions[id]);
    flags.push_back(kHyperscanFlags);
  }
  // And one byte no UTF-8 text holds, 0xff. Hyperscan's literal matcher (FDR) takes a stride of
  // min(shortest literal - 1, 2) bytes for a set of 800-5,000 literals (fdr_engine_description.cpp,
  // findDesiredStride): 2 for the cover, whose shortest literals have 3 bytes. Striding suits
  // random bytes, not log text made of the cover's own words: a one-byte literal makes it read
  // every byte, and the pass costs about a quarter less (docs/performance.md, session 23). A line
  // holding the byte is only flagged: the full patterns still decide.
  expressions.push_back(escaped(std::string(1, '\xff')));
  flags.push_back(0);
  return compile(expressions, flags);
}

}  // namespace mtlsdoctor::explain::detail
#endif
