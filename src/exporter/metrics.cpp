#include "metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "mtlsdoctor/core/printable.h"
#include "mtlsdoctor/server/metrics.h"

namespace mtlsdoctor::exporter::detail {
namespace {

using monitor::State;

std::string label(std::string_view value) {
  return server::prometheus_label(core::printable(value));
}

long long unix_seconds(core::TimePoint t) {
  return static_cast<long long>(t.time_since_epoch().count());
}

int state_value(State s) {
  switch (s) {
    case State::Ok: return 0;
    case State::Warning: return 1;
    case State::Critical: return 2;
    case State::Unknown: return 3;
  }
  return 3;
}

void help(std::string& out, std::string_view name, std::string_view type, std::string_view text) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, text, name, type);
}

std::string cert_labels(const monitor::Item& item, const monitor::CertSummary& c) {
  return fmt::format(R"(kind="{}",name="{}",source="{}",subject="{}",issuer="{}",serial="{}",role="{}")",
                     monitor::to_string(item.kind), label(item.name), label(item.source), label(c.subject),
                     label(c.issuer), label(c.serial), monitor::to_string(c.role));
}

// The cause and side of an endpoint: its verdict, or (not probed at all) the item's cause.
std::pair<std::string_view, std::string_view> verdict_of(const monitor::Item& item) {
  if (item.verdict) return {core::slug(item.verdict->cause), core::to_string(item.verdict->rejected_by)};
  return {core::slug(item.cause), core::to_string(core::Side::None)};
}

}  // namespace

