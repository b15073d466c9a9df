// Which lines of a block of normalized lines may match some knowledge-base pattern: a superset
// of the lines explain_text() explains (each candidate is then explained on its own, so an
// extra candidate costs time, never a wrong answer). Two engines: one RE2 alternation of every
// pattern (always there), and Hyperscan (x86-64, when built with it), which is several times
// faster on big logs but takes a fraction of a second to compile the patterns.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/explain/knowledge_base.h"

namespace mtlsdoctor::explain::detail {

class LinePrefilter {
 public:
  virtual ~LinePrefilter() = default;
  // `block`: lines each ended by '\n'; `starts`: the offset of each line. Appends to `out` the
  // indices of candidate lines, ascending.
  virtual void candidates(std::string_view block, const std::vector<std::size_t>& starts,
                          std::vector<std::size_t>& out) = 0;
  [[nodiscard]] virtual std::string_view engine() const noexcept = 0;
};

[[nodiscard]] core::Result<std::unique_ptr<LinePrefilter>> re2_prefilter(const KnowledgeBase& kb);
// An error when built without Hyperscan, or when it refuses a pattern.
[[nodiscard]] core::Result<std::unique_ptr<LinePrefilter>> hyperscan_prefilter(const KnowledgeBase& kb);

}  // namespace mtlsdoctor::explain::detail
