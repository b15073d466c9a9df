#include "mtlsdoctor/render/explain.h"

#include <fmt/format.h>

#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {
namespace {

std::string describe(const ExplainQuestion& q) {
  if (q.alert) return fmt::format("TLS alert {}", *q.alert);
  if (q.verify_code) return fmt::format("verify code {}", *q.verify_code);
  return "this text";
}

std::string unexplained_summary(const ExplainQuestion& q) {
  return fmt::format(
      "Nothing in the knowledge base explains {}; no cause is guessed. Reproduce the failure with "
      "`mtls-doctor diagnose HOST:PORT --cert client.pem --key client.key` to see what each side sent.",
      describe(q));
}

nlohmann::ordered_json matches_json(const explain::Explanation& e) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& m : e.matches) {
    nlohmann::ordered_json j;
    j["entry"] = m.entry->id;
    j["ecosystem"] = m.entry->ecosystem;
    j["reported_by"] = explain::to_string(m.entry->reporter);
    j["rejected_by"] = core::to_string(m.entry->rejected_by);
    j["matched"] = m.matched;
    out.push_back(std::move(j));
  }
  return out;
}

// "unable to get issuer certificate" from "verify error 2 (unable to get issuer certificate): …".
std::string verify_text(const explain::Entry& e) {
  const auto open = e.summary.find('(');
  const auto close = e.summary.find("):");
  if (open == std::string::npos || close == std::string::npos || close < open) return e.id;
  return e.summary.substr(open + 1, close - open - 1);
}

std::string openssl_text(const nlohmann::ordered_json& j, const ExplainQuestion& q) {
  if (q.alert && !j["sent_for_verify_codes"].empty()) {
    std::string out =
        "\nAn OpenSSL-based peer (s_server, Apache, HAProxy, stunnel, PostgreSQL, Python) sends it when its\n"
        "verification of the other side's certificate ends in:\n";
    for (const auto& c : j["sent_for_verify_codes"]) {
      out += fmt::format("  {:>2}  {}\n", c["verify_code"].get<int>(), c["text"].get<std::string>());
    }
    return out;
  }
  if (q.verify_code && j.contains("sends_alert")) {
    return fmt::format(
        "\nAn OpenSSL-based peer that ends its verification in this code sends alert {} to the other side "
        "(mtls-doctor explain --alert {}).\n",
        j["sends_alert"].get<int>(), j["sends_alert"].get<int>());
  }
  return "";
}

}  // namespace

nlohmann::ordered_json openssl_json(const explain::KnowledgeBase& kb, const ExplainQuestion& q) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (q.alert) {
    nlohmann::ordered_json codes = nlohmann::ordered_json::array();
    for (int code : kb.read_alert(*q.alert, explain::Judged::ClientCertificate).openssl_verify_codes) {
      codes.push_back({{"verify_code", code}, {"text", verify_text(*kb.verify_entry(code))}});
    }
    j["sent_for_verify_codes"] = std::move(codes);
  } else if (q.verify_code) {
    const auto* e = kb.verify_entry(*q.verify_code);
    if (e && e->openssl_alert) {
      const auto* a = kb.alert_entry(*e->openssl_alert);
      j["sends_alert"] = *e->openssl_alert;
      if (a) j["alert_entry"] = a->id;
    }
  }
  return j;
}

nlohmann::ordered_json explanation_json(const core::Report& report, const explain::Explanation& e,
                                        const nlohmann::ordered_json& openssl) {
  auto j = report_json(report);
  j["explained"] = true;
  j["matches"] = matches_json(e);
  if (!openssl.empty()) j["openssl"] = openssl;
  return j;
}

std::string explanation_text(const core::Report& report, const explain::Explanation& e,
                             const nlohmann::ordered_json& openssl, const ExplainQuestion& q, const Style& style) {
  const auto& v = report.verdict;
  const auto& best = e.matches.front();
  std::string out = fmt::format("{}  {}  (rejected by: {}, {})\n{}\n", style.paint("EXPLAINED", Color::Green),
                                style.paint(core::slug(v.cause), Color::Bold), core::to_string(v.rejected_by),
                                core::to_string(v.confidence), printable(v.summary));
  out += style.paint(fmt::format("matched \"{}\" ({}, printed by: {})", printable(best.matched), best.entry->id,
                                 explain::to_string(best.entry->reporter)),
                     Color::Dim);
  out += "\n\nCandidate causes, most likely first:\n";
  int rank = 0;
  for (const auto& f : report.findings) {
    if (q.brief && rank == 3) {
      out += fmt::format("  (+{} more: without --brief)\n", report.findings.size() - 3);
      break;
    }
    out += fmt::format("  {}. {}: {}\n", ++rank, style.paint(core::slug(f.id), Color::Bold), core::title(f.id));
    if (!q.brief)
      for (const auto& c : f.confirm) out += fmt::format("     {} {}\n", style.paint("confirm:", Color::Cyan), c);
    for (const auto& fix : f.fixes) out += fmt::format("     {} {}\n", style.paint("fix:", Color::Cyan), fix);
  }
  if (e.matches.size() > 1) {
    out += "\nAlso matched:\n";
    for (std::size_t i = 1; i < e.matches.size(); ++i) {
      out += fmt::format("  {} \"{}\"\n", e.matches[i].entry->id, printable(e.matches[i].matched));
    }
  }
  return out + openssl_text(openssl, q);
}

nlohmann::ordered_json unexplained_json(const ExplainQuestion& q) {
  nlohmann::ordered_json j;
  j["explained"] = false;
  j["verdict"] = nullptr;
  j["summary"] = unexplained_summary(q);
  j["findings"] = nlohmann::ordered_json::array();
  j["next_steps"] = {"mtls-doctor diagnose HOST:PORT --cert client.pem --key client.key",
                     "mtls-doctor check --role client --cert client.pem --key client.key --cacert ca.pem"};
  return j;
}

std::string unexplained_text(const ExplainQuestion& q) {
  return fmt::format("UNKNOWN  {}\n", unexplained_summary(q));
}

}  // namespace mtlsdoctor::render
