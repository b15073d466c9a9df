#include "mtlsdoctor/monitor/sweep.h"

#include <algorithm>

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

Summary SweepResult::summary() const {
  Summary s;
  for (const auto& item : items) {
    switch (item.state) {
      case State::Ok: ++s.ok; break;
      case State::Warning: ++s.warning; break;
      case State::Critical: ++s.critical; break;
      case State::Unknown: ++s.unknown; break;
    }
  }
  return s;
}

State SweepResult::worst() const {
  State worst = State::Ok;
  for (const auto& item : items)
    if (badness(item.state) > badness(worst)) worst = item.state;
  return worst;
}

SweepResult sweep(const Config& config, const SweepOptions& options) {
  SweepResult result;
  result.checked_at = options.at;
  detail::OnlineChecks online;  // each distribution point and responder asked once per sweep
  for (const auto& source : config.files) detail::add_file_items(source, config, options, online, result.items);
  for (const auto& source : config.identities)
    result.items.push_back(detail::identity_item(source, config, options, online));
  detail::add_endpoint_items(config, options, result.items);
  return result;
}

}  // namespace mtlsdoctor::monitor
