#include "mtlsdoctor/server/decision_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mtlsdoctor/core/clock.h"

namespace mtlsdoctor::server {

std::string format_millis(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(t);
  const auto secs = std::chrono::floor<std::chrono::seconds>(ms);
  const auto frac = (ms - secs).count();
  const std::string base = core::format_rfc3339(secs);  // "…T06:01:12Z"
  return fmt::format("{}.{:03}Z", base.substr(0, base.size() - 1), frac);
}

std::string decision_log_line(const LogRecord& r) {
  using Json = nlohmann::ordered_json;
  const Admission& a = *r.admission;
  Json j;
  j["time"] = format_millis(r.time);
  j["client"] = r.client;
  j["sni"] = r.sni ? Json(*r.sni) : Json(nullptr);
  j["tls"] = r.tls;
  j["decision"] = a.allowed ? "allow" : "deny";
  const policy::Rule* rule = a.decision && a.decision->rule && r.policy ? &r.policy->rules[*a.decision->rule] : nullptr;
  j["rule"] = rule ? Json(rule->name) : Json(nullptr);
  j["cause"] = core::slug(a.cause);
  j["reason"] = a.reason;
  j["alert"] = r.alert ? Json(*r.alert) : Json(nullptr);
  j["http_status"] = r.http_status ? Json(*r.http_status) : Json(nullptr);
  if (a.leaf) {
    const auto& f = a.leaf->facts();
    j["subject"] = f.subject.rfc4514;
    j["issuer"] = f.issuer.rfc4514;
    j["serial"] = f.serial_hex;
    std::string sha;
    for (char c : f.sha256_fingerprint) {
      if (c != ':') sha.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    j["sha256"] = sha;
    j["not_after"] = core::format_rfc3339(f.not_after);
  } else {
    j["subject"] = nullptr;
  }
  if (a.decision && a.decision->shadow && r.policy) {
    const auto& s = r.policy->rules[*a.decision->shadow];
    j["shadow"] = Json{{"rule", s.name}, {"decision", policy::to_string(s.action)}};
  }
  // Invalid UTF-8 from a peer's certificate is replaced, never a throw.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

core::Result<DecisionLog> DecisionLog::open(const std::string& path) {
  if (path == "-") return DecisionLog(path, stdout);
  std::FILE* f = std::fopen(path.c_str(), "ae");
  if (!f)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot open the decision log: {}", std::strerror(errno)),
                      path);
  return DecisionLog(path, f);
}

DecisionLog::DecisionLog(DecisionLog&& other) noexcept
    : m_path(std::move(other.m_path)), m_file(std::exchange(other.m_file, nullptr)) {}

DecisionLog::~DecisionLog() {
  if (m_file && m_file != stdout) std::fclose(m_file);
}

void DecisionLog::write(const std::string& line) {
  const std::lock_guard lock(m_mutex);
  if (!m_file) return;
  std::fwrite(line.data(), 1, line.size(), m_file);
  std::fputc('\n', m_file);
  std::fflush(m_file);
}

core::Result<void> DecisionLog::reopen() {
  if (m_path == "-") return {};
  std::FILE* f = std::fopen(m_path.c_str(), "ae");
  if (!f) {
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot reopen the decision log: {}", std::strerror(errno)),
                      m_path);
  }
  const std::lock_guard lock(m_mutex);
  if (m_file && m_file != stdout) std::fclose(m_file);
  m_file = f;
  return {};
}

}  // namespace mtlsdoctor::server
