// libFuzzer target for server configurations: any bytes as an nginx configuration (words,
// quotes, escapes, blocks, comments, ${variables}) must parse into directives or give one error
// naming its file (the configuration's FILE:LINE, or the included file that cannot be read),
// never crash or hang. Relative `include` globs resolve in a directory that does not exist;
// absolute ones may read regular files, at most 16 MiB each (never /dev/zero or a FIFO).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/servercfg/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mtlsdoctor::servercfg::parse_nginx(text, "fuzz.conf", "/nonexistent-mtlsd-fuzz");
  if (!parsed && parsed.error().subject.empty()) __builtin_trap();
  return 0;
}
