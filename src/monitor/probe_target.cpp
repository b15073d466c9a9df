#include <fmt/format.h>

#include "mtlsdoctor/monitor/probe.h"
#include "mtlsdoctor/probe/target.h"
#include "sources.h"

namespace mtlsdoctor::monitor {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool host_matches(std::string_view pattern, std::string_view host) noexcept {
  if (pattern == "*") return true;
  if (pattern.starts_with("*.")) {
    const std::string_view suffix = pattern.substr(1);  // ".example.com"
    return host.size() > suffix.size() && iequals(host.substr(host.size() - suffix.size()), suffix);
  }
  if (pattern.starts_with('[') && pattern.ends_with(']')) pattern = pattern.substr(1, pattern.size() - 2);
  return iequals(pattern, host);
}

}  // namespace

bool probe_allowed(const std::vector<std::string>& allow, std::string_view host, std::uint16_t port) noexcept {
  for (std::string_view pattern : allow) {
    const auto colon = pattern.rfind(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view p_host = pattern.substr(0, colon), p_port = pattern.substr(colon + 1);
    if (p_port != "*" && p_port != fmt::format("{}", port)) continue;
    if (host_matches(p_host, host)) return true;
  }
  return false;
}

std::expected<Item, ProbeRefusal> probe_target(const Config& config, const ProbeRequest& request,
                                               const SweepOptions& options) {
  using Why = ProbeRefusal::Why;
  if (request.target.empty()) return std::unexpected(ProbeRefusal{Why::BadRequest, "no target given"});
  auto target = probe::parse_target(request.target);
  if (!target)
    return std::unexpected(ProbeRefusal{Why::BadRequest, fmt::format("bad target: {}", target.error().message)});
  if (request.identity && !config.identity(*request.identity))
    return std::unexpected(
        ProbeRefusal{Why::BadRequest, fmt::format("no identity called '{}' in {}", *request.identity, config.file)});

  EndpointSource ep;
  const EndpointSource* configured = nullptr;
  for (const auto& e : config.endpoints) {
    if (e.target != request.target) continue;
    configured = &e;  // the first endpoint of that target
    break;
  }
  if (configured) {
    ep = *configured;
  } else {
    if (!probe_allowed(config.probe.allow, target->host, target->port))
      return std::unexpected(ProbeRefusal{
          Why::NotAllowed,
          fmt::format("{} is not an endpoint of {} and not allowed by probe.allow", target->display(), config.file)});
    ep.name = request.target;
    ep.target = request.target;
    ep.identity = config.probe.identity;
    ep.cacert = config.probe.cacert;
  }
  if (request.identity) ep.identity = request.identity;
  if (request.servername) ep.servername = request.servername;

  Config one;
  one.file = config.file;
  one.thresholds = config.thresholds;
  one.identities = config.identities;
  one.endpoints = {std::move(ep)};
  std::vector<Item> items;
  detail::add_endpoint_items(one, options, items);
  return std::move(items.front());
}

}  // namespace mtlsdoctor::monitor
