// What every wire parser answers: sans-I/O codecs take whatever has arrived so far and say
// whether it is a whole unit, needs more, or can never be valid, so that garbage and oversized
// input end in a named error rather than a hang or an unbounded buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mtlsdoctor::wire {

enum class Parse { Incomplete, Complete, Malformed };

// The first line of what a peer said, printable and short, for messages.
[[nodiscard]] std::string preview(std::string_view bytes, std::size_t max = 60);
// All of `bytes` (up to max), lines included, as printable ASCII: \r \n \t \\ and \xHH for every
// other byte outside 0x20-0x7e; "..." when cut. For evidence of what a peer sent.
[[nodiscard]] std::string escape_bytes(std::string_view bytes, std::size_t max = 64);

}  // namespace mtlsdoctor::wire
