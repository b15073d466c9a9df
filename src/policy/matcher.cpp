#include "matcher.h"

#include <fmt/format.h>
#include <openssl/objects.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

#include "mtlsdoctor/ossl/ptr.h"
#include "values.h"

namespace mtlsdoctor::policy {
namespace detail {
namespace {

using x509::SanType;

std::unexpected<CompileError> error(std::size_t pattern, std::string message) {
  return std::unexpected(CompileError{pattern, std::move(message)});
}

RE2::Options regex_options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_max_mem(64 << 20);
  return o;
}

std::string_view regex_body(const Pattern& p) {
  return std::string_view(p.text).substr(1, p.text.size() - 2);
}

// ---------------------------------------------------------------------------------------------
// Text fields: exact values (normalised) in a hash set, globs as one RE2::Set over the
// normalised value, regular expressions as one RE2::Set over the value as printed.

// What a text matcher reads (copied from its condition: matchers outlive parsing's vectors).
struct Target {
  Field field = Field::Subject;
  std::string attribute;
  std::string name;
};

class TextMatcher final : public Matcher {
 public:
  using Extract = std::vector<std::string> (*)(const Target&, const Input&);

  TextMatcher(const Condition& condition, Extract extract)
      : m_target{condition.field, condition.attribute, condition.name},
        m_extract(extract),
        m_globs(regex_options(), RE2::ANCHOR_BOTH),
        m_regexes(regex_options(), RE2::ANCHOR_BOTH) {}

  std::expected<void, CompileError> add(std::size_t index, const Pattern& p) {
    switch (p.kind) {
      case PatternKind::Exact: m_exact.insert(normalise_text(m_target.field, p.text)); return {};
      case PatternKind::Glob: {
        std::string err;
        if (m_globs.Add(glob_to_regex(m_target.field, normalise_text(m_target.field, p.text)), &err) < 0)
          return error(index, err);
        ++m_glob_count;
        return {};
      }
      case PatternKind::Regex: {
        const RE2 check(regex_body(p), regex_options());
        if (!check.ok()) return error(index, fmt::format("not a valid regular expression: {}", check.error()));
        std::string err;
        if (m_regexes.Add(regex_body(p), &err) < 0) return error(index, err);
        ++m_regex_count;
        return {};
      }
      default: return error(index, fmt::format("{} does not take ranges or networks", m_target.name));
    }
  }

  std::expected<void, CompileError> finish() {
    if (m_glob_count && !m_globs.Compile()) return error(0, "too many patterns to compile");
    if (m_regex_count && !m_regexes.Compile()) return error(0, "too many patterns to compile");
    return {};
  }

  bool matches(const Input& input) const override {
    std::vector<int> hits;
    for (const auto& value : m_extract(m_target, input)) {
      if (!m_exact.empty() || m_glob_count) {
        const std::string n = normalise_text(m_target.field, value);
        if (m_exact.contains(n)) return true;
        if (m_glob_count && m_globs.Match(n, &hits)) return true;
      }
      if (m_regex_count && m_regexes.Match(value, &hits)) return true;
    }
    return false;
  }

  std::vector<std::string> observed(const Input& input) const override { return m_extract(m_target, input); }

 private:
  Target m_target;
  Extract m_extract;
  std::unordered_set<std::string> m_exact;
  RE2::Set m_globs;
  RE2::Set m_regexes;
  int m_glob_count = 0;
  int m_regex_count = 0;
};

std::vector<std::string> dn_values(const Target& c, const Input& input) {
  const auto& dn = c.field == Field::Subject ? input.facts().subject : input.facts().issuer;
  return dn.values(c.attribute);
}

std::vector<std::string> sans_of(const Input& input, SanType type) {
  std::vector<std::string> out;
  for (const auto& san : input.facts().sans) {
    if (san.type == type) out.push_back(san.value);
  }
  return out;
}

std::vector<std::string> san_values(const Target& c, const Input& input) {
  switch (c.field) {
    case Field::SanDns: return sans_of(input, SanType::Dns);
    case Field::SanUri: return sans_of(input, SanType::Uri);
    case Field::SanEmail: return sans_of(input, SanType::Email);
    default: return {};
  }
}

std::vector<std::string> sni_value(const Target&, const Input& input) {
  if (!input.connection().sni) return {};
  return {*input.connection().sni};
}

std::vector<std::string> policy_oids(const Target&, const Input& input) {
  return input.facts().policy_oids;
}

// ---------------------------------------------------------------------------------------------
// Hex fields: serial (exact values and inclusive ranges), fingerprints and key pins (exact).

class HexMatcher final : public Matcher {
 public:
  explicit HexMatcher(Field field) : m_field(field) {}

