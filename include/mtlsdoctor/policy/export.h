// A policy as a web server's own configuration (nginx, Apache httpd, HAProxy), so that the
// server enforces what `policy test` decides. What a server cannot express exactly is refused,
// naming the rule and condition; nothing is approximated. Every value reaches the configuration
// as a regular expression whose literal characters other than letters and digits are written
// `\xHH`, so no value can close a quote, a block or a directive (docs/policy-export.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy {

enum class Server { Nginx, Apache, Haproxy };
[[nodiscard]] std::string_view to_string(Server server) noexcept;  // "nginx", "apache", "haproxy"
[[nodiscard]] std::optional<Server> parse_server(std::string_view name) noexcept;

// The nginx variable that holds the decision ("allow" or "deny"); the server block tests it.
inline constexpr std::string_view kNginxDecisionVariable = "$mtlsd_policy_decision";

// The configuration snippet, with a comment header saying what it is and where it goes.
// Unsupported errors name "FILE:LINE:COLUMN" of the first condition the server cannot express;
// the others are in the error's details.
[[nodiscard]] core::Result<std::string> export_config(const Policy& policy, Server server);

}  // namespace mtlsdoctor::policy
