// libFuzzer target for the monitor's YAML files: any bytes through parse_config (MONITOR.md) and
// through parse_web_config (monitor serve --web-config, exporter-toolkit's format), each of which
// must answer its value or a Parse error naming fuzz.yaml:LINE:COLUMN, never crash or hang.
// Nothing is read from disk or the network: parsing only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/exporter/web_config.h"
#include "mtlsdoctor/monitor/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto web = mtlsdoctor::exporter::parse_web_config(text, "fuzz.yaml", "/nonexistent");
  if (!web && !web.error().subject.starts_with("fuzz.yaml:")) __builtin_trap();
  // A hash is never echoed; headers and user names are printable ASCII (they go into HTTP).
  if (web) {
    for (const auto& [name, value] : web->headers)
      for (const char c : value)
        if (c < 0x20 || c > 0x7e) __builtin_trap();
    for (const auto& [user, hash] : web->basic_auth_users)
      if (user.find(':') != std::string::npos || hash.size() != 60) __builtin_trap();
  }
  auto parsed = mtlsdoctor::monitor::parse_config(text, "fuzz.yaml", "/nonexistent");
  if (!parsed) {
    if (!parsed.error().subject.starts_with("fuzz.yaml:")) __builtin_trap();
    return 0;
  }
  // What parsed holds together: thresholds ordered, every endpoint's identity defined.
  for (const auto& ep : parsed->endpoints)
    if (ep.identity && !parsed->identity(*ep.identity)) __builtin_trap();
  if (parsed->thresholds.critical > parsed->thresholds.warning) __builtin_trap();
  return 0;
}
