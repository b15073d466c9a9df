// The policy as HAProxy configuration: one ACL per condition and one `http-request allow|deny`
// per rule, in rule order. HAProxy runs a frontend's http-request rules in order and stops at
// the first allow or deny that applies, which is first-match.
#include <fmt/format.h>

#include "export_regex.h"

namespace mtlsdoctor::policy::detail {
namespace {

// A single-quoted HAProxy word: nothing inside is special; the patterns never hold a quote.
std::string haproxy_quoted(std::string_view text) {
  return fmt::format("'{}'", text);
}

std::string acl(const Condition& c, const std::string& name) {
  switch (c.field) {
    case Field::Subject:
      return fmt::format("acl {} ssl_c_s_dn(,0,rfc2253) -m reg {}", name, haproxy_quoted(dn_regex(c)));
    case Field::Issuer:
      return fmt::format("acl {} ssl_c_i_dn(,0,rfc2253) -m reg {}", name, haproxy_quoted(dn_regex(c)));
    case Field::Serial: return fmt::format("acl {} ssl_c_serial,hex -m reg {}", name, haproxy_quoted(serial_regex(c)));
    case Field::Sha256: {
      std::vector<std::string> values;
      for (const auto& v : sha256_values(c)) values.push_back(haproxy_quoted(v));
      return fmt::format("acl {} ssl_c_der,sha2(256),hex -m str -i {}", name, fmt::join(values, " "));
    }
    case Field::Sni: return fmt::format("acl {} ssl_fc_sni -m reg {}", name, haproxy_quoted(sni_regex(c)));
    case Field::Source: return fmt::format("acl {} src {}", name, fmt::join(networks(c), " "));
    default: return {};  // refused before (export_refusal)
  }
}

}  // namespace

std::string haproxy_config(const Policy& policy) {
  std::string out =
      export_header(policy, Server::Haproxy,
                    {"Put these lines in the frontend whose bind line asks for client certificates",
                     "(ssl ... ca-file ... verify required), after its other http-request rules: the first",
                     "allow or deny below that applies ends the frontend's http-request rules; deny answers 403."});
  for_each_deciding_rule(policy, out, "\n", [&](const Rule& rule, std::size_t i, const std::string& label) {
    out += fmt::format("\n# {}\n", label);
    std::vector<std::string> names;
    for (std::size_t j = 0; j < rule.conditions.size(); ++j) {
      names.push_back(fmt::format("mtlsd_r{}_c{}", i + 1, j + 1));
      out += acl(rule.conditions[j], names.back()) + "  # " + rule.conditions[j].name + "\n";
    }
    out += fmt::format("http-request {}{}\n", to_string(rule.action),
                       names.empty() ? "" : fmt::format(" if {}", fmt::join(names, " ")));
  });
  return out + fmt::format("\n# the default\nhttp-request {}\n", to_string(policy.default_action));
}

}  // namespace mtlsdoctor::policy::detail
