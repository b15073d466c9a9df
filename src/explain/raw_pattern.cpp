#include "raw_pattern.h"

#include <cctype>

namespace mtlsdoctor::explain::detail {
namespace {

// The bytes of raw separator runs: what normalize_to() folds into a space, the escapes "\n",
// "\t", "\r" spelled as their two bytes each. One class (it also takes the letters n, t, r: a
// looser superset) keeps Hyperscan's literal analysis and compilation fast, where an
// alternation with the two-byte escapes took it seconds.
constexpr std::string_view kSeparatorBytes = R"(\t\x0b\x0c\r _\\ntr)";

enum class Kind {
  Plain,       // matches only what it matched in normalized text (a letter, \d, a group's end)
  Space,       // a space: one run of separators in raw text
  SpaceLike,   // may match a space: also takes a separator unit, any number of times
  Assertion,   // dropped
  Structural,  // ( (?: | ) : copied, never quantified here
};

struct Token {
  std::string text;
  Kind kind = Kind::Plain;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A quantifier at `at` ("?", "*", "+", "{m}", "{m,}", "{m,n}", each possibly lazy): its length and
// lower bound; 0 length when there is none.
struct Quantifier {
  std::size_t length = 0;
  std::string_view min;  // the lower bound's digits: "0" for ?, *; "1" for +
  bool bounded = false;
  char symbol = 0;  // '?', '*', '+' or '{'
};

Quantifier quantifier_at(std::string_view p, std::size_t at) {
  Quantifier q;
  if (at >= p.size()) return q;
  const char c = p[at];
  if (c == '?' || c == '*' || c == '+') {
    q.length = 1;
    q.symbol = c;
    q.min = c == '+' ? std::string_view("1") : std::string_view("0");
  } else if (c == '{') {
    std::size_t i = at + 1;
    while (i < p.size() && is_digit(p[i])) ++i;
    if (i == at + 1) return q;  // "{" without a count is a literal
    q.min = p.substr(at + 1, i - at - 1);
    if (i < p.size() && p[i] == ',') {
      ++i;
      while (i < p.size() && is_digit(p[i])) ++i;
    }
    if (i >= p.size() || p[i] != '}') return Quantifier{};
    q.length = i + 1 - at;
    q.symbol = '{';
    q.bounded = true;
  } else {
    return q;
  }
  if (at + q.length < p.size() && p[at + q.length] == '?') ++q.length;  // lazy: the same set of matches
  return q;
}

// A bracket class starting at `at` ('['): its end (one past ']').
std::size_t class_end(std::string_view p, std::size_t at) {
  std::size_t i = at + 1;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;  // a leading ']' is a literal
  while (i < p.size() && p[i] != ']') {
    if (p[i] == '\\') {
      i += 2;
    } else if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      const auto close = p.find(":]", i + 2);
      i = close == std::string_view::npos ? p.size() : close + 2;
    } else {
      ++i;
    }
  }
  return i < p.size() ? i + 1 : p.size();
}

Token next_token(std::string_view p, std::size_t& i) {
  const char c = p[i];
  if (c == '\\' && i + 1 < p.size()) {
    const char e = p[i + 1];
    i += 2;
    switch (e) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
      case 'Z':
      case 'G': return {"", Kind::Assertion};
      case 's':
      case ' ': return {"", Kind::Space};
      case 'D': return {R"([^\d\n])", Kind::SpaceLike};
      case 'W': return {R"([^\w\n])", Kind::SpaceLike};
      default: return {std::string{'\\', e}, Kind::Plain};
    }
  }
  if (c == '[') {
    const std::size_t end = class_end(p, i);
    std::string cls(p.substr(i, end - i));
    i = end;
    const bool negated = cls.size() > 1 && cls[1] == '^';
    if (negated) {
      cls.insert(2, "\\n");  // a match stays on its line
      return {std::move(cls), Kind::SpaceLike};
    }
    const bool space = cls.find(' ') != std::string::npos || cls.find("\\s") != std::string::npos ||
                       cls.find('_') != std::string::npos;
    return {std::move(cls), space ? Kind::SpaceLike : Kind::Plain};
  }
  if (c == '(') {
    std::size_t end = i + 1;
    if (end < p.size() && p[end] == '?') {
      end = p.find_first_of(":)", end);
      end = end == std::string_view::npos ? p.size() : end + 1;
    }
    Token t{std::string(p.substr(i, end - i)), Kind::Structural};
    i = end;
    return t;
  }
  ++i;
  switch (c) {
    case ')': return {")", Kind::Plain};  // a group's end: its quantifier is copied as written
    case '|': return {"|", Kind::Structural};
    case '^':
    case '$': return {"", Kind::Assertion};
    case '.': return {".", Kind::SpaceLike};
    case ' ':
    case '\t': return {"", Kind::Space};
    case '{':
    case '}': return {std::string{'\\', c}, Kind::Plain};  // a literal brace (no count follows)
    default: return {std::string{c}, Kind::Plain};
  }
}

// An atom that may match a space, widened to every separator byte.
std::string with_separators(const std::string& atom) {
  if (atom == ".") return atom;  // '.' takes every byte but '\n'
  if (atom.size() > 2 && atom[0] == '[' && atom[1] == '^') {
    // A negated class takes the separator bytes unless it names one of them.
    const std::string_view inside = std::string_view(atom).substr(4, atom.size() - 5);  // after "[^\\n"
    if (inside.find_first_of(" _\\ntrNTR") == std::string_view::npos) return atom;
    return "(?:" + atom + "|[" + std::string(kSeparatorBytes) + "])";
  }
  return "(?:" + atom + "|[" + std::string(kSeparatorBytes) + "])";
}

}  // namespace

