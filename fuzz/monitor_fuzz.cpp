// libFuzzer target for the monitor configuration (MONITOR.md): any bytes as YAML through
// parse_config, which must answer a Config or a Parse error naming fuzz.yaml:LINE:COLUMN, never
// crash or hang. Nothing is read from disk or the network: parsing only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/monitor/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
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
