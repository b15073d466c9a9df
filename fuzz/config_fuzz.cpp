// libFuzzer target for server configurations: any bytes as an nginx, an Apache httpd and a
// HAProxy configuration (words, quotes, escapes, blocks and sections, comments, continuation
// lines, ${variables}) must parse into directives or give one error naming its file (the
// configuration's FILE:LINE[:COLUMN], or the included file that cannot be read), never crash or
// hang. Relative includes resolve in a directory that does not exist; absolute ones may read
// regular files, at most 16 MiB each (never /dev/zero or a FIFO). The same bytes are also an
// Apache expression (Require expr, SSLRequire) and, line by line, HAProxy rule conditions: both
// evaluate to true, false or unknown, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "apache_expr.h"
#include "haproxy_acl.h"
#include "mtlsdoctor/servercfg/config.h"

namespace sc = mtlsdoctor::servercfg;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sc::detect_server_type(text);
  auto nginx = sc::parse_nginx(text, "fuzz.conf", "/nonexistent-mtlsd-fuzz");
  if (!nginx && nginx.error().subject.empty()) __builtin_trap();
  auto apache = sc::parse_apache(text, "fuzz.conf", "/nonexistent-mtlsd-fuzz");
  if (!apache && apache.error().subject.empty()) __builtin_trap();
  auto haproxy = sc::parse_haproxy(text, "fuzz.cfg");
  if (!haproxy && haproxy.error().subject.empty()) __builtin_trap();

  (void)sc::evaluate_apache_expr(text, [](std::string_view name) -> std::optional<std::string> {
    if (name == "REMOTE_ADDR") return std::string("192.0.2.7");
    if (name.starts_with("SSL_CLIENT_")) return std::string("CN=fuzz,O=Example");
    return std::nullopt;
  });
  if (haproxy) {
    const sc::HaproxyFacts facts{nullptr, true, true, "192.0.2.7", "api.example.com", "/nonexistent-mtlsd-fuzz"};
    for (const auto& section : *haproxy) {
      for (const auto& d : section.children) (void)sc::evaluate_condition(d.args, section, facts);
    }
  }
  return 0;
}
