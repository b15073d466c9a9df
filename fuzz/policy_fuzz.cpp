// libFuzzer target for the policy file: any bytes as YAML through parse (which must answer a
// Policy or an error naming file:line:column, never crash), then what runs on a parsed policy
// without a certificate: lint and the export to every server. An export must never let a
// control character other than the line feed into the configuration (values are escaped).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/policy/export.h"
#include "mtlsdoctor/policy/lint.h"
#include "mtlsdoctor/policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtlsdoctor::policy;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse(text, "fuzz.yaml");
  if (!parsed) {
    if (!parsed.error().subject.starts_with("fuzz.yaml:")) __builtin_trap();
    return 0;
  }
  (void)lint(*parsed);
  for (auto server : {Server::Nginx, Server::Apache, Server::Haproxy}) {
    auto config = export_config(*parsed, server);
    if (!config) continue;
    for (char c : *config) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\n') || u == 0x7f) __builtin_trap();
    }
  }
  return 0;
}
