#include "mtlsdoctor/render/lab.h"

#include <fmt/format.h>

#include <algorithm>

#include "mtlsdoctor/core/shell_quote.h"

namespace mtlsdoctor::render {
namespace {

std::size_t matched(const std::vector<ReplayRow>& rows) {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const ReplayRow& r) { return r.match; }));
}

}  // namespace

std::string lab_created_text(const lab::Manifest& made, const std::string& dir) {
  return fmt::format(
      "Wrote {} identities to {} (manifest.json lists each with its expected verdict).\n"
      "Replay them: mtls-doctor lab verify {}\n",
      made.identities.size(), dir, core::shell_quote(dir));
}

nlohmann::ordered_json replay_json(const std::vector<ReplayRow>& rows) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    list.push_back({{"name", r.name},
                    {"role", r.role},
                    {"expected", {{"cause", r.expected_cause}, {"rejected_by", r.expected_side}}},
                    {"got", {{"cause", r.cause}, {"rejected_by", r.side}}},
                    {"match", r.match}});
    if (!r.error.empty()) list.back()["error"] = r.error;
  }
  j["identities"] = std::move(list);
  j["matched"] = static_cast<long>(matched(rows));
  j["total"] = rows.size();
  return j;
}

std::string replay_text(const std::vector<ReplayRow>& rows, const Style& style) {
  Table table;
  table.add_row({"identity", "role", "verdict", "rejected by", "expected"},
                {Color::Bold, Color::Bold, Color::Bold, Color::Bold, Color::Bold});
  for (const auto& r : rows) {
    table.add_row({r.name, r.role, r.cause.empty() ? "error: " + r.error : r.cause, r.side,
                   r.match ? "✓" : fmt::format("✗ expected {} / {}", r.expected_cause, r.expected_side)},
                  {Color::None, Color::Dim, r.cause == "ok" ? Color::Green : Color::Yellow, Color::None,
                   r.match ? Color::Green : Color::Red});
  }
  return table.render(style) + fmt::format("\n{} of {} verdicts as expected\n", matched(rows), rows.size());
}

}  // namespace mtlsdoctor::render
