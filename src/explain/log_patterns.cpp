#include "log_patterns.h"

#include "raw_pattern.h"

namespace mtlsdoctor::explain::detail {
namespace {

// Besides the patterns: a bare OpenSSL error code (or Squid 6's TLS_LIB_ERR=), which explain_text
// reads as an alert number (explainer.cpp's bare_code()).
constexpr const char* kOpensslCode = R"(error:[0-9a-f]{8}|\btls lib err=[0-9a-f]{6,8}\b)";

constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

void mix(std::uint64_t& h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
}

}  // namespace

LogPatterns log_patterns(const KnowledgeBase& kb) {
  LogPatterns out;
  out.expressions.push_back(raw_superset(kOpensslCode));
  out.analysis.push_back(raw_analysis(kOpensslCode));
  out.normalized.push_back(normalized_superset(kOpensslCode));
  out.entries.push_back(LogPatterns::kNoEntry);
  for (std::size_t i = 0; i < kb.entries.size(); ++i) {
    const Entry& e = kb.entries[i];
    // A fallback reading is never an event of a log (log_scan.cpp).
    if (e.weight == Weight::Fallback) continue;
    for (const auto& p : e.patterns) {
      out.expressions.push_back(raw_superset(p));
      out.analysis.push_back(raw_analysis(p));
      out.normalized.push_back(normalized_superset(p));
      out.entries.push_back(static_cast<std::uint32_t>(i));
    }
  }
  std::uint64_t h = kFnvOffset;
  mix(h, std::to_string(kHyperscanFlags));
  for (std::size_t i = 0; i < out.expressions.size(); ++i) {
    mix(h, std::string_view("\0", 1));
    mix(h, out.expressions[i]);
    mix(h, std::string_view("\0", 1));
    mix(h, out.analysis[i]);
    mix(h, std::string_view("\0", 1));
    mix(h, out.normalized[i]);
    mix(h, std::string_view("\0", 1));
    mix(h, std::to_string(out.entries[i]));
  }
  out.digest = h;
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> groups_by_bytes(const std::vector<std::string>& patterns,
                                                                 std::size_t budget) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (out.empty() || bytes >= budget) {
      out.emplace_back(i, i);
      bytes = 0;
    }
    bytes += patterns[i].size();
    out.back().second = i + 1;
  }
  return out;
}

}  // namespace mtlsdoctor::explain::detail