  void add_exact(std::string hex) { m_exact.insert(std::move(hex)); }
  void add_range(std::string low, std::string high) { m_ranges.push_back({std::move(low), std::move(high)}); }

  void finish() {
    std::sort(m_ranges.begin(), m_ranges.end(),
              [](const Range& a, const Range& b) { return compare_hex(a.low, b.low) < 0; });
    // The widest end seen so far: one binary search then answers "is v in any range".
    std::string widest;
    for (auto& r : m_ranges) {
      if (widest.empty() || compare_hex(r.high, widest) > 0) widest = r.high;
      r.reach = widest;
    }
  }

  bool matches(const Input& input) const override {
    const std::string& v = value(input);
    if (v.empty()) return false;
    if (m_exact.contains(v)) return true;
    // Last range starting at or before v; any earlier range reaching v shows in its `reach`.
    auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), v,
                               [](const std::string& x, const Range& r) { return compare_hex(x, r.low) < 0; });
    return it != m_ranges.begin() && compare_hex(v, std::prev(it)->reach) <= 0;
  }

  std::vector<std::string> observed(const Input& input) const override {
    switch (m_field) {
      case Field::Serial: return {input.facts().serial_hex};
      case Field::Sha256: return {input.facts().sha256_fingerprint};
      default: return {input.facts().spki_sha256};
    }
  }

 private:
  struct Range {
    std::string low, high, reach;
  };
  const std::string& value(const Input& input) const {
    switch (m_field) {
      case Field::Serial: return input.serial();
      case Field::Sha256: return input.sha256();
      default: return input.spki_sha256();
    }
  }
  Field m_field;
  std::unordered_set<std::string> m_exact;
  std::vector<Range> m_ranges;
};

std::expected<std::shared_ptr<const Matcher>, CompileError> compile_hex(const Condition& c) {
  auto m = std::make_shared<HexMatcher>(c.field);
  for (std::size_t i = 0; i < c.patterns.size(); ++i) {
    const Pattern& p = c.patterns[i];
    if (c.field == Field::Serial && p.kind == PatternKind::Range) {
      const auto dash = p.text.find('-');
      auto low = normalise_hex(std::string_view(p.text).substr(0, dash));
      auto high = normalise_hex(std::string_view(p.text).substr(dash + 1));
      if (!low || !high) return error(i, fmt::format("'{}' is not a range of hex serials (A-B)", p.text));
      if (compare_hex(*low, *high) > 0) return error(i, fmt::format("range '{}' ends before it starts", p.text));
      m->add_range(std::move(*low), std::move(*high));
      continue;
    }
    if (p.kind != PatternKind::Exact) {
      return error(
          i, fmt::format("{} takes exact hex values{}", c.name, c.field == Field::Serial ? " or A-B ranges" : ""));
    }
    if (c.field == Field::SpkiSha256) {
      auto hex = pin_hex(p.text);
      if (!hex) return error(i, fmt::format("'{}' is not a SHA-256 key pin (base64 or 64 hex digits)", p.text));
      m->add_exact(std::move(*hex));
      continue;
    }
    auto hex = normalise_hex(p.text);
    if (!hex) return error(i, fmt::format("'{}' is not hex", p.text));
    if (c.field == Field::Sha256 && std::count_if(p.text.begin(), p.text.end(), [](char ch) {
                                      return std::isxdigit(static_cast<unsigned char>(ch));
                                    }) != 64) {
      return error(i, fmt::format("'{}' is not a SHA-256 fingerprint (64 hex digits)", p.text));
    }
    m->add_exact(std::move(*hex));
  }
  m->finish();
  return m;
}

// ---------------------------------------------------------------------------------------------
// Networks: san.ip and source. One hash set of masked addresses per prefix length.

class NetworkMatcher final : public Matcher {
 public:
  explicit NetworkMatcher(Field field) : m_field(field) {}

  void add(const Network& net) {
    auto& bucket = m_by_prefix[net.base.v6 ? 1 : 0][static_cast<std::size_t>(net.prefix)];
    bucket.insert(key(net.base));
    auto& prefixes = m_prefixes[net.base.v6 ? 1 : 0];
    if (std::find(prefixes.begin(), prefixes.end(), net.prefix) == prefixes.end()) prefixes.push_back(net.prefix);
  }

