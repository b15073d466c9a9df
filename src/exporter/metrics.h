// What `monitor serve` answers in Prometheus's text format: the last sweep (/metrics) and one
// live probe (/probe). Series are bounded by the configuration, never by requests: one per item,
// one per certificate of an item (an endpoint's whole server chain), one verdict per endpoint,
// one per distinct non-ok finding of an item. Label values are escaped and made printable.
#pragma once

#include <cstdint>
#include <string>

#include "mtlsdoctor/monitor/log_watch.h"
#include "mtlsdoctor/monitor/service.h"
#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::exporter::detail {

[[nodiscard]] std::string sweep_metrics(const monitor::SweepStatus& status);
// mtls_doctor_probe_requests_total{result="probed"|"refused"|"busy"}.
[[nodiscard]] std::string probe_counters(std::uint64_t probed, std::uint64_t refused, std::uint64_t busy);
// --web-config: mtls_doctor_http_refused_total{reason="tls_handshake"|"client_certificate"|"basic_auth"},
// mtls_doctor_web_config_reloads_total{result="ok"|"failed"}.
[[nodiscard]] std::string web_counters(const std::uint64_t (&refused)[3], std::uint64_t reloads,
                                       std::uint64_t reload_failures);
// mtls_doctor_log_rejections_total{log,cause} and mtls_doctor_log_following{log}.
[[nodiscard]] std::string log_metrics(const monitor::LogCounts& counts);
[[nodiscard]] std::string probe_metrics(const monitor::Item& item, double duration_seconds);

}  // namespace mtlsdoctor::exporter::detail
