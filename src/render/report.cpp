#include "mtlsdoctor/render/report.h"

#include <fmt/format.h>

#include "mtlsdoctor/core/hint.h"
#include "mtlsdoctor/render/cli_hint.h"
#include "mtlsdoctor/render/json_writer.h"

namespace mtlsdoctor::render {
namespace {

// Library text names command-line options by placeholder (core::hint): spelled here.
std::vector<std::string> cli_texts(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(cli_text(t));
  return out;
}

void spell_hints(nlohmann::ordered_json& j) {
  if (j.is_string()) {
    if (const auto& s = j.get_ref<const std::string&>(); core::has_hints(s)) j = cli_text(s);
  } else if (j.is_structured()) {
    for (auto& e : j) spell_hints(e);
  }
}

}  // namespace

nlohmann::ordered_json verdict_json(const core::Verdict& v) {
  nlohmann::ordered_json j;
  j["outcome"] = to_string(v.outcome);
  j["rejected_by"] = to_string(v.rejected_by);
  j["cause"] = slug(v.cause);
  j["summary"] = cli_text(v.summary);
  j["confidence"] = to_string(v.confidence);
  return j;
}

nlohmann::ordered_json finding_json(const core::Finding& f) {
  nlohmann::ordered_json j;
  j["id"] = slug(f.id);
  j["severity"] = to_string(f.severity);
  j["subject"] = to_string(f.subject);
  j["message"] = cli_text(f.message);
  j["evidence"] = f.evidence.is_null() ? nlohmann::ordered_json::object() : f.evidence;
  spell_hints(j["evidence"]);
  j["fix"] = cli_texts(f.fixes);
  return j;
}

void append_cli_text_json(std::string& out, std::string_view text) {
  if (core::has_hints(text))
    append_json_string(out, cli_text(text));
  else
    append_json_string(out, text);
}

namespace {

// The evidence as finding_json writes it: every string, at any depth, through cli_text.
void append_evidence(std::string& out, const nlohmann::ordered_json& j, int depth) {
  using V = nlohmann::ordered_json::value_t;
  if (j.type() == V::string) {
    append_cli_text_json(out, j.get_ref<const std::string&>());
  } else if (j.type() == V::object) {
    JsonObjectWriter obj(out, depth);
    for (const auto& [k, v] : j.items()) append_evidence(obj.key(k), v, depth + 1);
    obj.end();
  } else if (j.type() == V::array) {
    JsonArrayWriter arr(out, depth);
    for (const auto& v : j) append_evidence(arr.element(), v, depth + 1);
    arr.end();
  } else {
    append_json(out, j, depth);
  }
}

}  // namespace

void append_finding_json(std::string& out, const core::Finding& f, int depth) {
  JsonObjectWriter obj(out, depth);
  append_json_string(obj.key("id"), slug(f.id));
  append_json_string(obj.key("severity"), to_string(f.severity));
  append_json_string(obj.key("subject"), to_string(f.subject));
  append_cli_text_json(obj.key("message"), f.message);
  if (f.evidence.is_null())
    obj.key("evidence") += "{}";
  else
    append_evidence(obj.key("evidence"), f.evidence, depth + 1);
  JsonArrayWriter fixes(obj.key("fix"), depth + 1);
  for (const auto& fix : f.fixes) append_cli_text_json(fixes.element(), fix);
  fixes.end();
  obj.end();
}

nlohmann::ordered_json report_json(const core::Report& report) {
  nlohmann::ordered_json j;
  j["verdict"] = verdict_json(report.verdict);
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& f : report.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);
  return j;
}

Color severity_color(core::Severity s) noexcept {
  switch (s) {
    case core::Severity::Error: return Color::Red;
    case core::Severity::Warning: return Color::Yellow;
    case core::Severity::Info: return Color::Dim;
  }
  return Color::None;
}

std::string report_text(const core::Report& report, const Style& style) {
  const auto& v = report.verdict;
  std::string out;
  const bool ok = v.outcome == core::Outcome::Ok;
  out += fmt::format("{}  {}", style.paint(ok ? "OK  " : "FAIL", ok ? Color::Green : Color::Red),
                     style.paint(slug(v.cause), Color::Bold));
  if (!ok) out += fmt::format("  (rejected by: {}, {})", to_string(v.rejected_by), to_string(v.confidence));
  out += fmt::format("\n{}\n", printable(cli_text(v.summary)));

  // The cause's message is the summary already: show only its fixes, then everything else.
  const core::Finding* cause = report.find(v.cause);
  if (cause && !ok) {
    for (const auto& fix : cause->fixes)
      out += fmt::format("  {} {}\n", style.paint("fix:", Color::Cyan), printable(cli_text(fix)));
    // What the evidence leaves open (client-cert-rejected): the reader's next leads.
    if (const auto h = cause->evidence.find("hypotheses"); h != cause->evidence.end() && h->is_array()) {
      out += "  what it may still be:\n";
      for (const auto& line : *h) {
        if (line.is_string()) out += fmt::format("    - {}\n", printable(cli_text(line.get<std::string>())));
      }
    }
  }
  bool any = false;
  for (const auto& f : report.findings) {
    if (&f == cause) continue;
    if (!any) out += "\n";
    any = true;
    const std::string sev = fmt::format("{:<7}", to_string(f.severity));
    out += fmt::format("  {} {}: {}\n", style.paint(sev, severity_color(f.severity)), slug(f.id),
                       printable(cli_text(f.message)));
    for (const auto& fix : f.fixes)
      out += fmt::format("          {} {}\n", style.paint("fix:", Color::Cyan), printable(cli_text(fix)));
  }
  return out;
}

}  // namespace mtlsdoctor::render