std::string sweep_metrics(const monitor::SweepStatus& status) {
  std::string out;
  static const monitor::SweepResult empty;
  const monitor::SweepResult& r = status.last ? *status.last : empty;

  help(out, "mtls_doctor_certificate_not_after_seconds", "gauge",
       "Expiry (Unix time) of every certificate of every item: files, identities, endpoints' server chains.");
  for (const auto& item : r.items) {
    if (item.kind == monitor::ItemKind::Endpoint && !item.server_chain.empty()) {
      std::set<std::string> seen;  // a server that sends a certificate twice: one series
      for (const auto& c : item.server_chain)
        if (seen.insert(c.sha256).second)
          out += fmt::format("mtls_doctor_certificate_not_after_seconds{{{}}} {}\n", cert_labels(item, c),
                             unix_seconds(c.not_after));
    } else if (item.certificate) {
      out += fmt::format("mtls_doctor_certificate_not_after_seconds{{{}}} {}\n", cert_labels(item, *item.certificate),
                         unix_seconds(item.certificate->not_after));
    }
  }
  help(out, "mtls_doctor_item_state", "gauge", "Each item's state: 0 ok, 1 warning, 2 critical, 3 unknown.");
  for (const auto& item : r.items)
    out += fmt::format("mtls_doctor_item_state{{kind=\"{}\",name=\"{}\"}} {}\n", monitor::to_string(item.kind),
                       label(item.name), state_value(item.state));
  help(out, "mtls_doctor_item_cause", "gauge", "Each item's cause (DIAGNOSES.md id or check id), always 1.");
  for (const auto& item : r.items)
    out += fmt::format("mtls_doctor_item_cause{{kind=\"{}\",name=\"{}\",state=\"{}\",cause=\"{}\"}} 1\n",
                       monitor::to_string(item.kind), label(item.name), monitor::to_string(item.state),
                       core::slug(item.cause));
  help(out, "mtls_doctor_item_finding", "gauge",
       "Each warning or error finding of each item (mtls-not-requested, ca-list-drift, ...), always 1.");
  for (const auto& item : r.items) {
    std::set<std::string_view> ids;
    for (const auto& f : item.findings)
      if (f.severity == core::Severity::Warning || f.severity == core::Severity::Error) ids.insert(core::slug(f.id));
    for (auto id : ids)
      out += fmt::format("mtls_doctor_item_finding{{kind=\"{}\",name=\"{}\",finding=\"{}\"}} 1\n",
                         monitor::to_string(item.kind), label(item.name), id);
  }
  help(out, "mtls_doctor_endpoint_verdict", "gauge",
       "Each endpoint's diagnose verdict, always 1: cause (ok when accepted) and the side that rejected.");
  for (const auto& item : r.items) {
    if (item.kind != monitor::ItemKind::Endpoint) continue;
    const auto [cause, side] = verdict_of(item);
    out += fmt::format("mtls_doctor_endpoint_verdict{{name=\"{}\",target=\"{}\",cause=\"{}\",rejected_by=\"{}\"}} 1\n",
                       label(item.name), label(item.source), cause, side);
  }
  help(out, "mtls_doctor_identity_presented_not_after_seconds", "gauge",
       "Expiry (Unix time) of the identity each endpoint was probed with.");
  for (const auto& item : r.items)
    if (item.kind == monitor::ItemKind::Endpoint && item.presented)
      out += fmt::format(
          "mtls_doctor_identity_presented_not_after_seconds{{name=\"{}\",target=\"{}\",subject=\"{}\",serial=\"{}\"}} "
          "{}\n",
          label(item.name), label(item.source), label(item.presented->subject), label(item.presented->serial),
          unix_seconds(item.presented->not_after));
  help(out, "mtls_doctor_items", "gauge", "Items of the last sweep by state.");
  const auto s = r.summary();
  out += fmt::format(
      "mtls_doctor_items{{state=\"ok\"}} {}\nmtls_doctor_items{{state=\"warning\"}} {}\n"
      "mtls_doctor_items{{state=\"critical\"}} {}\nmtls_doctor_items{{state=\"unknown\"}} {}\n",
      s.ok, s.warning, s.critical, s.unknown);
  help(out, "mtls_doctor_last_sweep_timestamp_seconds", "gauge",
       "When the last sweep judged (Unix time); 0 before the first.");
  out += fmt::format("mtls_doctor_last_sweep_timestamp_seconds {}\n", status.last ? unix_seconds(r.checked_at) : 0);
  help(out, "mtls_doctor_sweep_duration_seconds", "gauge", "How long the last sweep took.");
  out += fmt::format("mtls_doctor_sweep_duration_seconds {:.3f}\n", status.last_duration_seconds);
  help(out, "mtls_doctor_sweeps_total", "counter", "Sweeps ended since the start.");
  out += fmt::format("mtls_doctor_sweeps_total {}\n", status.sweeps);
  help(out, "mtls_doctor_sweep_errors_total", "counter",
       "Sweeps whose result could not be recorded (stage=history); notices not delivered (stage=notify).");
  out += fmt::format("mtls_doctor_sweep_errors_total{{stage=\"history\"}} {}\n", status.history_errors);
  out += fmt::format("mtls_doctor_sweep_errors_total{{stage=\"notify\"}} {}\n", status.notify_errors);
  help(out, "mtls_doctor_sweep_overruns_total", "counter", "Sweeps that took longer than the interval.");
  out += fmt::format("mtls_doctor_sweep_overruns_total {}\n", status.overruns);
  help(out, "mtls_doctor_sweep_in_progress", "gauge", "1 while a sweep runs.");
  out += fmt::format("mtls_doctor_sweep_in_progress {}\n", status.sweeping ? 1 : 0);
  return out;
}

std::string probe_counters(std::uint64_t probed, std::uint64_t refused, std::uint64_t busy) {
  std::string out;
  help(out, "mtls_doctor_probe_requests_total", "counter",
       "/probe requests: probed, refused (not allowed, bad request) or busy (too many in flight).");
  out += fmt::format("mtls_doctor_probe_requests_total{{result=\"probed\"}} {}\n", probed);
  out += fmt::format("mtls_doctor_probe_requests_total{{result=\"refused\"}} {}\n", refused);
  out += fmt::format("mtls_doctor_probe_requests_total{{result=\"busy\"}} {}\n", busy);
  return out;
}

