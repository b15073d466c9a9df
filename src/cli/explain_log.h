// explain --log FILE|-: a whole log, tallied per cause.
#pragma once

#include <string>

#include "commands.h"

namespace mtlsdoctor::cli {

[[nodiscard]] Exit run_explain_log(const AppContext& ctx, const std::string& path);

}  // namespace mtlsdoctor::cli
