// The policy as Apache httpd (mod_authz_core + mod_ssl) configuration: a <RequireAny> of
// `Require expr` lines, one per way to be allowed. Require has no order, so first-match is
// spelled out: an allow rule decides when it matches and no earlier deny rule does; the default
// allow decides when no deny rule matches (then either an allow rule or the default allows).
#include <fmt/format.h>

#include "export_regex.h"

namespace mtlsdoctor::policy::detail {
namespace {

// An ap_expr regular expression match; the pattern never holds '#' (export_regex.h).
std::string regex_test(std::string_view variable, const std::string& regex) {
  return fmt::format("%{{{}}} =~ m#{}#", variable, regex);
}

std::string condition_expr(const Condition& c) {
  switch (c.field) {
    case Field::Subject: return regex_test("SSL_CLIENT_S_DN", dn_regex(c));
    case Field::Issuer: return regex_test("SSL_CLIENT_I_DN", dn_regex(c));
    case Field::Serial: return regex_test("SSL_CLIENT_M_SERIAL", serial_regex(c));
    case Field::Sni: return regex_test("SSL_TLS_SNI", sni_regex(c));
    case Field::Source: {
      std::vector<std::string> tests;
      for (const auto& net : networks(c)) tests.push_back(fmt::format("-R '{}'", net));
      return fmt::format("({})", fmt::join(tests, " || "));
    }
    default: return "false";  // refused before (export_refusal)
  }
}

std::string rule_expr(const Rule& rule) {
  if (rule.conditions.empty()) return "true";
  std::vector<std::string> parts;
  for (const auto& c : rule.conditions) parts.push_back(condition_expr(c));
  return fmt::format("({})", fmt::join(parts, " && "));
}

// `matches` and none of `earlier_denies`.
std::string unless_denied(const std::string& matches, const std::vector<std::string>& earlier_denies) {
  std::string out = matches;
  for (const auto& d : earlier_denies) out += " && !" + d;
  return out;
}

}  // namespace

std::string apache_config(const Policy& policy) {
  std::string out =
      export_header(policy, Server::Apache,
                    {"Put it inside the <Location> (or <Directory>) of the virtual host that asks for client",
                     "certificates (SSLVerifyClient require); it needs mod_ssl and mod_authz_core. Requests that",
                     "no Require line below allows are answered 403."});
  std::string body;
  std::vector<std::string> denies;  // the match expressions of the deny rules so far
  bool can_allow = false;           // a Require line was written (rule names in comments could say anything)
  for_each_deciding_rule(policy, body, "    ", [&](const Rule& rule, std::size_t, const std::string& label) {
    const std::string matches = rule_expr(rule);
    if (rule.action == Action::Deny) {
      body += fmt::format("    # {}: deny (it is the 'no earlier deny rule' of the lines below)\n", label);
      denies.push_back(matches);
      return;
    }
    body += fmt::format("    # {}: allow, when it matches and no earlier deny rule does\n", label);
    body += fmt::format("    Require expr \"{}\"\n", unless_denied(matches, denies));
    can_allow = true;
  });
  if (policy.default_action == Action::Allow) {
    body += "    # the default, allow: when no deny rule matches\n";
    body += fmt::format("    Require expr \"{}\"\n", unless_denied("true", denies));
    can_allow = true;
  }
  if (!can_allow) {
    body += "    # no rule allows and the default is deny\n    Require all denied\n";
  }
  return out + "<RequireAny>\n" + body + "</RequireAny>\n";
}

}  // namespace mtlsdoctor::policy::detail
