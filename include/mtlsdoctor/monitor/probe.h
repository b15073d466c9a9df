// `monitor serve`'s /probe (MONITOR.md): one live probe of one target, judged as an endpoint of
// the configuration is. A target named by an `endpoints:` entry is probed with that entry's
// identity, cacert and servername; any other must match `probe.allow` and gets the `probe:`
// defaults — an exporter that probes whatever it is asked is an SSRF hole.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/monitor/config.h"
#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::monitor {

struct ProbeRequest {
  std::string target;                     // any diagnose TARGET: host:port, https://…, postgres://…
  std::optional<std::string> identity;    // the name of an `identities:` entry
  std::optional<std::string> servername;  // the name the server must hold
};

struct ProbeRefusal {
  enum class Why { NotAllowed, BadRequest } why = Why::BadRequest;
  std::string message;
};

// Whether `host:port` matches one of `allow`'s patterns: "HOST:PORT", where HOST may start with
// "*." (any subdomain, not the domain itself) or be "*", and PORT may be "*". Hosts compare
// without case; IPv6 literals are written in brackets ("[::1]:*").
[[nodiscard]] bool probe_allowed(const std::vector<std::string>& allow, std::string_view host,
                                 std::uint16_t port) noexcept;

// The endpoint item of one live probe (state, cause, verdict, the server's chain, the identity
// presented), or why it was not probed. `options.phase_timeout` bounds each phase.
[[nodiscard]] std::expected<Item, ProbeRefusal> probe_target(const Config& config, const ProbeRequest& request,
                                                             const SweepOptions& options);

}  // namespace mtlsdoctor::monitor
