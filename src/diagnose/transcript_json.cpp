#include <cmath>

#include <fmt/format.h>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::diagnose {

nlohmann::ordered_json transcript_json(const probe::Transcript& t) {
  nlohmann::ordered_json j;
  j["target"] = t.target;
  j["address"] = t.address;
  j["version"] = t.version;
  j["cipher"] = t.cipher;
  j["handshake_completed"] = t.handshake_done;
  j["certificate_requested"] = t.certificate_requested;
  j["acceptable_ca_names"] = t.acceptable_ca_names;
  j["client_certificates_sent"] = t.client_certificates_sent;
  nlohmann::ordered_json chain = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < t.server_chain.size(); ++i) {
    auto c = x509::Certificate::from_der(t.server_chain[i], "server chain");
    nlohmann::ordered_json e;
    e["depth"] = i;
    if (c) {
      e["subject"] = c->facts().subject.rfc4514;
      e["issuer"] = c->facts().issuer.rfc4514;
      e["not_after"] = core::format_rfc3339(c->facts().not_after);
      e["sha256"] = c->facts().sha256_fingerprint;
    } else {
      e["error"] = c.error().message;
    }
    chain.push_back(std::move(e));
  }
  j["server_chain"] = std::move(chain);
  nlohmann::ordered_json alerts = nlohmann::ordered_json::array();
  for (const auto& a : t.alerts) {
    alerts.push_back({{"direction", to_string(a.direction)}, {"level", a.fatal ? "fatal" : "warning"}, {"name", a.name},
                      {"code", a.code}, {"after_handshake", a.after_handshake}, {"at_ms", static_cast<long>(a.at_ms)}});
  }
  j["alerts"] = std::move(alerts);
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : t.events) {
    events.push_back({{"at_ms", std::round(e.at_ms * 10) / 10}, {"direction", to_string(e.direction)}, {"message", e.what}});
  }
  j["messages"] = std::move(events);
  if (t.http) {
    j["http"] = {{"status", t.http->status}, {"reason", t.http->reason}, {"server", t.http->server}};
    if (t.http->date) j["http"]["date"] = *t.http->date;
  } else {
    j["http"] = nullptr;
  }
  j["stopped_at"] = to_string(t.stopped_at);
  j["error"] = to_string(t.error);
  if (!t.error_text.empty()) j["error_detail"] = t.error_text;
  if (!t.tls_errors.empty()) j["tls_errors"] = t.tls_errors;
  j["timings_ms"] = {{"connect", std::round(t.connect_ms * 10) / 10},
                     {"handshake", std::round(t.handshake_ms * 10) / 10},
                     {"total", std::round(t.total_ms * 10) / 10}};
  return j;
}

}  // namespace mtlsdoctor::diagnose
