#include "mtlsdoctor/monitor/sweep.h"

#include <algorithm>
#include <cmath>

#include "online.h"
#include "sources.h"

namespace mtlsdoctor::monitor {

std::string_view to_string(ItemKind k) noexcept {
  switch (k) {
    case ItemKind::File: return "file";
    case ItemKind::Identity: return "identity";
    case ItemKind::Endpoint: return "endpoint";
  }
  return "file";
}

std::string_view to_string(State s) noexcept {
  switch (s) {
    case State::Ok: return "ok";
    case State::Warning: return "warning";
    case State::Critical: return "critical";
    case State::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(CertRole r) noexcept {
  switch (r) {
    case CertRole::Client: return "client";
    case CertRole::Server: return "server";
    case CertRole::Ca: return "ca";
  }
  return "client";
}

std::optional<State> state_from_string(std::string_view s) noexcept {
  for (State st : {State::Ok, State::Warning, State::Critical, State::Unknown})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

int badness(State s) noexcept {
  switch (s) {
    case State::Ok: return 0;
    case State::Warning: return 1;
    case State::Unknown: return 2;
    case State::Critical: return 3;
  }
  return 2;
}

void Summary::add(State s) noexcept {
  switch (s) {
    case State::Ok: ++ok; break;
    case State::Warning: ++warning; break;
    case State::Critical: ++critical; break;
    case State::Unknown: ++unknown; break;
  }
}

Summary SweepResult::summary() const {
  Summary s;
  for (const auto& item : items) s.add(item.state);
  return s;
}

State SweepResult::worst() const {
  State worst = State::Ok;
  for (const auto& item : items)
    if (badness(item.state) > badness(worst)) worst = item.state;
  return worst;
}

void sweep(const Config& config, const SweepOptions& options, const ItemSink& sink, const ItemCount& coming) {
  detail::OnlineChecks online;  // each distribution point and responder asked once per sweep
  for (const auto& source : config.files) detail::add_file_items(source, config, options, online, sink, coming);
  for (const auto& source : config.identities) sink(detail::identity_item(source, config, options, online));
  // Endpoints are probed concurrently and come back together, in configuration order.
  std::vector<Item> endpoints;
  detail::add_endpoint_items(config, options, endpoints);
  for (auto& item : endpoints) sink(std::move(item));
}

SweepResult sweep(const Config& config, const SweepOptions& options) {
  SweepResult result;
  result.checked_at = options.at;
  sweep(
      config, options, [&result](Item&& item) { result.items.push_back(std::move(item)); },
      [&result](std::size_t n) { result.items.reserve(result.items.size() + n); });
  return result;
}

double days_left(core::TimePoint at, core::TimePoint not_after) noexcept {
  return std::round(static_cast<double>((not_after - at).count()) / 864.0) / 100.0;
}

Item condensed(Item&& item) {
  Item out;
  out.kind = item.kind;
  out.name = std::move(item.name);
  out.source = std::move(item.source);
  out.state = item.state;
  out.cause = item.cause;
  out.reason = std::move(item.reason);
  out.thresholds = item.thresholds;
  if (item.certificate) {
    out.certificate.emplace();
    out.certificate->not_after = item.certificate->not_after;
    out.certificate->days_left = item.certificate->days_left;
    out.certificate->role = item.certificate->role;
  }
  const auto cause = std::find_if(item.findings.begin(), item.findings.end(),
                                  [&](const core::Finding& f) { return f.id == item.cause; });
  if (cause != item.findings.end()) out.findings.push_back(std::move(*cause));
  return out;
}

}  // namespace mtlsdoctor::monitor
