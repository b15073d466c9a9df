// What `serve` counts, in Prometheus's text format (`--metrics-listen`): connections by decision
// and cause, policy decisions by rule, handshakes that failed before a decision, reloads, open
// connections, and the client certificates seen with their expiry — the enforcing server is the
// one place that knows which client certificates are about to expire. Label values come from
// certificates and are escaped; the certificate series are bounded (the most recently seen).
// Thread-safe: every worker of `serve` counts into the one instance.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/server/admission.h"

namespace mtlsdoctor::server {

class Metrics {
 public:
  static constexpr std::size_t kMaxCertificates = 1000;

  void decided(const Admission& admission, const policy::Policy* policy, std::chrono::system_clock::time_point at);
  // "client-alert", "timeout", "tls-error": why a handshake ended before a decision.
  void handshake_failed(std::string_view reason);
  void reloaded(bool ok);

  [[nodiscard]] std::string render(std::size_t open_connections) const;

 private:
  struct Seen {
    std::string subject, issuer, serial;
    std::int64_t not_after = 0;
    std::int64_t last_seen = 0;
  };
  mutable std::mutex m_mutex;
  std::map<std::pair<std::string, std::string>, std::uint64_t> m_connections;  // (decision, cause)
  std::map<std::pair<std::string, std::string>, std::uint64_t> m_rules;        // (rule, decision)
  std::map<std::string, std::uint64_t> m_handshake_failures;
  std::uint64_t m_reloads_ok = 0;
  std::uint64_t m_reloads_failed = 0;
  std::unordered_map<std::string, Seen> m_certificates;  // by SHA-256
};

// A label value as Prometheus's text format wants it: \, " and newline escaped.
[[nodiscard]] std::string prometheus_label(std::string_view value);

}  // namespace mtlsdoctor::server