  bool matches(const Input& input) const override {
    if (m_field == Field::Source) return input.source() && contains(*input.source());
    for (const auto& san : input.facts().sans) {
      if (san.type != SanType::Ip) continue;
      auto ip = parse_ip(san.value);
      if (ip && contains(*ip)) return true;
    }
    return false;
  }

  std::vector<std::string> observed(const Input& input) const override {
    if (m_field == Field::Source) {
      if (!input.source()) return {};
      return {to_string(*input.source())};
    }
    return sans_of(input, SanType::Ip);
  }

 private:
  static std::string key(const IpAddress& a) {
    return std::string(reinterpret_cast<const char*>(a.bytes.data()), a.v6 ? 16 : 4);
  }
  bool contains(const IpAddress& a) const {
    const int family = a.v6 ? 1 : 0;
    for (int prefix : m_prefixes[family]) {
      if (m_by_prefix[family][static_cast<std::size_t>(prefix)].contains(key(masked(a, prefix)))) return true;
    }
    return false;
  }
  Field m_field;
  std::array<std::array<std::unordered_set<std::string>, 129>, 2> m_by_prefix;
  std::array<std::vector<int>, 2> m_prefixes;
};

// ---------------------------------------------------------------------------------------------
// Extended key usage: absent = any purpose (RFC 5280 §4.2.1.12, as OpenSSL verifies).

class EkuMatcher final : public Matcher {
 public:
  void add(std::string name) { m_wanted.push_back(std::move(name)); }

  bool matches(const Input& input) const override {
    const auto& ekus = input.facts().extended_key_usage;
    if (!ekus) return true;
    for (const auto& eku : *ekus) {
      if (std::find(m_wanted.begin(), m_wanted.end(), eku.name()) != m_wanted.end()) return true;
    }
    return false;
  }

  std::vector<std::string> observed(const Input& input) const override {
    const auto& ekus = input.facts().extended_key_usage;
    if (!ekus) return {"(no extendedKeyUsage: any purpose)"};
    return x509::names(*ekus);
  }

 private:
  std::vector<std::string> m_wanted;
};

// OpenSSL's short name for a purpose written by short name, long name or OID.
std::optional<std::string> eku_name(const std::string& text) {
  const int nid = OBJ_txt2nid(text.c_str());
  if (nid != NID_undef) return std::string(OBJ_nid2sn(nid));
  ossl::Asn1ObjectPtr obj{OBJ_txt2obj(text.c_str(), 1)};
  if (!obj) return std::nullopt;
  return text;
}

// ---------------------------------------------------------------------------------------------
// The key, and validity left.

class KeyTypeMatcher final : public Matcher {
 public:
  void add(x509::KeyType t) { m_types.push_back(t); }
  bool matches(const Input& input) const override {
    return std::find(m_types.begin(), m_types.end(), input.facts().key.type) != m_types.end();
  }
  std::vector<std::string> observed(const Input& input) const override {
    return {std::string(input.facts().key.type_name())};
  }

 private:
  std::vector<x509::KeyType> m_types;
};

class MinBitsMatcher final : public Matcher {
 public:
  explicit MinBitsMatcher(std::int64_t bits) : m_bits(bits) {}
  bool matches(const Input& input) const override {
    const auto& key = input.facts().key;
    if (key.type == x509::KeyType::Ed25519 || key.type == x509::KeyType::Ed448) return true;
    return key.bits >= m_bits;
  }
  std::vector<std::string> observed(const Input& input) const override {
    const auto& key = input.facts().key;
    return {fmt::format("{} {}", key.type_name(), key.bits)};
  }

 private:
  std::int64_t m_bits;
};

class MinRemainingMatcher final : public Matcher {
 public:
  explicit MinRemainingMatcher(std::int64_t seconds) : m_seconds(seconds) {}
  bool matches(const Input& input) const override { return left(input) >= std::chrono::seconds{m_seconds}; }
  std::vector<std::string> observed(const Input& input) const override {
    const auto s = left(input).count();
    if (s < 0) return {fmt::format("expired {}d {}h ago", -s / 86400, (-s % 86400) / 3600)};
    return {fmt::format("{}d {}h", s / 86400, (s % 86400) / 3600)};
  }

