// What the exporters share: which conditions a server can express, and the PCRE patterns that
// the servers evaluate in their place. Every pattern is ASCII; a literal character that is not a
// letter or digit is written `\xHH`, so a pattern never holds a quote, a space, `$`, `{`, `}`,
// `;`, `#` or a line break of its own and can be put in any server's quoting unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/policy/export.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy::detail {

// Why `server` cannot express `condition` exactly; nullopt when it can.
[[nodiscard]] std::optional<std::string> export_refusal(const Condition& condition, Server server);

// Over an RFC 2253 DN string as OpenSSL prints it (XN_FLAG_RFC2253: `CN=x,OU=y+OU=z,C=DE`,
// `,+"\<>;` escaped with a backslash, `#` and spaces escaped where they start or end a value):
// any value of the condition's attribute equals one of its exact values or globs after RFC 4518
// preparation (case and runs of spaces ignored).
[[nodiscard]] std::string dn_regex(const Condition& condition);
// Over the serial in upper-case hex as the servers print it (whole bytes: maybe one leading 0):
// one of the exact values or inclusive ranges.
[[nodiscard]] std::string serial_regex(const Condition& condition);
// Over the SNI as sent: one of the names or wildcards, case-insensitive, one trailing dot allowed.
[[nodiscard]] std::string sni_regex(const Condition& condition);
// The hex numbers low..high (upper case, no leading zeros, low <= high) as an alternation.
[[nodiscard]] std::string hex_range_regex(std::string_view low, std::string_view high);
// The condition's fingerprints as 64 upper-case hex digits.
[[nodiscard]] std::vector<std::string> sha256_values(const Condition& condition);
// The condition's networks as "address/prefix" (host bits cleared).
[[nodiscard]] std::vector<std::string> networks(const Condition& condition);

// Text safe inside a `#` comment of any of the servers: printable ASCII but `\`, the rest `\xHH`.
[[nodiscard]] std::string comment_text(std::string_view text);
// "rule 2 'payments' (line 7)".
[[nodiscard]] std::string rule_label(const Rule& rule, std::size_t index);
// The comment lines every export starts with: what it is, its file, the default, and `how`
// (one line each, without the leading "# ").
[[nodiscard]] std::string export_header(const Policy& policy, Server server, const std::vector<std::string>& how);

// Calls `write(rule, index, label)` for each rule that can decide, in order. A shadow rule never
// decides, so leaving it out changes no decision: it gets a comment, after `before`, in `out`.
template <class Write>
void for_each_deciding_rule(const Policy& policy, std::string& out, std::string_view before, Write&& write) {
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const Rule& rule = policy.rules[i];
    const std::string label = rule_label(rule, i);
    if (rule.shadow) {
      out += std::string(before) + "# " + label + ": a shadow rule (a dry run that never decides): not exported.\n";
      continue;
    }
    write(rule, i, label);
  }
}

// The configuration of each server, for a policy whose every condition passed export_refusal
// (shadow rules are skipped with a comment: they never decide).
[[nodiscard]] std::string nginx_config(const Policy& policy);
[[nodiscard]] std::string apache_config(const Policy& policy);
[[nodiscard]] std::string haproxy_config(const Policy& policy);

}  // namespace mtlsdoctor::policy::detail
