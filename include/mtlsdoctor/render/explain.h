// `explain`'s answers: a text, an alert or a verify code explained (or not), and a whole log
// tallied per cause.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

// What was asked about: a TLS alert, a verify code, or (neither) a text.
struct ExplainQuestion {
  std::optional<int> alert;
  std::optional<int> verify_code;
  bool brief = false;  // text: the three likeliest causes with their fixes, no confirm commands
};

// What OpenSSL's side of the knowledge base adds to an alert or a verify code: which verify
// results an OpenSSL-based peer sends the alert for, or which alert it sends for the code.
[[nodiscard]] nlohmann::ordered_json openssl_json(const explain::KnowledgeBase& kb, const ExplainQuestion& q);

[[nodiscard]] nlohmann::ordered_json explanation_json(const core::Report& report, const explain::Explanation& e,
                                                      const nlohmann::ordered_json& openssl);
[[nodiscard]] std::string explanation_text(const core::Report& report, const explain::Explanation& e,
                                           const nlohmann::ordered_json& openssl, const ExplainQuestion& q,
                                           const Style& style);
[[nodiscard]] nlohmann::ordered_json unexplained_json(const ExplainQuestion& q);
[[nodiscard]] std::string unexplained_text(const ExplainQuestion& q);

// explain --log: `path` as given ("-" is stdin).
[[nodiscard]] nlohmann::ordered_json log_json(const std::string& path, const explain::LogSummary& s,
                                              const core::Report& report);
[[nodiscard]] std::string log_text(const std::string& path, const explain::LogSummary& s, const core::Report& report,
                                   double seconds, const Style& style);
// explain --log --follow: one line per event as it is read (text), or one JSON object per line.
// Log-controlled fields (client, time, the line itself) have control bytes escaped as \xNN.
[[nodiscard]] std::string log_event_text(const explain::LogEvent& e, const Style& style);
[[nodiscard]] nlohmann::ordered_json log_event_json(const explain::LogEvent& e);
[[nodiscard]] nlohmann::ordered_json log_unexplained_json(const std::string& path, const explain::LogSummary& s);
[[nodiscard]] std::string log_unexplained_text(const std::string& path, const explain::LogSummary& s);

}  // namespace mtlsdoctor::render
