#include "mtlsdoctor/core/text_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace mtlsdoctor::core {

Result<std::string> read_text_file(const std::string& path, std::string_view what, std::size_t limit) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail(ErrorCategory::Io, fmt::format("is a directory, not a {}", what), path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCategory::Io, fmt::format("cannot read the {}: {}", what, std::strerror(errno)), path);
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) {
      return fail(ErrorCategory::Limit,
                  limit >= (1u << 20) ? fmt::format("{} larger than {} MiB", what, limit >> 20)
                                      : fmt::format("{} larger than {} bytes", what, limit),
                  path);
    }
  }
  if (in.bad()) return fail(ErrorCategory::Io, fmt::format("cannot read the {}", what), path);
  return text;
}

}  // namespace mtlsdoctor::core
