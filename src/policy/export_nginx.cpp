// The policy as nginx configuration: one `map` (or `geo`, for networks) per condition setting a
// variable to 1 when it holds, and one `map` over all of them in rule order whose first
// all-ones group names the decision. nginx checks a map's regular expressions in the order they
// are written, which is what makes the first matching rule decide.
#include <fmt/format.h>

#include "export_regex.h"

namespace mtlsdoctor::policy::detail {
namespace {

// A double-quoted nginx string: nginx reads `\\` as `\` and `\"` as `"` inside quotes.
std::string nginx_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string regex_map(std::string_view source, const std::string& variable, const std::string& regex,
                      std::string_view condition) {
  return fmt::format("map {} {} {{\n    default 0;\n    {} 1;  # {}\n}}\n", source, variable, nginx_quoted("~" + regex),
                     condition);
}

std::string condition_block(const Condition& c, const std::string& variable) {
  switch (c.field) {
    case Field::Subject: return regex_map("$ssl_client_s_dn", variable, dn_regex(c), c.name);
    case Field::Issuer: return regex_map("$ssl_client_i_dn", variable, dn_regex(c), c.name);
    case Field::Serial: return regex_map("$ssl_client_serial", variable, serial_regex(c), c.name);
    case Field::Sni: return regex_map("$ssl_server_name", variable, sni_regex(c), c.name);
    case Field::Source: {
      std::string out = fmt::format("geo $remote_addr {} {{\n    default 0;\n", variable);
      for (const auto& net : networks(c)) out += fmt::format("    {} 1;\n", net);
      return out + "}\n";
    }
    default: return {};  // refused before (export_refusal)
  }
}

}  // namespace

std::string nginx_config(const Policy& policy) {
  std::string out =
      export_header(policy, Server::Nginx,
                    {"Include it in the http { } block. In each server { } that asks for client certificates",
                     "(ssl_verify_client on), add as its first rewrite rule:",
                     fmt::format("    if ({} = deny) {{ return 403; }}", kNginxDecisionVariable),
                     "Subject and issuer are matched in $ssl_client_s_dn and $ssl_client_i_dn, which nginx",
                     "1.11.6 and later print in RFC 2253 form (CN=x,OU=y,C=DE)."});
  std::string groups;  // the decision's source: one group of 0/1 per exported rule, each ending in ':'
  std::vector<std::string> decisions;
  for_each_deciding_rule(policy, out, "\n", [&](const Rule& rule, std::size_t i, const std::string& label) {
    out += fmt::format("\n# {}: {}{}\n", label, to_string(rule.action),
                       rule.conditions.empty() ? " (no conditions: matches every certificate)" : "");
    for (std::size_t j = 0; j < rule.conditions.size(); ++j) {
      const std::string variable = fmt::format("$mtlsd_r{}_c{}", i + 1, j + 1);
      out += condition_block(rule.conditions[j], variable);
      groups += variable;
    }
    groups += ':';
    const std::string earlier = decisions.empty() ? "" : fmt::format("(?:[01]*:){{{}}}", decisions.size());
    decisions.push_back(
        fmt::format("    {} {};  # {}\n", nginx_quoted("~^" + earlier + "1*:"), to_string(rule.action), label));
  });
  out += fmt::format(
      "\n# The decision: the first rule whose group holds only 1s decides; else the default.\nmap {} {} {{\n"
      "    default {};\n",
      nginx_quoted(groups.empty() ? "-" : groups), kNginxDecisionVariable, to_string(policy.default_action));
  for (const auto& d : decisions) out += d;
  return out + "}\n";
}

}  // namespace mtlsdoctor::policy::detail
