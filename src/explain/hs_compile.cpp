#include "hs_compile.h"

#ifdef MTLSD_HAVE_HYPERSCAN
#include <fmt/format.h>

#include <vector>

namespace mtlsdoctor::explain::detail {

static_assert(kHyperscanFlags == (HS_FLAG_CASELESS | HS_FLAG_ALLOWEMPTY));

core::Result<hs_database_t*> compile_hyperscan(const LogPatterns& patterns) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(patterns.expressions.size(), kHyperscanFlags);
  std::vector<unsigned> ids(patterns.expressions.size());
  for (std::size_t i = 0; i < patterns.expressions.size(); ++i) {
    expressions.push_back(patterns.expressions[i].c_str());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  // platform nullptr: the features of the CPU this runs on.
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    std::string what = error != nullptr ? error->message : "unknown error";
    if (error != nullptr && error->expression >= 0)
      what += fmt::format(" (pattern '{}')", patterns.expressions[static_cast<std::size_t>(error->expression)]);
    hs_free_compile_error(error);
    return core::fail(core::ErrorCategory::Parse, fmt::format("Hyperscan refused the knowledge base: {}", what), "kb");
  }
  return db;
}

}  // namespace mtlsdoctor::explain::detail
#endif