 private:
  static std::chrono::seconds left(const Input& input) {
    return std::chrono::duration_cast<std::chrono::seconds>(input.facts().not_after - input.connection().at);
  }
  std::int64_t m_seconds;
};

std::optional<x509::KeyType> key_type(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "rsa") return x509::KeyType::Rsa;
  if (n == "rsa-pss" || n == "rsassa-pss") return x509::KeyType::RsaPss;
  if (n == "ec" || n == "ecdsa") return x509::KeyType::Ec;
  if (n == "ed25519") return x509::KeyType::Ed25519;
  if (n == "ed448") return x509::KeyType::Ed448;
  if (n == "dsa") return x509::KeyType::Dsa;
  return std::nullopt;
}

bool is_dotted_oid(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  int dots = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return dots >= 1;
}

std::expected<std::shared_ptr<const Matcher>, CompileError> compile_text(const Condition& c) {
  TextMatcher::Extract extract = dn_values;
  switch (c.field) {
    case Field::SanDns:
    case Field::SanUri:
    case Field::SanEmail: extract = san_values; break;
    case Field::Sni: extract = sni_value; break;
    case Field::PolicyOid: extract = policy_oids; break;
    default: break;
  }
  auto m = std::make_shared<TextMatcher>(c, extract);
  for (std::size_t i = 0; i < c.patterns.size(); ++i) {
    const Pattern& p = c.patterns[i];
    if ((c.field == Field::SanDns || c.field == Field::Sni) && p.kind == PatternKind::Glob) {
      // RFC 6125 §6.4.3: a wildcard only in the leftmost label.
      const auto dot = p.text.find('.');
      if (p.text.find_first_of("*?", dot == std::string::npos ? p.text.size() : dot) != std::string::npos) {
        return error(i, fmt::format("'{}': a DNS wildcard may only be in the leftmost label", p.text));
      }
    }
    if (c.field == Field::PolicyOid && p.kind == PatternKind::Exact && !is_dotted_oid(p.text)) {
      return error(i, fmt::format("'{}' is not a dotted OID", p.text));
    }
    if (auto added = m->add(i, p); !added) return std::unexpected(added.error());
  }
  if (auto done = m->finish(); !done) return std::unexpected(done.error());
  return m;
}

}  // namespace

std::expected<std::shared_ptr<const Matcher>, CompileError> compile(const Condition& c) {
  switch (c.field) {
    case Field::Subject:
    case Field::Issuer:
    case Field::SanDns:
    case Field::SanUri:
    case Field::SanEmail:
    case Field::Sni:
    case Field::PolicyOid: return compile_text(c);
    case Field::Serial:
    case Field::Sha256:
    case Field::SpkiSha256: return compile_hex(c);
    case Field::SanIp:
    case Field::Source: {
      auto m = std::make_shared<NetworkMatcher>(c.field);
      for (std::size_t i = 0; i < c.patterns.size(); ++i) {
        auto net = parse_network(c.patterns[i].text);
        if (!net) return error(i, fmt::format("'{}' is not an IP address or network (CIDR)", c.patterns[i].text));
        m->add(*net);
      }
      return m;
    }
    case Field::Eku: {
      auto m = std::make_shared<EkuMatcher>();
      for (std::size_t i = 0; i < c.patterns.size(); ++i) {
        if (c.patterns[i].kind != PatternKind::Exact) return error(i, "eku takes purpose names or OIDs");
        auto name = eku_name(c.patterns[i].text);
        if (!name) return error(i, fmt::format("'{}' is not an extended key usage name or OID", c.patterns[i].text));
        m->add(std::move(*name));
      }
      return m;
    }
    case Field::KeyType: {
      auto m = std::make_shared<KeyTypeMatcher>();
      for (std::size_t i = 0; i < c.patterns.size(); ++i) {
        auto t = key_type(c.patterns[i].text);
        if (!t) {
          return error(
              i, fmt::format("'{}' is not a key type (rsa, rsa-pss, ec, ed25519, ed448, dsa)", c.patterns[i].text));
        }
        m->add(*t);
      }
      return m;
    }
    case Field::KeyMinBits: return std::make_shared<MinBitsMatcher>(c.number);
    case Field::MinRemaining: return std::make_shared<MinRemainingMatcher>(c.number);
  }
  return error(0, "unknown condition");
}

}  // namespace detail
}  // namespace mtlsdoctor::policy
