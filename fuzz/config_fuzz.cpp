// libFuzzer target for server configurations: any bytes as an nginx configuration (words,
// quotes, escapes, blocks, comments, ${variables}) must parse into directives or give one error
// naming file:line, never crash. `include` globs resolve in a directory that does not exist, so
// the fuzzer reads no files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/servercfg/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mtlsdoctor::servercfg::parse_nginx(text, "fuzz.conf", "/nonexistent-mtlsd-fuzz");
  if (!parsed && !parsed.error().subject.starts_with("fuzz.conf:") &&
      !parsed.error().subject.starts_with("/nonexistent-mtlsd-fuzz")) {
    __builtin_trap();
  }
  return 0;
}