std::string web_counters(const std::uint64_t (&refused)[3], std::uint64_t reloads, std::uint64_t reload_failures) {
  std::string out;
  help(out, "mtls_doctor_http_refused_total", "counter",
       "Connections or requests of this exporter refused by --web-config: failed TLS handshake, client "
       "certificate refused by client_allowed_sans or client_policy, missing or wrong basic-auth credentials.");
  constexpr const char* kReasons[3] = {"tls_handshake", "client_certificate", "basic_auth"};
  for (int i = 0; i < 3; ++i)
    out += fmt::format("mtls_doctor_http_refused_total{{reason=\"{}\"}} {}\n", kReasons[i], refused[i]);
  help(out, "mtls_doctor_web_config_reloads_total", "counter",
       "Reloads of --web-config after one of its files changed: ok, or failed (the previous one kept).");
  out += fmt::format("mtls_doctor_web_config_reloads_total{{result=\"ok\"}} {}\n", reloads);
  out += fmt::format("mtls_doctor_web_config_reloads_total{{result=\"failed\"}} {}\n", reload_failures);
  return out;
}

std::string log_metrics(const monitor::LogCounts& counts) {
  std::string out;
  if (counts.following.empty()) return out;
  help(out, "mtls_doctor_log_following", "gauge", "1 while the log is followed; 0 when it cannot be opened.");
  for (const auto& [log, on] : counts.following)
    out += fmt::format("mtls_doctor_log_following{{log=\"{}\"}} {}\n", label(log), on ? 1 : 0);
  help(out, "mtls_doctor_log_rejections_total", "counter",
       "Failures read in the server logs since the start, by log and cause (explain's knowledge base).");
  for (const auto& [key, n] : counts.rejections)
    out += fmt::format("mtls_doctor_log_rejections_total{{log=\"{}\",cause=\"{}\"}} {}\n", label(key.first), key.second,
                       n);
  return out;
}

std::string probe_metrics(const monitor::Item& item, double duration_seconds) {
  std::string out;
  const bool success = item.verdict && item.verdict->outcome == core::Outcome::Ok;
  help(out, "probe_success", "gauge", "1 when the server accepted the handshake and the identity presented.");
  out += fmt::format("probe_success {}\n", success ? 1 : 0);
  help(out, "probe_duration_seconds", "gauge", "How long the probe took.");
  out += fmt::format("probe_duration_seconds {:.6f}\n", duration_seconds);
  if (!item.server_chain.empty()) {
    const auto earliest = std::ranges::min(item.server_chain, {}, &monitor::CertSummary::not_after).not_after;
    help(out, "probe_ssl_earliest_cert_expiry", "gauge", "Earliest expiry (Unix time) of the server's chain.");
    out += fmt::format("probe_ssl_earliest_cert_expiry {}\n", unix_seconds(earliest));
  }
  if (item.presented) {
    help(out, "probe_client_certificate_not_after_seconds", "gauge",
         "Expiry (Unix time) of the client certificate presented.");
    out += fmt::format("probe_client_certificate_not_after_seconds {}\n", unix_seconds(item.presented->not_after));
  }
  const auto [cause, side] = verdict_of(item);
  help(out, "probe_mtls_verdict", "gauge", "The diagnose verdict, always 1: its cause and the side that rejected.");
  out += fmt::format("probe_mtls_verdict{{cause=\"{}\",rejected_by=\"{}\"}} 1\n", cause, side);
  help(out, "probe_mtls_state", "gauge",
       "The probe's state as an endpoint item: 0 ok, 1 warning, 2 critical, 3 unknown.");
  out += fmt::format("probe_mtls_state {}\n", state_value(item.state));
  return out;
}

}  // namespace mtlsdoctor::exporter::detail
