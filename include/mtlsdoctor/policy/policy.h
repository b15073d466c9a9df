// An access policy (../shared/POLICY.md): ordered rules, each a conjunction of conditions on a
// certificate's facts and the connection, compiled once into matchers. Parsing keeps every
// rule's and condition's place in the file so that decisions and lint findings name the line.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::policy {

enum class Action { Allow, Deny };
[[nodiscard]] std::string_view to_string(Action a) noexcept;  // "allow", "deny"

// Where something starts in the policy file, 1-based.
struct Location {
  int line = 0;
  int column = 0;
};

// What a condition looks at. Names as the decision shows them: "subject.OU", "san.dns", …
enum class Field {
  Subject,     // one attribute of the subject DN (Condition::attribute)
  Issuer,      // one attribute of the issuer DN
  Serial,      // hex, exact values and inclusive ranges
  Sha256,      // certificate fingerprint
  SpkiSha256,  // public-key pin
  SanDns,
  SanUri,
  SanEmail,
  SanIp,
  Eku,
  PolicyOid,
  KeyType,
  KeyMinBits,
  MinRemaining,
  Source,  // the client's address
  Sni,
};

// How one written value matches.
enum class PatternKind {
  Exact,  // equal after the field's normalisation
  Glob,   // `*` and `?` (within one DNS label or URI path segment for those fields)
  Regex,  // `/…/`: RE2, whole value as printed
  Range,  // serial `A-B` (inclusive)
  Cidr,   // san.ip and source: an address or network
};

struct Pattern {
  PatternKind kind = PatternKind::Exact;
  std::string text;  // as written in the file
  Location where;
  bool host_bits_set = false;       // Cidr: `10.1.2.3/8` (parsed as 10.0.0.0/8; lint flags it)
  bool matches_everything = false;  // Glob `*`, Regex `.*`, Cidr `/0`: lint flags it
};

class Matcher;    // compiled form of a condition (private to the module)
class RuleIndex;  // which rules can match a given fingerprint or serial (private to the module)

struct Condition {
  Field field = Field::Subject;
  std::string attribute;  // Subject/Issuer: "OU", "CN", or a dotted OID
  std::string name;       // "subject.OU", "serial", "key.min_bits", …
  Location where;
  std::vector<Pattern> patterns;  // any one of them (OR); empty for numbers
  std::int64_t number = 0;        // KeyMinBits: bits; MinRemaining: seconds
  std::shared_ptr<const Matcher> matcher;
};

struct Rule {
  std::string name;
  Action action = Action::Deny;
  bool shadow = false;                // dry run: evaluated in place, never decides
  Location where;                     // the rule's first line (`- name: …`)
  std::vector<Condition> conditions;  // all must hold (AND); none = matches every certificate
};

struct Policy {
  std::string file;  // as given, for messages
  Action default_action = Action::Deny;
  Location default_where;  // where `default:` is written; line 0 when implied
  std::vector<Rule> rules;
  // Built by parse(): rules keyed by an exact fingerprint or serial are looked up instead of
  // walked, so 100,000 single-certificate rules decide as fast as ten.
  std::shared_ptr<const RuleIndex> index;
};

// Parses a policy; errors are Parse errors whose subject is "FILE:LINE:COLUMN".
[[nodiscard]] core::Result<Policy> parse(std::string_view yaml, std::string_view file);
// Reads and parses a file (Io errors name it).
[[nodiscard]] core::Result<Policy> load(const std::string& path);

// "7d", "12h", "30m", "45s" → seconds; nullopt when malformed.
[[nodiscard]] std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace mtlsdoctor::policy
