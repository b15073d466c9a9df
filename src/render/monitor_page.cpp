#include "mtlsdoctor/render/monitor_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mtlsdoctor/render/monitor.h"

namespace mtlsdoctor::render {
namespace {

using monitor::State;

constexpr std::size_t kSparkPoints = 60;  // the most recent sweeps drawn

std::string_view state_colour(State s) {
  switch (s) {
    case State::Ok: return "#2e7d32";
    case State::Warning: return "#b26a00";
    case State::Critical: return "#c62828";
    case State::Unknown: return "#546e7a";
  }
  return "#546e7a";
}

constexpr std::string_view kStyle = R"(
body{font:16px/1.4 system-ui,sans-serif;margin:0;padding:12px;background:#fafafa;color:#212121}
h1{font-size:1.3em;margin:0 0 4px}
.meta{color:#555;font-size:.9em;margin-bottom:12px}
.summary span{display:inline-block;margin-right:10px;font-weight:600}
.item{background:#fff;border-left:6px solid #999;border-radius:4px;padding:8px 10px;margin:8px 0;
box-shadow:0 1px 2px rgba(0,0,0,.15);overflow-wrap:anywhere}
.item header{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:baseline}
.state{font-weight:700;text-transform:uppercase;font-size:.85em}
.name{font-weight:600}
.kind,.source{color:#555;font-size:.85em}
.days{margin-left:auto;font-variant-numeric:tabular-nums}
.reason,.fix{margin:4px 0 0}
.fix{font-family:ui-monospace,monospace;font-size:.85em;background:#f1f1f1;padding:4px;border-radius:3px}
svg{display:block;margin-top:6px;max-width:100%}
)";

std::string days_text(const monitor::Item& item) {
  if (!item.certificate) return "—";
  const double d = item.certificate->days_left;
  return d < 0 ? fmt::format("expired {:.1f} days ago", -d) : fmt::format("{:.1f} days left", d);
}

constexpr std::size_t kClientsShown = 20;  // per cause

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f)
          out += "\xef\xbf\xbd";
        else
          out.push_back(c);
      }
    }
  }
  return out;
}

std::string sparkline_svg(const std::vector<monitor::HistoryRow>& all) {
  constexpr double kWidth = 240, kHeight = 36, kBar = 8;
  const std::size_t first = all.size() > kSparkPoints ? all.size() - kSparkPoints : 0;
  const std::vector<monitor::HistoryRow> rows(all.begin() + static_cast<std::ptrdiff_t>(first), all.end());
  std::string out = fmt::format(
      R"(<svg class="spark" role="img" width="{}" height="{}" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">)",
      kWidth, kHeight, kWidth, kHeight);
  if (rows.empty()) return out + "<title>no history yet</title></svg>";
  const auto& last = rows.back();
  out += fmt::format("<title>{} sweeps recorded; {}{}</title>", all.size(), monitor::to_string(last.state),
                     last.days_left ? fmt::format(", {:.1f} days left", *last.days_left) : "");
  const double step = kWidth / static_cast<double>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    out += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"/>)", i * step, kHeight - kBar,
                       std::max(step - 0.5, 0.5), kBar, state_colour(rows[i].state));
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& r : rows) {
    if (!r.days_left) continue;
    lo = any ? std::min(lo, *r.days_left) : *r.days_left;
    hi = any ? std::max(hi, *r.days_left) : *r.days_left;
    any = true;
  }
  if (any) {
    const double span = hi - lo > 1e-9 ? hi - lo : 1;
    std::string points;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].days_left) continue;
      const double y = (kHeight - kBar - 3) - (*rows[i].days_left - lo) / span * (kHeight - kBar - 6);
      points += fmt::format("{:.1f},{:.1f} ", i * step + step / 2, y);
    }
    out += fmt::format(R"(<polyline points="{}" fill="none" stroke="#1565c0" stroke-width="1.5"/>)", points);
  }
  return out + "</svg>";
}

