// `fullchain`'s answer: what was written (or why nothing was), and what was left out.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mtlsdoctor/chain/fullchain.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

// `output`: the file written ("-" for standard output), empty when nothing was written.
[[nodiscard]] nlohmann::ordered_json fullchain_json(const chain::Fullchain& fullchain, const std::string& output);
[[nodiscard]] std::string fullchain_text(const chain::Fullchain& fullchain, const std::string& output,
                                         const Style& style);

}  // namespace mtlsdoctor::render
