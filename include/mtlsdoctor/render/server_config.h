// `check --server-config`: the verdict of a server's own configuration on an identity.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mtlsdoctor/render/style.h"
#include "mtlsdoctor/servercfg/audit.h"

namespace mtlsdoctor::render {

[[nodiscard]] nlohmann::ordered_json server_config_json(const servercfg::AuditRun& run, const std::string& config);
[[nodiscard]] std::string server_config_text(const servercfg::AuditRun& run, const std::string& config,
                                             const Style& style);

}  // namespace mtlsdoctor::render
