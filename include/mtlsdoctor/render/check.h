// `check`'s answer: the report, the role and time judged, and the path as far as it was built.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mtlsdoctor/chain/check_run.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

[[nodiscard]] nlohmann::ordered_json check_json(const chain::CheckRun& run);
[[nodiscard]] std::string check_text(const chain::CheckRun& run, const Style& style);

}  // namespace mtlsdoctor::render
