#include "mtlsdoctor/render/server_config.h"

#include <fmt/format.h>

#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {

nlohmann::ordered_json server_config_json(const servercfg::AuditRun& run, const std::string& config) {
  auto j = report_json(run.report);
  j["role"] = "client";
  j["at"] = core::format_rfc3339(run.at);
  j["server_config"] = {{"file", config}, {"server", run.server}};
  return j;
}

std::string server_config_text(const servercfg::AuditRun& run, const std::string& config, const Style& style) {
  return report_text(run.report, style) + fmt::format("\nJudged by {} (the server block at {}), at {}.\n", config,
                                                      run.server, core::format_rfc3339(run.at));
}

}  // namespace mtlsdoctor::render
