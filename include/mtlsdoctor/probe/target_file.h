// A list of targets (diagnose --targets FILE): one per line, blank lines and `#` comments skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/probe/target.h"

namespace mtlsdoctor::probe {

inline constexpr std::size_t kMaxTargets = 100'000;

// `source` names the list in errors ("line 3: bad port …" about `source`).
[[nodiscard]] core::Result<std::vector<Target>> parse_target_list(std::string_view text, std::string_view source);
[[nodiscard]] core::Result<std::vector<Target>> read_target_file(const std::string& path);

}  // namespace mtlsdoctor::probe
