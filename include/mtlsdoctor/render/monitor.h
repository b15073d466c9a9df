// `monitor run` and `monitor history` as JSON (MONITOR.md's result), a table for a person,
// and the monitoring-plugins (Nagios) form. Reads a sweep; decides nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "mtlsdoctor/render/json_writer.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

// The items worst first (critical, unknown, warning, ok); configuration order among equals.
[[nodiscard]] std::vector<const monitor::Item*> worst_first(const monitor::SweepResult& result);

[[nodiscard]] nlohmann::ordered_json monitor_json(const monitor::SweepResult& result);
// The bytes of write_json(out, monitor_json(result)), streamed item by item.
void write_monitor_json(std::ostream& out, const monitor::SweepResult& result);
// The same bytes as write_monitor_json, written as the sweep judges each item (monitor::sweep with
// a sink): the constructor writes checked_at and opens "items", add() writes one item, end() the
// summary of the items added. Nothing of an item is kept once add() has returned.
class MonitorJsonStream {
 public:
  MonitorJsonStream(std::ostream& out, core::TimePoint checked_at);
  void add(const monitor::Item& item);
  void end();

 private:
  JsonStream m_json;
  monitor::Summary m_summary;
};

// Worst first, with days left; then what is wrong with each item that is not ok.
[[nodiscard]] std::string monitor_text(const monitor::SweepResult& result, const Style& style);
// "MTLS-DOCTOR CRITICAL - …| 'days_left_<name>'=12.5;30;7 …", then one line per item not ok.
[[nodiscard]] std::string monitor_nagios(const monitor::SweepResult& result);

[[nodiscard]] nlohmann::ordered_json history_json(const std::vector<monitor::HistoryRow>& rows);
[[nodiscard]] std::string history_text(const std::vector<monitor::HistoryRow>& rows, const Style& style);

}  // namespace mtlsdoctor::render
