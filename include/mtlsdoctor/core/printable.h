// Peer- and log-controlled text made safe for a terminal or a log line: C0 controls and DEL as
// \xHH, C1 controls (CSI among them) as \uHHHH; everything else, UTF-8 included, kept.
#pragma once

#include <string>
#include <string_view>

namespace mtlsdoctor::core {

[[nodiscard]] std::string printable(std::string_view text);

}  // namespace mtlsdoctor::core
