// The policy file (POLICY.md) → typed rules. Every error names file:line:column; nothing
// unknown is ignored.
#include <fmt/format.h>
#include <openssl/objects.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <limits>
#include <set>
#include <sstream>

#include "matcher.h"
#include "mtlsdoctor/core/text_file.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/policy/yaml_reader.h"
#include "rule_index.h"
#include "values.h"

namespace mtlsdoctor::policy {

std::string_view to_string(Action a) noexcept {
  return a == Action::Allow ? "allow" : "deny";
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const auto digits = text.substr(0, text.size() - 1);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size() || n < 0) return std::nullopt;
  std::int64_t scale = 0;
  switch (unit) {
    case 's': scale = 1; break;
    case 'm': scale = 60; break;
    case 'h': scale = 3600; break;
    case 'd': scale = 86400; break;
    default: return std::nullopt;
  }
  if (n > std::numeric_limits<std::int64_t>::max() / scale / 1000) return std::nullopt;
  return std::chrono::seconds{n * scale};
}

namespace {

using yaml::at;
using yaml::entries;
using yaml::Entry;
using yaml::fail;
using yaml::Failure;
using yaml::Parsed;
using yaml::unknown_key;

Parsed<std::string> scalar(const Entry& e, std::string_view what) {
  if (!e.value.IsScalar() || e.value.Scalar().empty()) {
    return fail(e.value.IsNull() ? e.key_at : at(e.value), fmt::format("{} needs a value", what));
  }
  return e.value.Scalar();
}

PatternKind kind_of(Field field, std::string_view text) {
  if (text.size() >= 2 && text.front() == '/' && text.back() == '/') return PatternKind::Regex;
  if (field == Field::SanIp || field == Field::Source) return PatternKind::Cidr;
  if (field == Field::Serial && text.find('-') != std::string_view::npos) return PatternKind::Range;
  if (detail::has_glob(text)) return PatternKind::Glob;
  return PatternKind::Exact;
}

bool everything(const Pattern& p) {
  switch (p.kind) {
    case PatternKind::Glob: return p.text.find_first_not_of('*') == std::string::npos;
    case PatternKind::Regex: return p.text == "/.*/" || p.text == "/(?s).*/" || p.text == "/^.*$/";
    case PatternKind::Cidr: return p.text.ends_with("/0");
    default: return false;
  }
}

// A scalar or a list of scalars → patterns.
Parsed<std::vector<Pattern>> patterns(const Entry& e, Field field, std::string_view name) {
  std::vector<YAML::Node> items;
  if (e.value.IsSequence()) {
    for (const auto& item : e.value) items.push_back(item);
    if (items.empty()) return fail(at(e.value), fmt::format("{}: an empty list matches nothing", name));
  } else {
    items.push_back(e.value);
  }
  std::vector<Pattern> out;
  for (const auto& item : items) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      return fail(item.IsNull() ? e.key_at : at(item), fmt::format("{}: each value must be a non-empty string", name));
    }
    Pattern p;
    p.text = item.Scalar();
    p.where = at(item);
    p.kind = kind_of(field, p.text);
    if (p.kind == PatternKind::Cidr) {
      if (auto net = parse_network(p.text)) p.host_bits_set = net->host_bits_set;
    }
    p.matches_everything = everything(p);
    out.push_back(std::move(p));
  }
  return out;
}

// The DN attribute names POLICY.md lists, by their OpenSSL short names.
constexpr std::string_view kDnKeys[] = {"CN", "O", "OU", "C", "ST", "L", "DC", "serialNumber", "emailAddress", "UID"};

