// Words for the commands the tool suggests (fixes, hints): a file name with spaces, quotes or
// other shell characters must survive being pasted into a shell.
#pragma once

#include <string>
#include <string_view>

namespace mtlsdoctor::core {

// `word` as one POSIX shell word: unchanged when it holds only safe characters
// (letters, digits, and - _ . / : @ % + = ,), otherwise in single quotes ('it'\''s').
[[nodiscard]] std::string shell_quote(std::string_view word);

}  // namespace mtlsdoctor::core
