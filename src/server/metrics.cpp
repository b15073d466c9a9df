#include "mtlsdoctor/server/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace mtlsdoctor::server {

std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void Metrics::decided(const Admission& a, const policy::Policy* policy, std::chrono::system_clock::time_point at) {
  const std::string decision = a.allowed ? "allow" : "deny";
  const std::lock_guard lock(m_mutex);
  ++m_connections[{decision, std::string(core::slug(a.cause))}];
  if (a.decision && policy) {
    const std::string rule = a.decision->rule ? policy->rules[*a.decision->rule].name : "(default)";
    ++m_rules[{rule, decision}];
  }
  if (!a.leaf) return;
  const auto& f = a.leaf->facts();
  auto& seen = m_certificates[f.sha256_fingerprint];
  seen.subject = f.subject.rfc4514;
  seen.issuer = f.issuer.rfc4514;
  seen.serial = f.serial_hex;
  seen.not_after = f.not_after.time_since_epoch().count();
  seen.last_seen = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  if (m_certificates.size() > kMaxCertificates) {
    // Forget the one seen longest ago.
    const auto oldest =
        std::ranges::min_element(m_certificates, {}, [](const auto& kv) { return kv.second.last_seen; });
    m_certificates.erase(oldest);
  }
}

void Metrics::handshake_failed(std::string_view reason) {
  const std::lock_guard lock(m_mutex);
  ++m_handshake_failures[std::string(reason)];
}

void Metrics::reloaded(bool ok) {
  const std::lock_guard lock(m_mutex);
  ++(ok ? m_reloads_ok : m_reloads_failed);
}

std::string Metrics::render(std::size_t open_connections) const {
  std::string out;
  const std::lock_guard lock(m_mutex);
  out += "# HELP mtls_doctor_serve_connections_total Connections decided, by decision and cause (DIAGNOSES.md).\n";
  out += "# TYPE mtls_doctor_serve_connections_total counter\n";
  for (const auto& [key, n] : m_connections) {
    out += fmt::format("mtls_doctor_serve_connections_total{{decision=\"{}\",cause=\"{}\"}} {}\n", key.first,
                       key.second, n);
  }
  out += "# HELP mtls_doctor_serve_policy_decisions_total Policy decisions by deciding rule ((default) when none).\n";
  out += "# TYPE mtls_doctor_serve_policy_decisions_total counter\n";
  for (const auto& [key, n] : m_rules) {
    out += fmt::format("mtls_doctor_serve_policy_decisions_total{{rule=\"{}\",decision=\"{}\"}} {}\n",
                       prometheus_label(key.first), key.second, n);
  }
  out += "# HELP mtls_doctor_serve_handshake_failures_total Handshakes that ended before a decision, by reason.\n";
  out += "# TYPE mtls_doctor_serve_handshake_failures_total counter\n";
  for (const auto& [reason, n] : m_handshake_failures) {
    out += fmt::format("mtls_doctor_serve_handshake_failures_total{{reason=\"{}\"}} {}\n", reason, n);
  }
  out += "# HELP mtls_doctor_serve_reloads_total Reloads of the files, by result.\n";
  out += "# TYPE mtls_doctor_serve_reloads_total counter\n";
  out += fmt::format("mtls_doctor_serve_reloads_total{{result=\"ok\"}} {}\n", m_reloads_ok);
  out += fmt::format("mtls_doctor_serve_reloads_total{{result=\"failed\"}} {}\n", m_reloads_failed);
  out += "# HELP mtls_doctor_serve_open_connections Client connections open now.\n";
  out += "# TYPE mtls_doctor_serve_open_connections gauge\n";
  out += fmt::format("mtls_doctor_serve_open_connections {}\n", open_connections);
  out += fmt::format(
      "# HELP mtls_doctor_serve_client_certificate_not_after_seconds Expiry (Unix time) of the client certificates "
      "seen, the {} most recent.\n",
      kMaxCertificates);
  out += "# TYPE mtls_doctor_serve_client_certificate_not_after_seconds gauge\n";
  std::vector<const Seen*> certs;
  for (const auto& [sha, seen] : m_certificates) certs.push_back(&seen);
  std::ranges::sort(certs, {}, [](const Seen* s) { return std::tie(s->not_after, s->serial); });
  for (const Seen* s : certs) {
    out += fmt::format(
        "mtls_doctor_serve_client_certificate_not_after_seconds{{subject=\"{}\",issuer=\"{}\",serial=\"{}\"}} {}\n",
        prometheus_label(s->subject), prometheus_label(s->issuer), s->serial, s->not_after);
  }
  out +=
      "# HELP mtls_doctor_serve_client_certificate_last_seen_seconds When each client certificate was last "
      "presented.\n";
  out += "# TYPE mtls_doctor_serve_client_certificate_last_seen_seconds gauge\n";
  for (const Seen* s : certs) {
    out += fmt::format(
        "mtls_doctor_serve_client_certificate_last_seen_seconds{{subject=\"{}\",issuer=\"{}\",serial=\"{}\"}} {}\n",
        prometheus_label(s->subject), prometheus_label(s->issuer), s->serial, s->last_seen);
  }
  return out;
}

}  // namespace mtlsdoctor::server
