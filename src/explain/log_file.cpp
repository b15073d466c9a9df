#include "mtlsdoctor/explain/log_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace mtlsdoctor::explain {
namespace {

constexpr std::size_t kReadBlock = 1 << 20;

struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f != nullptr && f != stdin) std::fclose(f);
  }
};

}  // namespace

core::Result<LogSummary> scan_log_file(const std::string& path, const Explainer& explainer) {
  LogScanOptions options;
  std::error_code ec;
  if (path != "-" && std::filesystem::is_regular_file(path, ec))
    options.expected_bytes = std::filesystem::file_size(path, ec);
  auto scanner = LogScanner::create(explainer, options);
  if (!scanner) return std::unexpected(scanner.error());
  const std::string name = path == "-" ? "stdin" : path;
  std::unique_ptr<std::FILE, FileCloser> file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"));
  if (!file) return core::fail(core::ErrorCategory::Io, fmt::format("cannot open: {}", std::strerror(errno)), name);
  const std::unique_ptr<char[]> buf(new char[kReadBlock]);  // not zeroed: fread fills it
  std::size_t n = 0;
  while ((n = std::fread(buf.get(), 1, kReadBlock, file.get())) > 0) scanner->feed(std::string_view(buf.get(), n));
  if (std::ferror(file.get()))
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot read: {}", std::strerror(errno)), name);
  return scanner->finish();
}

}  // namespace mtlsdoctor::explain
