// `monitor serve`'s status page: one server-rendered HTML document, no script. Every item worst
// first with its state, days left, cause, reason and first fix, and a sparkline (inline SVG) of
// its recorded history; readable on a phone (one column, wrapping). Every string from a
// certificate, a peer or the configuration is HTML-escaped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/log_watch.h"
#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::render {

// &, <, >, " and ' as entities; control characters (but tab and newline) as U+FFFD.
[[nodiscard]] std::string html_escape(std::string_view text);

struct StatusPage {
  const monitor::SweepResult* last = nullptr;  // null: no sweep has ended yet
  // Each item's recorded rows, oldest first, keyed by (kind, name).
  std::map<std::pair<std::string, std::string>, std::vector<monitor::HistoryRow>> history;
  std::string config;  // the configuration file
  double last_duration_seconds = 0;
  std::uint64_t sweeps = 0;
  bool logs_watched = false;
  std::vector<monitor::LogRejection> log_rejections;  // the last hour's, oldest first
};

[[nodiscard]] std::string status_page_html(const StatusPage& page);
// The sparkline alone: one bar per recorded sweep coloured by state, and days left as a line.
[[nodiscard]] std::string sparkline_svg(const std::vector<monitor::HistoryRow>& rows);

}  // namespace mtlsdoctor::render
