// How the command line spells the options that library text refers to (core::hint).
#pragma once

#include <string>
#include <string_view>

#include "mtlsdoctor/core/hint.h"

namespace mtlsdoctor::render {

// "--crl" for Hint::Crl.
[[nodiscard]] std::string_view cli_hint(core::Hint h) noexcept;

// Library text as the user reads it: each core::hint() placeholder spelled as the option.
[[nodiscard]] std::string cli_text(std::string_view text);

}  // namespace mtlsdoctor::render
