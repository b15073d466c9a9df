#include "export_regex.h"

#include <fmt/format.h>

#include <cctype>

#include "values.h"

namespace mtlsdoctor::policy::detail {
namespace {

constexpr std::string_view kHexDigits = "0123456789ABCDEF";

bool alnum(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool printable_ascii(std::string_view text) noexcept {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

std::string hex_escape(char c) {
  return fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
}

// The DN short names OpenSSL prints (XN_FLAG_FN_SN) for the attributes POLICY.md lists.
constexpr std::string_view kPrintedDnKeys[] = {"CN",           "O",  "OU", "C", "ST", "L", "DC", "serialNumber",
                                               "emailAddress", "UID"};

bool printed_dn_key(std::string_view attribute) noexcept {
  for (auto k : kPrintedDnKeys) {
    if (k == attribute) return true;
  }
  return false;
}

int digit(char c) noexcept {
  return static_cast<int>(kHexDigits.find(c));
}

// A class of the hex digits from..to ("7", "[7-9A-C]").
std::string digit_span(int from, int to) {
  if (from == to) return std::string(1, kHexDigits[static_cast<std::size_t>(from)]);
  std::string out = "[";
  const auto part = [&](int a, int b) {
    if (a > b) return;
    out += kHexDigits[static_cast<std::size_t>(a)];
    if (b > a + 1) out += '-';
    if (b > a) out += kHexDigits[static_cast<std::size_t>(b)];
  };
  part(from, std::min(to, 9));
  part(std::max(from, 10), to);
  return out + "]";
}

std::string any_digits(std::size_t n) {
  return n == 0 ? std::string() : fmt::format("[0-9A-F]{{{}}}", n);
}

// Digit strings of one width from a to b (a <= b, leading zeros allowed) as alternatives: the
// common prefix, then a's first differing digit followed by "a's rest or more", the digits in
// between followed by anything, and b's digit followed by "b's rest or less".
std::vector<std::string> same_width_range(std::string_view a, std::string_view b) {
  if (a == b) return {std::string(a)};
  std::size_t k = 0;
  while (a[k] == b[k]) ++k;
  const std::string prefix(a.substr(0, k));
  const int a0 = digit(a[k]), b0 = digit(b[k]);
  const auto a_rest = a.substr(k + 1), b_rest = b.substr(k + 1);
  const std::size_t n = a_rest.size();
  const bool a_lowest = a_rest.find_first_not_of('0') == std::string_view::npos;
  const bool b_highest = b_rest.find_first_not_of('F') == std::string_view::npos;
  std::vector<std::string> out;
  if (!a_lowest) {
    for (const auto& s : same_width_range(a_rest, std::string(n, 'F'))) out.push_back(prefix + digit_span(a0, a0) + s);
  }
  const int mid_from = a_lowest ? a0 : a0 + 1;
  const int mid_to = b_highest ? b0 : b0 - 1;
  if (mid_from == 0 && mid_to == 15) {
    out.push_back(prefix + any_digits(n + 1));
  } else if (mid_from <= mid_to) {
    out.push_back(prefix + digit_span(mid_from, mid_to) + any_digits(n));
  }
  if (!b_highest) {
    for (const auto& s : same_width_range(std::string(n, '0'), b_rest)) out.push_back(prefix + digit_span(b0, b0) + s);
  }
  return out;
}

std::string_view server_name(Server s) noexcept {
  switch (s) {
    case Server::Nginx: return "nginx";
    case Server::Apache: return "Apache httpd";
    case Server::Haproxy: return "HAProxy";
  }
  return "the server";
}

std::optional<std::string> field_refusal(const Condition& c, Server s) {
  switch (c.field) {
    case Field::Subject:
    case Field::Issuer:
      if (!printed_dn_key(c.attribute)) {
        return fmt::format(
            "the servers print a DN attribute without an OpenSSL name ({}) as #hex DER, which a "
            "value cannot be compared with",
            c.attribute);
      }
      return std::nullopt;
    case Field::Serial:
    case Field::Source:
    case Field::Sni: return std::nullopt;
    case Field::Sha256:
      if (s == Server::Nginx) {
        return std::string(
            "nginx has only the SHA-1 fingerprint ($ssl_client_fingerprint); no variable holds the "
            "SHA-256 one");
      }
      if (s == Server::Apache) return std::string("mod_ssl has no variable with a certificate fingerprint");
      return std::nullopt;
    case Field::SpkiSha256: return fmt::format("{} has no variable with the public key or its hash", server_name(s));
    case Field::SanDns:
    case Field::SanUri:
    case Field::SanEmail:
    case Field::SanIp:
      if (s == Server::Apache) {
        return std::string(
            "mod_ssl has one variable per SAN position (SSL_CLIENT_SAN_*_n) and no test of any "
            "position, so a certificate with more SANs than the export names would be judged "
            "differently");
      }
      return fmt::format("{} has no variable with the subjectAltName", server_name(s));
    case Field::Eku: return fmt::format("{} has no variable with the extended key usage", server_name(s));
    case Field::PolicyOid: return fmt::format("{} has no variable with the certificate policies", server_name(s));
    case Field::KeyType:
    case Field::KeyMinBits: return fmt::format("{} cannot test the key's type and size in its rules", server_name(s));
    case Field::MinRemaining:
      return fmt::format("{} cannot compare the validity left with a duration in its rules", server_name(s));
  }
  return std::string("unknown condition");
}

}  // namespace

std::optional<std::string> export_refusal(const Condition& c, Server s) {
  if (auto why = field_refusal(c, s)) return why;
  for (const auto& p : c.patterns) {
    if (p.kind == PatternKind::Regex) {
      return fmt::format(
          "'{}' is an RE2 regular expression and {} uses PCRE, whose syntax and meaning differ in "
          "places; regular expressions are not translated (write the values or globs)",
          comment_text(p.text), server_name(s));
    }
    if ((c.field == Field::Subject || c.field == Field::Issuer || c.field == Field::Sni) && !printable_ascii(p.text)) {
      return fmt::format(
          "'{}' holds a control or non-ASCII character, which the servers print escaped (\\XX) "
          "and compare without RFC 4518 case folding",
          comment_text(p.text));
    }
  }
  return std::nullopt;
}

std::string dn_regex(const Condition& c) {
  // One character of a value as printed: anything but a separator, or an escaped character.
  const std::string unit = R"((?:[^\x5c,+]|\x5c.))";
  const std::string space = R"((?:\x20|\x5c09))";  // a space, or a tab as OpenSSL prints it
  std::vector<std::string> alternatives;
  for (const auto& p : c.patterns) {
    const std::string prepared = prepare_dn_value(p.text);
    std::string out;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      const char ch = prepared[i];
      if (p.kind == PatternKind::Glob && ch == '*') {
        out += unit + "*";
      } else if (p.kind == PatternKind::Glob && ch == '?') {
        out += "(?:" + space + "+|" + unit + ")";  // one prepared character: a run of spaces is one
      } else if (ch == ' ') {
        out += space + "+";
      } else if (alnum(ch)) {
        out += ch;
      } else if (std::string_view(",+\"\\<>;").find(ch) != std::string_view::npos) {
        out += R"(\x5c)" + hex_escape(ch);  // RFC 2253 §2.4: escaped wherever it stands
      } else if (ch == '#' && i == 0) {
        out += R"(\x5c?\x23)";  // escaped only as the value's first character
      } else {
        out += hex_escape(ch);
      }
    }
    alternatives.push_back(std::move(out));
  }
  // Leading and trailing spaces are escaped (`\ `) where they start or end the value; RFC 4518
  // preparation drops them.
  const std::string lead = R"((?:\x5c\x20)?)" + space + "*";
  const std::string trail = space + R"(*(?:\x5c\x20)?)";
  return fmt::format(R"(^(?:{}*[,+])*{}=(?i:{}(?:{}){})(?:[,+]|$))", unit, c.attribute, lead,
                     fmt::join(alternatives, "|"), trail);
}

std::string hex_range_regex(std::string_view low, std::string_view high) {
  std::vector<std::string> parts;
  const auto add = [&](std::string_view a, std::string_view b) {
    for (auto& s : same_width_range(a, b)) parts.push_back(std::move(s));
  };
  if (low.size() == high.size()) {
    add(low, high);
  } else {
    add(low, std::string(low.size(), 'F'));
    for (std::size_t width = low.size() + 1; width < high.size(); ++width) {
      add("1" + std::string(width - 1, '0'), std::string(width, 'F'));
    }
    add("1" + std::string(high.size() - 1, '0'), high);
  }
  return fmt::format("{}", fmt::join(parts, "|"));
}

std::string serial_regex(const Condition& c) {
  std::vector<std::string> alternatives;
  for (const auto& p : c.patterns) {
    if (p.kind == PatternKind::Range) {
      const auto dash = p.text.find('-');
      const auto low = normalise_hex(std::string_view(p.text).substr(0, dash));
      const auto high = normalise_hex(std::string_view(p.text).substr(dash + 1));
      if (low && high) alternatives.push_back(hex_range_regex(*low, *high));  // the parser checked both
    } else if (auto hex = normalise_hex(p.text)) {
      alternatives.push_back(*hex);
    }
  }
  return fmt::format("^0*(?i:{})$", fmt::join(alternatives, "|"));
}

std::string sni_regex(const Condition& c) {
  std::vector<std::string> alternatives;
  for (const auto& p : c.patterns) {
    std::string out;
    for (char ch : normalise_dns(p.text)) {
      if (p.kind == PatternKind::Glob && ch == '*') {
        out += R"([^\x2e]*)";  // within one label (RFC 6125 §6.4.3)
      } else if (p.kind == PatternKind::Glob && ch == '?') {
        out += R"([^\x2e])";
      } else if (alnum(ch)) {
        out += ch;
      } else {
        out += hex_escape(ch);
      }
    }
    alternatives.push_back(std::move(out));
  }
  return fmt::format(R"(^(?i:{})\x2e?$)", fmt::join(alternatives, "|"));
}

std::vector<std::string> sha256_values(const Condition& c) {
  std::vector<std::string> out;
  for (const auto& p : c.patterns) {
    if (auto hex = normalise_hex(p.text))
      out.push_back(std::string(64 - std::min<std::size_t>(hex->size(), 64), '0') + *hex);
  }
  return out;
}

std::vector<std::string> networks(const Condition& c) {
  std::vector<std::string> out;
  for (const auto& p : c.patterns) {
    if (auto net = parse_network(p.text)) out.push_back(fmt::format("{}/{}", to_string(net->base), net->prefix));
  }
  return out;
}

std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e || c == '\\') {
      out += hex_escape(c);
    } else {
      out += c;
    }
  }
  return out;
}

std::string rule_label(const Rule& rule, std::size_t index) {
  return fmt::format("rule {} '{}' (line {})", index + 1, comment_text(rule.name), rule.where.line);
}

std::string export_header(const Policy& policy, Server server, const std::vector<std::string>& how) {
  std::string out = fmt::format(
      "# mtls-doctor policy export --to {}: the access policy {} as {} configuration.\n"
      "# Generated: change the policy and export it again rather than editing this.\n",
      to_string(server), comment_text(policy.file), server_name(server));
  for (const auto& line : how) out += "# " + line + "\n";
  out += fmt::format("# The first rule that matches decides; when none does: {} (the policy's default).\n",
                     to_string(policy.default_action));
  return out;
}

}  // namespace mtlsdoctor::policy::detail