namespace {

// What a separator run of the pattern becomes: raw_superset()'s class of separator bytes,
// raw_analysis()'s kRunPlaceholder byte, or normalized_superset()'s one space.
enum class Runs { Separators, Placeholder, Space };

std::string rewrite(std::string_view pattern, Runs runs) {
  std::string out;
  out.reserve(pattern.size() * 2);
  std::size_t i = 0;
  while (i < pattern.size()) {
    const Token t = next_token(pattern, i);
    const Quantifier q = t.kind == Kind::Structural ? Quantifier{} : quantifier_at(pattern, i);
    i += q.length;
    switch (t.kind) {
      case Kind::Structural: out += t.text; break;
      case Kind::Assertion: break;
      case Kind::Plain:
        out += t.text;
        out += pattern.substr(i - q.length, q.length);
        break;
      case Kind::Space: {
        const bool at_least_one = q.length == 0 ||
                                  (q.symbol == '{' && q.min.find_first_not_of('0') != std::string_view::npos) ||
                                  q.symbol == '+';
        if (runs == Runs::Placeholder) {
          out += at_least_one ? R"(\x01)" : R"((?:\x01)?)";
          break;
        }
        if (runs == Runs::Space) {
          out += at_least_one ? R"(\x20)" : R"(\x20?)";
          break;
        }
        out += '[';
        out += kSeparatorBytes;
        out += ']';
        out += at_least_one ? '+' : '*';
        break;
      }
      case Kind::SpaceLike:
        out += runs == Runs::Space ? t.text : with_separators(t.text);
        // A normalized space is a run of raw separators: the count keeps its lower bound only.
        // In normalized text too: RE2 reads UTF-8, so one character of `.` or `[^…]` may be up
        // to four of Hyperscan's bytes.
        if (q.length == 0 || q.symbol == '+') {
          out += '+';
        } else if (q.symbol == '{' && q.min.find_first_not_of('0') != std::string_view::npos) {
          out += '{';
          out += q.min;
          out += ",}";
        } else {
          out += '*';
        }
        break;
    }
  }
  return out;
}

}  // namespace

std::string raw_superset(std::string_view pattern) {
  return rewrite(pattern, Runs::Separators);
}

std::string raw_analysis(std::string_view pattern) {
  return rewrite(pattern, Runs::Placeholder);
}

std::string normalized_superset(std::string_view pattern) {
  return rewrite(pattern, Runs::Space);
}

}  // namespace mtlsdoctor::explain::detail
