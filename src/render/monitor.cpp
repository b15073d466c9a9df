#include "mtlsdoctor/render/monitor.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "mtlsdoctor/render/cli_hint.h"
#include "mtlsdoctor/render/json_writer.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {
namespace {

using monitor::State;

Color state_color(State s) {
  switch (s) {
    case State::Ok: return Color::Green;
    case State::Warning: return Color::Yellow;
    case State::Critical: return Color::Red;
    case State::Unknown: return Color::Cyan;
  }
  return Color::None;
}

std::string days(const monitor::Item& item) {
  return item.certificate ? fmt::format("{:.1f}", item.certificate->days_left) : "-";
}

long whole_days(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::days>(s).count();
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The plugin's text: printable, and without '|' (which starts the perfdata).
std::string plugin_text(std::string_view s) {
  std::string out = printable(cli_text(s));
  std::replace(out.begin(), out.end(), '|', '/');
  return out;
}

// A perfdata label: quoted; a quote doubled; '=' (which ends the label) replaced.
std::string perf_label(std::string_view name) {
  std::string out = "'days_left_";
  for (char c : plugin_text(name)) {
    if (c == '\'')
      out += "''";
    else if (c == '=')
      out += '_';
    else
      out += c;
  }
  return out + "'";
}

}  // namespace

std::vector<const monitor::Item*> worst_first(const monitor::SweepResult& r) {
  std::vector<const monitor::Item*> out;
  for (const auto& item : r.items) out.push_back(&item);
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return monitor::badness(a->state) > monitor::badness(b->state);
  });
  return out;
}

namespace {

nlohmann::ordered_json item_json(const monitor::Item& item) {
  nlohmann::ordered_json i;
  i["kind"] = to_string(item.kind);
  i["name"] = item.name;
  i["source"] = item.source;
  i["state"] = to_string(item.state);
  i["cause"] = core::slug(item.cause);
  if (!item.reason.empty()) i["reason"] = cli_text(item.reason);
  if (item.certificate) {
    const auto& c = *item.certificate;
    nlohmann::ordered_json cert;
    cert["subject"] = c.subject;
    cert["issuer"] = c.issuer;
    cert["serial"] = c.serial;
    cert["sha256"] = c.sha256;
    cert["not_after"] = core::format_rfc3339(c.not_after);
    cert["days_left"] = c.days_left;
    cert["role"] = to_string(c.role);
    i["certificate"] = std::move(cert);
  }
  i["thresholds"] = {{"warning_days", whole_days(item.thresholds.warning)},
                     {"critical_days", whole_days(item.thresholds.critical)}};
  if (item.verdict) i["verdict"] = verdict_json(*item.verdict);
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& f : item.findings) findings.push_back(finding_json(f));
  i["findings"] = std::move(findings);
  return i;
}

// The bytes of item_json(item) as an element of "items", written without the tree.
void append_item_json(std::string& out, const monitor::Item& item) {
  constexpr int kDepth = 2;
  JsonObjectWriter i(out, kDepth);
  append_json_string(i.key("kind"), to_string(item.kind));
  append_json_string(i.key("name"), item.name);
  append_json_string(i.key("source"), item.source);
  append_json_string(i.key("state"), to_string(item.state));
  append_json_string(i.key("cause"), core::slug(item.cause));
  if (!item.reason.empty()) append_cli_text_json(i.key("reason"), item.reason);
  if (item.certificate) {
    const auto& c = *item.certificate;
    JsonObjectWriter cert(i.key("certificate"), kDepth + 1);
    append_json_string(cert.key("subject"), c.subject);
    append_json_string(cert.key("issuer"), c.issuer);
    append_json_string(cert.key("serial"), c.serial);
    append_json_string(cert.key("sha256"), c.sha256);
    append_json_string(cert.key("not_after"), core::format_rfc3339(c.not_after));
    append_json_number(cert.key("days_left"), c.days_left);
    append_json_string(cert.key("role"), to_string(c.role));
    cert.end();
  }
  JsonObjectWriter thresholds(i.key("thresholds"), kDepth + 1);
  append_json_number(thresholds.key("warning_days"), static_cast<long long>(whole_days(item.thresholds.warning)));
  append_json_number(thresholds.key("critical_days"), static_cast<long long>(whole_days(item.thresholds.critical)));
  thresholds.end();
  if (item.verdict) append_json(i.key("verdict"), verdict_json(*item.verdict), kDepth + 1);
  JsonArrayWriter findings(i.key("findings"), kDepth + 1);
  for (const auto& f : item.findings) append_finding_json(findings.element(), f, kDepth + 2);
  findings.end();
  i.end();
}

nlohmann::ordered_json summary_json(const monitor::Summary& s) {
  return {{"ok", s.ok}, {"warning", s.warning}, {"critical", s.critical}, {"unknown", s.unknown}};
}

}  // namespace

nlohmann::ordered_json monitor_json(const monitor::SweepResult& result) {
  nlohmann::ordered_json j;
  j["checked_at"] = core::format_rfc3339(result.checked_at);
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& item : result.items) items.push_back(item_json(item));
  j["items"] = std::move(items);
  j["summary"] = summary_json(result.summary());
  return j;
}

