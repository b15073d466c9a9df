// Policy lint. "Rule A covers rule B" when every condition of A holds for every certificate B
// matches: then B can never decide (A decides first). Coverage is decided per condition, value by
// value, conservatively: when in doubt (two different regular expressions) it says "not covered",
// so a finding is always real.
#include "mtlsdoctor/policy/lint.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "values.h"

namespace mtlsdoctor::policy {
namespace {

using core::FindingId;
using core::Severity;

// Longer than certificates are issued for: min_remaining beyond it excludes every certificate
// but the rare 20-year one.
constexpr std::int64_t kLongestLifeSeconds = 3650LL * 86400;

// The largest key size each type can have (OpenSSL's limits: RSA 16384, EC P-521, DSA 10000).
int largest_bits(std::string_view type) {
  std::string t(type);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "rsa" || t == "rsa-pss" || t == "rsassa-pss") return 16384;
  if (t == "ec" || t == "ecdsa") return 521;
  if (t == "dsa") return 10000;
  return std::numeric_limits<int>::max();  // Ed25519/Ed448 always satisfy min_bits
}

std::optional<std::pair<std::string, std::string>> serial_interval(const Pattern& p) {
  if (p.kind == PatternKind::Range) {
    const auto dash = p.text.find('-');
    auto low = detail::normalise_hex(std::string_view(p.text).substr(0, dash));
    auto high = detail::normalise_hex(std::string_view(p.text).substr(dash + 1));
    if (low && high) return std::pair{*low, *high};
    return std::nullopt;
  }
  if (p.kind != PatternKind::Exact) return std::nullopt;
  auto v = detail::normalise_hex(p.text);
  if (!v) return std::nullopt;
  return std::pair{*v, *v};
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Does value pattern `a` match every value pattern `b` matches?
bool pattern_covers(Field field, const Pattern& a, const Pattern& b) {
  if (a.matches_everything) return true;
  switch (field) {
    case Field::Serial:
    case Field::Sha256: {
      auto ia = serial_interval(a), ib = serial_interval(b);
      return ia && ib && detail::compare_hex(ia->first, ib->first) <= 0 &&
             detail::compare_hex(ib->second, ia->second) <= 0;
    }
    case Field::SpkiSha256: {
      auto ha = detail::pin_hex(a.text), hb = detail::pin_hex(b.text);
      return ha && hb && *ha == *hb;
    }
    case Field::SanIp:
    case Field::Source: {
      auto na = parse_network(a.text), nb = parse_network(b.text);
      return na && nb && na->base.v6 == nb->base.v6 && na->prefix <= nb->prefix && contains(*na, nb->base);
    }
    case Field::Eku:
    case Field::KeyType: return lowered(a.text) == lowered(b.text);
    default: break;
  }
  if (a.kind == PatternKind::Regex || b.kind == PatternKind::Regex) return a.kind == b.kind && a.text == b.text;
  const std::string nb = detail::normalise_text(field, b.text);
  if (a.kind == PatternKind::Exact) return b.kind == PatternKind::Exact && detail::normalise_text(field, a.text) == nb;
  // a is a glob: it covers b when it matches b's text with b's own wildcards read as characters
  // (each of b's wildcards then lies where one of a's `*` absorbs it).
  const RE2 re(detail::glob_to_regex(field, detail::normalise_text(field, a.text)));
  return re.ok() && RE2::FullMatch(nb, re);
}

bool condition_covers(const Condition& a, const Condition& b) {
  if (a.field != b.field || a.attribute != b.attribute) return false;
  switch (a.field) {
    case Field::KeyMinBits:
    case Field::MinRemaining: return a.number <= b.number;
    default: break;
  }
  return std::all_of(b.patterns.begin(), b.patterns.end(), [&](const Pattern& pb) {
    return std::any_of(a.patterns.begin(), a.patterns.end(),
                       [&](const Pattern& pa) { return pattern_covers(a.field, pa, pb); });
  });
}

// Every certificate `b` matches, `a` matches too.
bool rule_covers(const Rule& a, const Rule& b) {
  return std::all_of(a.conditions.begin(), a.conditions.end(), [&](const Condition& ca) {
    return std::any_of(b.conditions.begin(), b.conditions.end(),
                       [&](const Condition& cb) { return condition_covers(ca, cb); });
  });
}

class Linter {
 public:
  explicit Linter(const Policy& policy) : m_policy(policy) {}

  std::vector<LintFinding> run() {
    for (std::size_t i = 0; i < m_policy.rules.size(); ++i) {
      values(m_policy.rules[i]);
      reachability(i);
    }
    serial_overlaps();
    std::stable_sort(m_out.begin(), m_out.end(), [](const LintFinding& x, const LintFinding& y) {
      return std::tie(x.where.line, x.where.column) < std::tie(y.where.line, y.where.column);
    });
    return std::move(m_out);
  }

 private:
  LintFinding& add(FindingId id, const Rule& rule, Location where, std::string message) {
    LintFinding f;
    f.id = id;
    f.severity = core::default_severity(id);
    f.rule = rule.name;
    f.where = where;
    f.message = std::move(message);
    m_out.push_back(std::move(f));
    return m_out.back();
  }

  void values(const Rule& rule) {
    const Condition* key_type = nullptr;
    for (const auto& c : rule.conditions) {
      if (c.field == Field::KeyType) key_type = &c;
    }
    for (const auto& c : rule.conditions) {
      for (const auto& p : c.patterns) {
        if (p.matches_everything) {
          add(FindingId::PolicyMatchesEverything, rule, p.where,
              fmt::format("rule '{}': {} '{}' matches any value{}", rule.name, c.name, p.text,
                          c.field == Field::Subject || c.field == Field::Issuer
                              ? " (it only requires the attribute to be present)"
                              : ""));
        }
        if (p.host_bits_set) {
          const auto net = parse_network(p.text);
          add(FindingId::PolicyCidrHostBits, rule, p.where,
              fmt::format("rule '{}': {} '{}' has host bits set; it means {}/{}", rule.name, c.name, p.text,
                          net ? detail::to_string(net->base) : "?", net ? net->prefix : 0));
        }
        if (c.attribute == "C" && p.kind == PatternKind::Exact && p.text.size() != 2) {
          add(FindingId::PolicyConditionNeverHolds, rule, p.where,
              fmt::format("rule '{}': {} '{}' can never match: a country is two letters (ISO 3166)", rule.name, c.name,
                          p.text));
        }
      }
      if (c.field == Field::MinRemaining && c.number > kLongestLifeSeconds) {
        add(FindingId::PolicyConditionNeverHolds, rule, c.where,
            fmt::format("rule '{}': min_remaining {} is longer than certificates are issued for (10 years): "
                        "almost no certificate can meet it",
                        rule.name, c.patterns.empty() ? "" : c.patterns.front().text));
      }
      if (c.field == Field::KeyMinBits) {
        int best = 0;
        if (key_type) {
          for (const auto& p : key_type->patterns) best = std::max(best, largest_bits(p.text));
        }
        if (key_type && best < c.number) {
          add(FindingId::PolicyConditionNeverHolds, rule, c.where,
              fmt::format("rule '{}': key.min_bits {} is more than any key of the types allowed can have ({} bits)",
                          rule.name, c.number, best));
        } else if (!key_type && c.number > 16384) {
          add(FindingId::PolicyConditionNeverHolds, rule, c.where,
              fmt::format("rule '{}': key.min_bits {} is more than any RSA or EC key can have: only Ed25519 and "
                          "Ed448 keys meet it",
                          rule.name, c.number));
        }
      }
    }
  }

  void reachability(std::size_t index) {
    const Rule& b = m_policy.rules[index];
    if (b.shadow) return;
    for (std::size_t i = 0; i < index; ++i) {
      const Rule& a = m_policy.rules[i];
      if (a.shadow || !rule_covers(a, b)) continue;
      LintFinding* f = nullptr;
      if (rule_covers(b, a) && a.action == b.action) {
        f = &add(FindingId::PolicyRuleDuplicate, b, b.where,
                 fmt::format("rule '{}' has the same conditions as rule '{}' (line {}): it never decides", b.name,
                             a.name, a.where.line));
      } else if (a.action == b.action) {
        f = &add(FindingId::PolicyRuleUnreachable, b, b.where,
                 fmt::format("rule '{}' never decides: rule '{}' (line {}) matches every certificate it matches "
                             "and already {}s them",
                             b.name, a.name, a.where.line, to_string(a.action)));
      } else {
        f = &add(FindingId::PolicyRuleShadowed, b, b.where,
                 fmt::format("rule '{}' ({}) never decides: the earlier rule '{}' (line {}) {}s every certificate "
                             "it matches{}",
                             b.name, to_string(b.action), a.name, a.where.line, to_string(a.action),
                             a.action == Action::Allow ? " (an allow rule wider than a later deny)" : ""));
      }
      f->other_rule = a.name;
      f->other_where = a.where;
      return;
    }
  }

  // Serial values and ranges of rules with different actions that overlap: one sweep over all
  // intervals sorted by start, remembering the furthest-reaching interval of each action.
  void serial_overlaps() {
    struct Interval {
      std::string low, high;
      std::size_t rule;
      Location where;
    };
    std::vector<Interval> all;
    for (std::size_t i = 0; i < m_policy.rules.size(); ++i) {
      const Rule& r = m_policy.rules[i];
      if (r.shadow) continue;
      for (const auto& c : r.conditions) {
        if (c.field != Field::Serial) continue;
        for (const auto& p : c.patterns) {
          if (auto iv = serial_interval(p)) all.push_back({iv->first, iv->second, i, p.where});
        }
      }
    }
    std::sort(all.begin(), all.end(),
              [](const Interval& x, const Interval& y) { return detail::compare_hex(x.low, y.low) < 0; });
    std::optional<Interval> reach[2];  // furthest-reaching so far, per action
    std::set<std::pair<std::size_t, std::size_t>> reported;
    for (const auto& iv : all) {
      const int action = m_policy.rules[iv.rule].action == Action::Allow ? 0 : 1;
      const auto& other = reach[1 - action];
      if (other && detail::compare_hex(iv.low, other->high) <= 0) {
        const auto first = std::min(iv.rule, other->rule), second = std::max(iv.rule, other->rule);
        if (reported.insert({first, second}).second) {
          const Rule& later = m_policy.rules[second];
          const Rule& earlier = m_policy.rules[first];
          const Interval& at_later = iv.rule == second ? iv : *other;
          auto& f = add(FindingId::PolicySerialOverlap, later, at_later.where,
                        fmt::format("rule '{}' ({}) and rule '{}' (line {}, {}) both name serials {}: the earlier "
                                    "rule decides for them",
                                    later.name, to_string(later.action), earlier.name, earlier.where.line,
                                    to_string(earlier.action), describe_overlap(iv, *other)));
          f.other_rule = earlier.name;
          f.other_where = earlier.where;
        }
      }
      auto& mine = reach[action];
      if (!mine || detail::compare_hex(iv.high, mine->high) > 0) mine = iv;
    }
  }

  template <class I>
  static std::string describe_overlap(const I& a, const I& b) {
    const std::string& low = detail::compare_hex(a.low, b.low) >= 0 ? a.low : b.low;
    const std::string& high = detail::compare_hex(a.high, b.high) <= 0 ? a.high : b.high;
    return low == high ? low : fmt::format("{}-{}", low, high);
  }

  const Policy& m_policy;
  std::vector<LintFinding> m_out;
};

}  // namespace

std::vector<LintFinding> lint(const Policy& policy) {
  return Linter(policy).run();
}

}  // namespace mtlsdoctor::policy
