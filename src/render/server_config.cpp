#include "mtlsdoctor/render/server_config.h"

#include <fmt/format.h>

#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {

nlohmann::ordered_json server_config_json(const servercfg::AuditRun& run, const std::string& config) {
  auto j = report_json(run.report);
  j["role"] = "client";
  j["at"] = core::format_rfc3339(run.at);
  j["server_config"] = {
      {"file", config}, {"type", servercfg::to_string(run.type)}, {"server", run.server}, {"chosen", run.chosen}};
  return j;
}

std::string server_config_text(const servercfg::AuditRun& run, const std::string& config, const Style& style) {
  static constexpr std::string_view kBlock[] = {"the server block", "the <VirtualHost>", "the frontend"};
  std::string text = report_text(run.report, style) + fmt::format("\nJudged by {} ({} at {}), at {}.\n",
                                                                  printable(config), kBlock[static_cast<int>(run.type)],
                                                                  run.server, core::format_rfc3339(run.at));
  if (!run.chosen.empty()) text += fmt::format("Chosen as {}.\n", printable(run.chosen));
  return text;
}

}  // namespace mtlsdoctor::render
