// A server's configuration file as directives with their place: nginx's syntax (`name args;`
// and `name args { … }`, `#` comments, quotes, `include` globs followed). Apache and HAProxy
// readers are to come; the audit works on this tree.
#pragma once

#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::servercfg {

struct Directive {
  std::string name;
  std::vector<std::string> args;  // unquoted
  std::string file;               // where it is written
  int line = 0;
  bool block = false;  // `name args { … }`
  std::vector<Directive> children;

  [[nodiscard]] std::string where() const;  // "FILE:LINE"
};

// Reads an nginx configuration: `include` is followed (globs, relative to the main file's
// directory as nginx's prefix), at most 64 levels and 4,096 files. Errors name FILE:LINE.
[[nodiscard]] core::Result<std::vector<Directive>> read_nginx(const std::string& path);
// The same from text (`include` resolved against `directory`).
[[nodiscard]] core::Result<std::vector<Directive>> parse_nginx(std::string_view text, const std::string& file,
                                                               const std::string& directory);

}  // namespace mtlsdoctor::servercfg
