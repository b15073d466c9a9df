// A whole file read into memory for a parser (a configuration, a policy, a pasted text), bounded:
// every error names the file and what it was meant to be ("cannot read the policy file: ...",
// "is a directory, not a monitor configuration", "web configuration larger than 1 MiB").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::core {

// `what`: the file's role, in words ("policy file"); `limit`: the most bytes accepted. A FIFO or
// a /proc file is read to its end (or the limit); a directory is refused before it is opened.
[[nodiscard]] Result<std::string> read_text_file(const std::string& path, std::string_view what, std::size_t limit);

}  // namespace mtlsdoctor::core
