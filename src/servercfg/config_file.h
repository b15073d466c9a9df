// What the three configuration readers share: reading one file (bounded, regular files only)
// and the limits on includes.
#pragma once

#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {

inline constexpr int kMaxIncludeDepth = 64;
inline constexpr std::size_t kMaxIncludedFiles = 4096;

// A regular file of at most 16 MiB (a configuration may name /dev/zero, a directory or a FIFO).
[[nodiscard]] core::Result<std::string> read_config_file(const std::string& path);

// The directives of each included file in turn: read_config_file, then `parse(text, path)`;
// a file that cannot be read is `unreadable(path, error)`.
template <class Parse, class Unreadable>
core::Result<std::vector<Directive>> parse_included(const std::vector<std::string>& paths, Parse&& parse,
                                                    Unreadable&& unreadable) {
  std::vector<Directive> out;
  for (const auto& path : paths) {
    auto text = read_config_file(path);
    if (!text) return unreadable(path, text.error());
    auto directives = parse(*text, path);
    if (!directives) return std::unexpected(directives.error());
    for (auto& x : *directives) out.push_back(std::move(x));
  }
  return out;
}

}  // namespace mtlsdoctor::servercfg
