#include "http_reply.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "mtlsdoctor/policy/test_run.h"
#include "mtlsdoctor/server/http_exchange.h"

namespace mtlsdoctor::server::detail {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string decision_body(const Admission& a, const policy::Policy* policy, std::string_view tls,
                          const std::optional<std::string>& sni) {
  Json j;
  j["decision"] = a.allowed ? "allow" : "deny";
  j["cause"] = core::slug(a.cause);
  j["reason"] = a.reason;
  const policy::Rule* rule = a.decision && a.decision->rule && policy ? &policy->rules[*a.decision->rule] : nullptr;
  j["rule"] = rule ? Json(rule->name) : Json(nullptr);
  if (rule) j["line"] = rule->where.line;
  if (policy) j["policy"] = policy->file;
  if (a.decision && !a.allowed && policy) {
    Json misses = Json::array();
    for (const auto& m : a.decision->near_misses) misses.push_back(policy::near_miss_text(*policy, m));
    j["near_misses"] = std::move(misses);
  }
  if (a.verification && !a.verification->ok) {
    j["verify_error"] = {
        {"code", a.verification->code}, {"depth", a.verification->depth}, {"text", a.verification->reason}};
  }
  j["tls"] = tls;
  j["sni"] = sni ? Json(*sni) : Json(nullptr);
  if (a.leaf) {
    const auto& f = a.leaf->facts();
    Json san = Json::array();
    for (const auto& s : f.sans) san.push_back(fmt::format("{}:{}", x509::to_string(s.type), s.value));
    j["client_certificate"] = {{"subject", f.subject.rfc4514},
                               {"issuer", f.issuer.rfc4514},
                               {"serial", f.serial_hex},
                               {"sha256", f.sha256_fingerprint},
                               {"not_after", core::format_rfc3339(f.not_after)},
                               {"san", std::move(san)}};
  } else {
    j["client_certificate"] = nullptr;
  }
  return dump(j);
}

std::string error_body(std::string_view error) {
  return dump(Json{{"error", error}});
}

std::string http_response(int status, std::string_view body, bool keep_alive, bool head) {
  return fmt::format(
      "HTTP/1.1 {} {}\r\nServer: mtls-doctor\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
      "Cache-Control: no-store\r\nConnection: {}\r\n\r\n{}",
      status, reason_phrase(status), body.size(), keep_alive ? "keep-alive" : "close",
      head ? std::string_view{} : body);
}

}  // namespace mtlsdoctor::server::detail