MonitorJsonStream::MonitorJsonStream(std::ostream& out, core::TimePoint checked_at) : m_json(out) {
  m_json.begin();
  m_json.member("checked_at", core::format_rfc3339(checked_at));
  m_json.begin_array_member("items");
}

void MonitorJsonStream::add(const monitor::Item& item) {
  m_summary.add(item.state);
  m_json.element([&](std::string& buf) { append_item_json(buf, item); });
}

void MonitorJsonStream::end() {
  m_json.end_array_member();
  m_json.member("summary", summary_json(m_summary));
  m_json.end();
}

// The same bytes as write_json(monitor_json(result)), one item at a time: 10,000 items are never
// one tree in memory.
void write_monitor_json(std::ostream& out, const monitor::SweepResult& result) {
  MonitorJsonStream json(out, result.checked_at);
  for (const auto& item : result.items) json.add(item);
  json.end();
}

std::string monitor_text(const monitor::SweepResult& result, const Style& style) {
  Table table;
  table.add_row({"STATE", "KIND", "NAME", "DAYS LEFT", "CAUSE"},
                {Color::Bold, Color::Bold, Color::Bold, Color::Bold, Color::Bold});
  const auto sorted = worst_first(result);
  for (const auto* item : sorted) {
    table.add_row({upper(to_string(item->state)), std::string(to_string(item->kind)), printable(item->name),
                   days(*item), std::string(core::slug(item->cause))},
                  {state_color(item->state), Color::None, Color::None, Color::None, Color::None});
  }
  std::string out = table.render(style);
  bool heading = false;
  for (const auto* item : sorted) {
    if (item->state == State::Ok) continue;
    if (!heading) out += "\n";
    heading = true;
    out += fmt::format("{} {}: {}\n", style.paint(upper(to_string(item->state)), state_color(item->state)),
                       printable(item->name), printable(cli_text(item->reason)));
    for (const auto& f : item->findings) {
      if (f.id != item->cause) continue;
      for (const auto& fix : f.fixes) out += fmt::format("    fix: {}\n", printable(cli_text(fix)));
      break;
    }
  }
  const auto s = result.summary();
  out += fmt::format("\n{} critical, {} warning, {} unknown, {} ok (checked at {})\n", s.critical, s.warning, s.unknown,
                     s.ok, core::format_rfc3339(result.checked_at));
  return out;
}

std::string monitor_nagios(const monitor::SweepResult& result) {
  const auto s = result.summary();
  const auto worst = result.worst();
  std::string status = fmt::format("MTLS-DOCTOR {} - {} critical, {} warning, {} unknown, {} ok",
                                   upper(to_string(worst)), s.critical, s.warning, s.unknown, s.ok);
  const auto sorted = worst_first(result);
  std::vector<std::string> named;
  for (const auto* item : sorted) {
    if (item->state == State::Ok) break;
    named.push_back(fmt::format("{} ({})", plugin_text(item->name), core::slug(item->cause)));
    if (named.size() == 3) break;
  }
  if (!named.empty()) status += fmt::format(": {}", fmt::join(named, ", "));
  std::vector<std::string> perf;
  for (const auto& item : result.items) {
    if (!item.certificate) continue;
    perf.push_back(fmt::format("{}={:.2f};{};{}", perf_label(item.name), item.certificate->days_left,
                               whole_days(item.thresholds.warning), whole_days(item.thresholds.critical)));
  }
  std::string out = status;
  if (!perf.empty()) out += fmt::format(" | {}", fmt::join(perf, " "));
  out += "\n";
  for (const auto* item : sorted) {
    if (item->state == State::Ok) break;
    out += fmt::format("{} {} {}: {}\n", upper(to_string(item->state)), to_string(item->kind), plugin_text(item->name),
                       plugin_text(item->reason));
  }
  return out;
}

nlohmann::ordered_json history_json(const std::vector<monitor::HistoryRow>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    nlohmann::ordered_json j;
    j["checked_at"] = core::format_rfc3339(r.checked_at);
    j["kind"] = r.kind;
    j["name"] = r.name;
    j["state"] = to_string(r.state);
    j["previous_state"] = r.previous ? nlohmann::ordered_json(to_string(*r.previous)) : nlohmann::ordered_json();
    j["cause"] = r.cause;
    j["first_seen"] = core::format_rfc3339(r.first_seen);
    j["last_changed"] = core::format_rfc3339(r.last_changed);
    if (r.days_left) j["days_left"] = *r.days_left;
    out.push_back(std::move(j));
  }
  return {{"history", std::move(out)}};
}

std::string history_text(const std::vector<monitor::HistoryRow>& rows, const Style& style) {
  Table table;
  table.add_row({"CHECKED AT", "KIND", "NAME", "STATE", "PREVIOUS", "CAUSE", "LAST CHANGED"},
                std::vector<Color>(7, Color::Bold));
  for (const auto& r : rows) {
    table.add_row({core::format_rfc3339(r.checked_at), r.kind, printable(r.name), upper(to_string(r.state)),
                   r.previous ? std::string(to_string(*r.previous)) : "-", printable(r.cause),
                   core::format_rfc3339(r.last_changed)},
                  {Color::None, Color::None, Color::None, state_color(r.state)});
  }
  return rows.empty() ? std::string("no history recorded\n") : table.render(style);
}

}  // namespace mtlsdoctor::render
