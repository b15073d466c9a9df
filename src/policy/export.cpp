// `policy export`: check that the server can express every condition of every deciding rule,
// then write its configuration.
#include "mtlsdoctor/policy/export.h"

#include <fmt/format.h>

#include "export_regex.h"

namespace mtlsdoctor::policy {

std::string_view to_string(Server server) noexcept {
  switch (server) {
    case Server::Nginx: return "nginx";
    case Server::Apache: return "apache";
    case Server::Haproxy: return "haproxy";
  }
  return "nginx";
}

std::optional<Server> parse_server(std::string_view name) noexcept {
  for (auto s : {Server::Nginx, Server::Apache, Server::Haproxy}) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

core::Result<std::string> export_config(const Policy& policy, Server server) {
  std::optional<core::Error> refused;
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const Rule& rule = policy.rules[i];
    if (rule.shadow) continue;  // never decides: skipped, not approximated
    for (const auto& c : rule.conditions) {
      auto why = detail::export_refusal(c, server);
      if (!why) continue;
      const std::string text = fmt::format("rule '{}': {} cannot be exported to {}: {}",
                                           detail::comment_text(rule.name), c.name, to_string(server), *why);
      const std::string where = fmt::format("{}:{}:{}", policy.file, c.where.line, c.where.column);
      if (!refused) {
        refused = core::Error{core::ErrorCategory::Unsupported, text, where, {}};
      } else {
        refused->details.push_back(fmt::format("{}: {}", where, text));
      }
    }
  }
  if (refused) return std::unexpected(std::move(*refused));
  switch (server) {
    case Server::Nginx: return detail::nginx_config(policy);
    case Server::Apache: return detail::apache_config(policy);
    case Server::Haproxy: return detail::haproxy_config(policy);
  }
  return core::fail(core::ErrorCategory::Internal, "unknown server");
}

}  // namespace mtlsdoctor::policy
