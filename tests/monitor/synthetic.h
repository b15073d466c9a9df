// Sweeps made by hand for the history and notification tests: item "a" (a file with a
// certificate) and item "b" (an endpoint) in the states given.
#pragma once

#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::monitor::test {

inline const core::TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2027} / 3 / 1};

inline SweepResult sweep_of(core::TimePoint at, State a, State b) {
  SweepResult r;
  r.checked_at = at;
  Item one;
  one.name = "a";
  one.source = "/etc/pki/a.pem";
  one.state = a;
  one.cause = a == State::Ok ? core::FindingId::Ok : core::FindingId::CertExpiresSoon;
  one.certificate = CertSummary{"CN=a", "CN=ca", "01", "AA", at + std::chrono::days{10}, 10.0, CertRole::Client};
  Item two;
  two.kind = ItemKind::Endpoint;
  two.name = "b";
  two.state = b;
  r.items = {one, two};
  return r;
}

}  // namespace mtlsdoctor::monitor::test