Parsed<std::string> dn_attribute(std::string_view key, Location where) {
  for (auto k : kDnKeys) {
    if (k.size() == key.size() && std::equal(k.begin(), k.end(), key.begin(),
                                             [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return std::string(k);
    }
  }
  bool dotted = !key.empty() && key.find_first_not_of("0123456789.") == std::string_view::npos && key.front() != '.' &&
                key.back() != '.' && key.find("..") == std::string_view::npos &&
                key.find('.') != std::string_view::npos;
  if (dotted) {
    // Facts name known attributes by their short name: look the OID up the same way.
    const int nid = OBJ_txt2nid(std::string(key).c_str());
    if (nid != NID_undef) return std::string(OBJ_nid2sn(nid));
    return std::string(key);
  }
  return fail(where, fmt::format("unknown DN attribute '{}' (expected CN, O, OU, C, ST, L, DC, serialNumber, "
                                 "emailAddress, UID or a dotted OID)",
                                 key));
}

class RuleReader {
 public:
  explicit RuleReader(Rule& rule) : m_rule(rule) {}

  Parsed<void> match(const YAML::Node& node) {
    auto items = entries(node, "match");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      Parsed<void> r;
      if (e.key == "subject" || e.key == "issuer") {
        r = dn(e, e.key == "subject" ? Field::Subject : Field::Issuer);
      } else if (e.key == "serial") {
        r = list(e, Field::Serial, "serial");
      } else if (e.key == "sha256") {
        r = list(e, Field::Sha256, "sha256");
      } else if (e.key == "spki_sha256") {
        r = list(e, Field::SpkiSha256, "spki_sha256");
      } else if (e.key == "san") {
        r = san(e);
      } else if (e.key == "eku") {
        r = list(e, Field::Eku, "eku");
      } else if (e.key == "policy_oid") {
        r = list(e, Field::PolicyOid, "policy_oid");
      } else if (e.key == "key") {
        r = key(e);
      } else if (e.key == "min_remaining") {
        r = min_remaining(e);
      } else if (e.key == "source") {
        r = list(e, Field::Source, "source");
      } else if (e.key == "sni") {
        r = list(e, Field::Sni, "sni");
      } else {
        return fail(e.key_at, unknown_key(e.key, "match",
                                          "subject, issuer, serial, sha256, spki_sha256, san, eku, policy_oid, key, "
                                          "min_remaining, source, sni"));
      }
      if (!r) return r;
    }
    return {};
  }

 private:
  Parsed<void> add(Condition c) {
    auto compiled = detail::compile(c);
    if (!compiled) {
      const auto& err = compiled.error();
      const Location where = err.pattern < c.patterns.size() ? c.patterns[err.pattern].where : c.where;
      return fail(where, fmt::format("{}: {}", c.name, err.message));
    }
    c.matcher = std::move(*compiled);
    m_rule.conditions.push_back(std::move(c));
    return {};
  }

  Parsed<void> list(const Entry& e, Field field, std::string name, std::string attribute = {}) {
    Condition c;
    c.field = field;
    c.name = std::move(name);
    c.attribute = std::move(attribute);
    c.where = e.key_at;
    auto ps = patterns(e, field, c.name);
    if (!ps) return std::unexpected(ps.error());
    c.patterns = std::move(*ps);
    return add(std::move(c));
  }

  Parsed<void> dn(const Entry& e, Field field) {
    auto items = entries(e.value, e.key);
    if (!items) return std::unexpected(items.error());
    for (const auto& a : *items) {
      auto attr = dn_attribute(a.key, a.key_at);
      if (!attr) return std::unexpected(attr.error());
      if (auto r = list(a, field, fmt::format("{}.{}", e.key, *attr), *attr); !r) return r;
    }
    return {};
  }

  Parsed<void> san(const Entry& e) {
    auto items = entries(e.value, "san");
    if (!items) return std::unexpected(items.error());
    for (const auto& a : *items) {
      Field f;
      if (a.key == "dns") {
        f = Field::SanDns;
      } else if (a.key == "uri") {
        f = Field::SanUri;
      } else if (a.key == "email") {
        f = Field::SanEmail;
      } else if (a.key == "ip") {
        f = Field::SanIp;
      } else {
        return fail(a.key_at, unknown_key(a.key, "san", "dns, uri, email, ip"));
      }
      if (auto r = list(a, f, "san." + a.key); !r) return r;
    }
    return {};
  }

  Parsed<void> key(const Entry& e) {
    auto items = entries(e.value, "key");
    if (!items) return std::unexpected(items.error());
    for (const auto& a : *items) {
      if (a.key == "type") {
        if (auto r = list(a, Field::KeyType, "key.type"); !r) return r;
      } else if (a.key == "min_bits") {
        auto text = scalar(a, "key.min_bits");
        if (!text) return std::unexpected(text.error());
        Condition c;
        c.field = Field::KeyMinBits;
        c.name = "key.min_bits";
        c.where = a.key_at;
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), c.number);
        if (ec != std::errc{} || end != text->data() + text->size() || c.number <= 0 || c.number > 65536) {
          return fail(at(a.value), fmt::format("key.min_bits: '{}' is not a number of bits", *text));
        }
        if (auto r = add(std::move(c)); !r) return r;
      } else {
        return fail(a.key_at, unknown_key(a.key, "key", "type, min_bits"));
      }
    }
    return {};
  }

  Parsed<void> min_remaining(const Entry& e) {
    auto text = scalar(e, "min_remaining");
    if (!text) return std::unexpected(text.error());
    auto d = parse_duration(*text);
    if (!d)
      return fail(at(e.value), fmt::format("min_remaining: '{}' is not a duration (e.g. 30s, 15m, 12h, 7d)", *text));
    Condition c;
    c.field = Field::MinRemaining;
    c.name = "min_remaining";
    c.where = e.key_at;
    c.number = d->count();
    c.patterns.push_back(Pattern{PatternKind::Exact, *text, at(e.value)});
    return add(std::move(c));
  }

  Rule& m_rule;
};

