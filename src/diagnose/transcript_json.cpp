#include <fmt/format.h>

#include <cmath>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/wire/parse.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::diagnose {
namespace {

nlohmann::ordered_json postgres_json(const probe::PostgresAnswer& pg) {
  nlohmann::ordered_json j;
  j["user"] = pg.user;
  j["database"] = pg.database;
  j["authentication"] =
      pg.authentication ? nlohmann::ordered_json(*pg.authentication) : nlohmann::ordered_json(nullptr);
  if (!pg.sasl_mechanisms.empty()) j["sasl_mechanisms"] = pg.sasl_mechanisms;
  j["ready"] = pg.ready;
  if (pg.error) {
    j["error"] = {{"severity", pg.error->severity}, {"sqlstate", pg.error->sqlstate}, {"message", pg.error->message}};
    if (!pg.error->detail.empty()) j["error"]["detail"] = pg.error->detail;
    if (!pg.error->hint.empty()) j["error"]["hint"] = pg.error->hint;
  } else {
    j["error"] = nullptr;
  }
  if (pg.malformed) j["malformed"] = true;
  return j;
}

}  // namespace

nlohmann::ordered_json transcript_json(const probe::Transcript& t) {
  nlohmann::ordered_json j;
  j["target"] = t.target;
  j["address"] = t.address;
  j["starttls"] = t.starttls == probe::StartTls::None ? nlohmann::ordered_json(nullptr)
                                                      : nlohmann::ordered_json(to_string(t.starttls));
  j["version"] = t.version;
  j["cipher"] = t.cipher;
  if (!t.alpn.empty()) j["alpn"] = t.alpn;
  if (!t.proxy.empty()) {  // never its credentials: only host:port are kept
    j["proxy"] = {
        {"address", t.proxy}, {"status", t.proxy_status}, {"reason", t.proxy_reason}, {"scheme", t.proxy_scheme}};
  }
  if (!t.first_bytes.empty())
    j["first_bytes"] = wire::escape_bytes(t.first_bytes, probe::kFirstBytesKept);  // not-tls: what came instead
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
    alerts.push_back({{"direction", to_string(a.direction)},
                      {"level", a.fatal ? "fatal" : "warning"},
                      {"name", a.name},
                      {"code", a.code},
                      {"after_handshake", a.after_handshake},
                      {"at_ms", static_cast<long>(a.at_ms)}});
  }
  j["alerts"] = std::move(alerts);
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : t.events) {
    events.push_back({{"at_ms", std::round(e.at_ms * 10) / 10},
                      {"direction", to_string(e.direction)},
                      {"stage", to_string(e.stage)},
                      {"message", e.what}});
  }
  j["messages"] = std::move(events);
  if (t.http) {
    j["http"] = {{"status", t.http->status}, {"reason", t.http->reason}, {"server", t.http->server}};
    if (t.http->date) j["http"]["date"] = *t.http->date;
  } else {
    j["http"] = nullptr;
  }
  if (t.postgres) j["postgres"] = postgres_json(*t.postgres);
  if (t.smtp) j["smtp"] = {{"code", t.smtp->code}, {"lines", t.smtp->lines}};
  j["stopped_at"] = to_string(t.stopped_at);
  j["error"] = to_string(t.error);
  if (!t.error_text.empty()) j["error_detail"] = t.error_text;
  if (!t.tls_errors.empty()) j["tls_errors"] = t.tls_errors;
  j["timings_ms"] = {{"connect", std::round(t.connect_ms * 10) / 10},
                     {"starttls", std::round(t.starttls_ms * 10) / 10},
                     {"handshake", std::round(t.handshake_ms * 10) / 10},
                     {"total", std::round(t.total_ms * 10) / 10}};
  return j;
}

}  // namespace mtlsdoctor::diagnose