namespace {

// "12 clients failed with client-cert-expired in the last hour", and who they were.
std::string log_section(const std::vector<monitor::LogRejection>& rejections) {
  std::string out = "<section class=\"logs\"><h2>Rejections in the server logs, last hour</h2>\n";
  if (rejections.empty()) return out + "<p>None.</p></section>\n";
  std::map<core::FindingId, std::vector<const monitor::LogRejection*>> by_cause;
  for (const auto& r : rejections) by_cause[r.cause].push_back(&r);
  std::vector<std::pair<core::FindingId, std::vector<const monitor::LogRejection*>>> sorted(by_cause.begin(),
                                                                                            by_cause.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  for (const auto& [cause, list] : sorted) {
    out += fmt::format(
        "<article class=\"logcause\" data-cause=\"{}\"><p><b>{}</b> failed with <b>{}</b> ({})</p><ul>\n",
        core::slug(cause), list.size() == 1 ? std::string("1 client") : fmt::format("{} clients", list.size()),
        core::slug(cause), html_escape(core::title(cause)));
    std::size_t shown = 0;
    for (auto it = list.rbegin(); it != list.rend() && shown < kClientsShown; ++it, ++shown)
      out += fmt::format("<li>{} {}{} <span class=\"kind\">{} · {}</span></li>\n",
                         html_escape((*it)->client.empty() ? "(client not logged)" : (*it)->client),
                         (*it)->subject.empty() ? "" : "· ", html_escape((*it)->subject), html_escape((*it)->log),
                         core::format_rfc3339((*it)->read_at));
    if (list.size() > kClientsShown) out += fmt::format("<li>… and {} more</li>\n", list.size() - kClientsShown);
    out += "</ul></article>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string status_page_html(const StatusPage& page) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>mtls-doctor monitor</title><style>";
  out += kStyle;
  out += "</style></head><body>\n<h1>mtls-doctor monitor</h1>\n";
  if (!page.last) {
    out += fmt::format("<p class=\"meta\">{}: no sweep has ended yet.</p>\n</body></html>\n", html_escape(page.config));
    return out;
  }
  const auto& r = *page.last;
  const auto s = r.summary();
  out += fmt::format(
      "<p class=\"meta\">{} · checked {} · sweep took {:.2f} s · {} sweeps since start</p>\n"
      "<p class=\"summary\"><span style=\"color:{}\">{} critical</span><span style=\"color:{}\">{} unknown</span>"
      "<span style=\"color:{}\">{} warning</span><span style=\"color:{}\">{} ok</span></p>\n<main>\n",
      html_escape(page.config), core::format_rfc3339(r.checked_at), page.last_duration_seconds, page.sweeps,
      state_colour(State::Critical), s.critical, state_colour(State::Unknown), s.unknown, state_colour(State::Warning),
      s.warning, state_colour(State::Ok), s.ok);
  static const std::vector<monitor::HistoryRow> none;
  for (const monitor::Item* item : worst_first(r)) {
    const auto state = monitor::to_string(item->state);
    out += fmt::format(
        "<article class=\"item\" data-state=\"{}\" data-name=\"{}\" style=\"border-left-color:{}\">\n"
        "<header><span class=\"state\" style=\"color:{}\">{}</span><span class=\"name\">{}</span>"
        "<span class=\"kind\">{}</span><span class=\"days\">{}</span></header>\n",
        state, html_escape(item->name), state_colour(item->state), state_colour(item->state), state,
        html_escape(item->name), monitor::to_string(item->kind), html_escape(days_text(*item)));
    if (item->source != item->name) out += fmt::format("<div class=\"source\">{}</div>\n", html_escape(item->source));
    if (item->state != State::Ok || item->cause != core::FindingId::Ok) {
      out += fmt::format("<p class=\"reason\"><b>{}</b>: {}</p>\n", core::slug(item->cause), html_escape(item->reason));
      for (const auto& f : item->findings) {
        if (f.id != item->cause || f.fixes.empty()) continue;
        out += fmt::format("<p class=\"fix\">Fix: {}</p>\n", html_escape(f.fixes.front()));
        break;
      }
    }
    const auto h = page.history.find({std::string(monitor::to_string(item->kind)), item->name});
    out += sparkline_svg(h == page.history.end() ? none : h->second);
    out += "\n</article>\n";
  }
  out += "</main>\n";
  if (page.logs_watched) out += log_section(page.log_rejections);
  out += "</body></html>\n";
  return out;
}

}  // namespace mtlsdoctor::render