Parsed<Action> action_of(const Entry& e, std::string_view what) {
  auto text = scalar(e, what);
  if (!text) return std::unexpected(text.error());
  if (*text == "allow") return Action::Allow;
  if (*text == "deny") return Action::Deny;
  return fail(at(e.value), fmt::format("{}: '{}' is not allow or deny", what, *text));
}

Parsed<Rule> rule(const YAML::Node& node) {
  Rule r;
  r.where = at(node);
  auto items = entries(node, "a rule");
  if (!items) return std::unexpected(items.error());
  bool has_action = false;
  const YAML::Node* match = nullptr;
  for (const auto& e : *items) {
    if (e.key == "name") {
      auto name = scalar(e, "name");
      if (!name) return std::unexpected(name.error());
      r.name = *name;
    } else if (e.key == "action") {
      auto a = action_of(e, "action");
      if (!a) return std::unexpected(a.error());
      r.action = *a;
      has_action = true;
    } else if (e.key == "shadow") {
      auto text = scalar(e, "shadow");
      if (!text) return std::unexpected(text.error());
      if (*text != "true" && *text != "false") return fail(at(e.value), "shadow: must be true or false");
      r.shadow = *text == "true";
    } else if (e.key == "description") {
      if (!e.value.IsScalar()) return fail(at(e.value), "description: must be text");
    } else if (e.key == "match") {
      match = &e.value;
    } else {
      return fail(e.key_at, unknown_key(e.key, "a rule", "name, action, match, shadow, description"));
    }
  }
  if (r.name.empty()) return fail(r.where, "a rule needs a name");
  if (!has_action) return fail(r.where, fmt::format("rule '{}' needs an action (allow or deny)", r.name));
  if (match && !match->IsNull()) {
    RuleReader reader(r);
    if (auto m = reader.match(*match); !m) return std::unexpected(m.error());
  }
  return r;
}

Parsed<Policy> policy(const YAML::Node& root, std::string_view file) {
  Policy p;
  p.file = std::string(file);
  if (root.IsNull()) return fail({1, 1}, "the policy is empty (it needs version: 1 and rules)");
  auto items = entries(root, "the policy");
  if (!items) return std::unexpected(items.error());
  bool has_version = false;
  std::set<std::string> names;
  for (const auto& e : *items) {
    if (e.key == "version") {
      auto v = scalar(e, "version");
      if (!v) return std::unexpected(v.error());
      if (*v != "1")
        return fail(at(e.value), fmt::format("version {} is not supported (this tool reads version 1)", *v));
      has_version = true;
    } else if (e.key == "default") {
      auto a = action_of(e, "default");
      if (!a) return std::unexpected(a.error());
      p.default_action = *a;
      p.default_where = at(e.value);
    } else if (e.key == "rules") {
      if (e.value.IsNull()) continue;
      if (!e.value.IsSequence()) return fail(at(e.value), "rules must be a list");
      for (const auto& node : e.value) {
        auto r = rule(node);
        if (!r) return std::unexpected(r.error());
        if (!names.insert(r->name).second) return fail(r->where, fmt::format("rule name '{}' is used twice", r->name));
        p.rules.push_back(std::move(*r));
      }
    } else {
      return fail(e.key_at, unknown_key(e.key, "the policy", "version, default, rules"));
    }
  }
  if (!has_version) return fail({1, 1}, "version: 1 is missing");
  p.index = std::make_shared<const RuleIndex>(RuleIndex::build(p));
  return p;
}

}  // namespace

core::Result<Policy> parse(std::string_view yaml, std::string_view file) {
  return yaml::read_document<Policy>(yaml, file, [&](const YAML::Node& root) { return policy(root, file); });
}

core::Result<Policy> load(const std::string& path) {
  auto text = core::read_text_file(path, "policy file", 64u << 20);
  if (!text) return std::unexpected(text.error());
  const std::string& s = *text;
  return parse(s, path);
}

}  // namespace mtlsdoctor::policy
