// ap_expr (server/util_expr_parse.y and util_expr_eval.c): `||`/`or` binds looser than
// `&&`/`and`, `!`/`not` tighter; comparisons `==` `!=` `<` `<=` `>` `>=` on strings, `-eq` … `-ge`
// (and `eq` … `ge`) on integers as apr_atoi64 reads them, `=~`/`!~` a regular expression
// (`/…/i` or `m#…#i`), `in { … }`, `-ipmatch`, `-strmatch`/`-strcmatch`/`-fnmatch` (globs), unary
// `-R` (REMOTE_ADDR -ipmatch), `-n`, `-z`, `-T`; words are quoted strings (with %{VAR} inside),
// %{VAR}, numbers, tolower()/toupper(), joined with `.`.
#include "apache_expr.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <re2/re2.h>

#include <vector>

#include "mtlsdoctor/policy/decision.h"

namespace mtlsdoctor::servercfg {

Truth truth_and(Truth a, Truth b) noexcept {
  if (a == Truth::False || b == Truth::False) return Truth::False;
  if (a == Truth::Unknown || b == Truth::Unknown) return Truth::Unknown;
  return Truth::True;
}

Truth truth_or(Truth a, Truth b) noexcept {
  if (a == Truth::True || b == Truth::True) return Truth::True;
  if (a == Truth::Unknown || b == Truth::Unknown) return Truth::Unknown;
  return Truth::False;
}

Truth truth_not(Truth a) noexcept {
  if (a == Truth::Unknown) return a;
  return a == Truth::True ? Truth::False : Truth::True;
}

namespace {

Truth of(bool b) {
  return b ? Truth::True : Truth::False;
}

// A word's value; nullopt: unknown.
using Value = std::optional<std::string>;

long long atoi64(const std::string& s) {
  return std::strtoll(s.c_str(), nullptr, 10);  // apr_atoi64: leading digits, else 0
}

class Evaluator {
 public:
  Evaluator(std::string_view text, const ExprVariables& variables) : m_s(text), m_vars(variables) {}

  ExprResult run() {
    Truth t = expr();
    skip();
    if (m_error.empty() && m_pos < m_s.size()) fail(fmt::format("unexpected '{}'", m_s.substr(m_pos, 12)));
    if (!m_error.empty()) return {Truth::Unknown, m_error};
    return {t, t == Truth::Unknown ? m_unknown : ""};
  }

 private:
  void fail(std::string why) {
    if (m_error.empty()) m_error = fmt::format("cannot read the expression: {}", why);
    m_pos = m_s.size();
  }
  void unknown(std::string why) {
    if (m_unknown.empty()) m_unknown = std::move(why);
  }
  void skip() {
    while (m_pos < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_pos]))) ++m_pos;
  }
  bool eat(std::string_view token, bool word = false) {
    skip();
    if (m_s.substr(m_pos, token.size()) != token) return false;
    const std::size_t after = m_pos + token.size();
    if (word && after < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[after])) || m_s[after] == '_'))
      return false;
    m_pos = after;
    return true;
  }

  Truth expr() {
    Truth t = conjunction();
    while (m_error.empty() && (eat("||") || eat("or", true))) t = truth_or(t, conjunction());
    return t;
  }
  Truth conjunction() {
    Truth t = negation();
    while (m_error.empty() && (eat("&&") || eat("and", true))) t = truth_and(t, negation());
    return t;
  }
  Truth negation() {
    skip();
    // Nesting is bounded: `!!!!…` and `((((…` recurse here and in primary().
    if (++m_depth > kMaxDepth) return fail("nested more than 200 deep"), Truth::Unknown;
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{m_depth};
    if (m_s.substr(m_pos, 2) != "!=" && m_s.substr(m_pos, 2) != "!~" && (eat("!") || eat("not", true))) {
      return truth_not(negation());
    }
    return primary();
  }

  Truth primary() {
    skip();
    if (eat("(")) {
      Truth t = expr();
      if (!eat(")")) fail("missing ')'");
      return t;
    }
    if (eat("true", true)) return Truth::True;
    if (eat("false", true)) return Truth::False;
    if (m_pos < m_s.size() && m_s[m_pos] == '-' && m_pos + 1 < m_s.size() &&
        std::isalpha(static_cast<unsigned char>(m_s[m_pos + 1]))) {
      return unary();
    }
    Value left = word();
    if (!m_error.empty()) return Truth::Unknown;
    return comparison(left);
  }

  std::string op_word() {
    skip();
    std::size_t end = m_pos;
    if (end < m_s.size() && m_s[end] == '-') ++end;
    while (end < m_s.size() && std::isalpha(static_cast<unsigned char>(m_s[end]))) ++end;
    std::string op(m_s.substr(m_pos, end - m_pos));
    m_pos = end;
    return op;
  }

  Truth unary() {
    const std::string op = op_word();
    Value v = word();
    if (!m_error.empty()) return Truth::Unknown;
    if (op == "-R") {
      auto addr = m_vars("REMOTE_ADDR");
      if (!addr) return unknown("REMOTE_ADDR (no --source-address given)"), Truth::Unknown;
      return ipmatch(*addr, v);
    }
    if (!v) return Truth::Unknown;
    if (op == "-n") return of(!v->empty());
    if (op == "-z") return of(v->empty());
    if (op == "-T") {
      std::string l;
      for (char c : *v) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      return of(!(l.empty() || l == "0" || l == "off" || l == "false" || l == "no"));
    }
    unknown(fmt::format("the test '{}'", op));
    return Truth::Unknown;
  }

  Truth ipmatch(const std::string& address, const Value& net) {
    if (!net) return Truth::Unknown;
    auto ip = policy::parse_ip(address);
    auto n = policy::parse_network(*net);
    if (!ip || !n) return unknown(fmt::format("-ipmatch '{}'", *net)), Truth::Unknown;
    return of(policy::contains(*n, *ip));
  }

  Truth comparison(const Value& left) {
    skip();
    for (std::string_view op : {"==", "!=", "<=", ">=", "=~", "!~", "<", ">", "="}) {
      if (!eat(op)) continue;
      if (op == "=~" || op == "!~") {
        Truth t = regex_match(left);
        return op == "!~" ? truth_not(t) : t;
      }
      Value right = word();
      if (!left || !right) return Truth::Unknown;
      if (op == "==" || op == "=") return of(*left == *right);
      if (op == "!=") return of(*left != *right);
      if (op == "<") return of(*left < *right);
      if (op == "<=") return of(*left <= *right);
      if (op == ">") return of(*left > *right);
      return of(*left >= *right);
    }
    if (eat("in", true)) {
      if (!eat("{")) {
        unknown("'in' a list function");
        fail("'in' without '{'");
        return Truth::Unknown;
      }
      Truth t = Truth::False;
      do {
        Value v = word();
        if (!left || !v) {
          t = truth_or(t, Truth::Unknown);
        } else {
          t = truth_or(t, of(*left == *v));
        }
      } while (m_error.empty() && eat(","));
      if (!eat("}")) fail("missing '}'");
      return t;
    }
    const std::size_t before = m_pos;
    const std::string op = op_word();
    static const std::vector<std::string> ints = {"eq", "ne", "lt", "le", "gt", "ge"};
    for (std::size_t i = 0; i < ints.size(); ++i) {
      if (op != ints[i] && op != "-" + ints[i]) continue;
      Value right = word();
      if (!left || !right) return Truth::Unknown;
      const long long a = atoi64(*left), b = atoi64(*right);
      const bool r[] = {a == b, a != b, a<b, a <= b, a> b, a >= b};
      return of(r[i]);
    }
    if (op == "-ipmatch") {
      Value right = word();
      if (!left) return Truth::Unknown;
      return ipmatch(*left, right);
    }
    if (op == "-strmatch" || op == "-strcmatch" || op == "-fnmatch") {
      Value right = word();
      if (!left || !right) return Truth::Unknown;
      const int flags = op == "-strcmatch" ? FNM_CASEFOLD : op == "-fnmatch" ? FNM_PATHNAME : 0;
      return of(::fnmatch(right->c_str(), left->c_str(), flags) == 0);
    }
    if (op.empty() && m_pos >= m_s.size()) {
      fail("a word where a condition was expected");
      return Truth::Unknown;
    }
    m_pos = before;
    fail(fmt::format("the operator '{}'", op.empty() ? std::string(m_s.substr(m_pos, 8)) : op));
    return Truth::Unknown;
  }

  Truth regex_match(const Value& left) {
    skip();
    if (m_pos >= m_s.size()) return fail("a regular expression expected"), Truth::Unknown;
    char delim = m_s[m_pos];
    if (delim == 'm' && m_pos + 1 < m_s.size()) delim = m_s[++m_pos];
    if (delim != '/' && !std::ispunct(static_cast<unsigned char>(delim)))
      return fail("a regular expression expected"), Truth::Unknown;
    const auto end = m_s.find(delim, m_pos + 1);
    if (end == std::string_view::npos) return fail("unterminated regular expression"), Truth::Unknown;
    const std::string pattern(m_s.substr(m_pos + 1, end - m_pos - 1));
    m_pos = end + 1;
    bool icase = false;
    while (m_pos < m_s.size() && std::isalpha(static_cast<unsigned char>(m_s[m_pos]))) {
      icase = icase || m_s[m_pos] == 'i';
      ++m_pos;
    }
    RE2::Options o;
    o.set_case_sensitive(!icase);
    o.set_log_errors(false);
    RE2 re(pattern, o);
    if (!re.ok())
      return unknown(fmt::format("the regular expression /{}/ (PCRE-only syntax)", pattern)), Truth::Unknown;
    if (!left) return Truth::Unknown;
    return of(RE2::PartialMatch(*left, re));
  }

  // word ('.' word)*
  Value word() {
    Value v = atom();
    while (m_error.empty() && eat(".")) {
      Value next = atom();
      if (!v || !next) {
        v = std::nullopt;
      } else {
        *v += *next;
      }
    }
    return v;
  }

  Value variable(std::string_view name) {
    auto v = m_vars(name);
    if (!v) unknown(fmt::format("%{{{}}}", name));
    return v;
  }

  Value atom() {
    skip();
    if (m_pos >= m_s.size()) return fail("a word expected"), std::nullopt;
    const char c = m_s[m_pos];
    if (c == '%' && m_s.substr(m_pos, 2) == "%{") {
      const auto end = m_s.find('}', m_pos);
      if (end == std::string_view::npos) return fail("unterminated %{"), std::nullopt;
      const auto name = m_s.substr(m_pos + 2, end - m_pos - 2);
      m_pos = end + 1;
      return variable(name);
    }
    if (c == '\'' || c == '"') {
      std::string out;
      bool known = true;
      ++m_pos;
      while (m_pos < m_s.size() && m_s[m_pos] != c) {
        if (m_s[m_pos] == '\\' && m_pos + 1 < m_s.size()) {
          out.push_back(m_s[m_pos + 1]);
          m_pos += 2;
        } else if (m_s.substr(m_pos, 2) == "%{") {
          const auto end = m_s.find('}', m_pos);
          if (end == std::string_view::npos) return fail("unterminated %{"), std::nullopt;
          auto v = variable(m_s.substr(m_pos + 2, end - m_pos - 2));
          known = known && v.has_value();
          if (v) out += *v;
          m_pos = end + 1;
        } else {
          out.push_back(m_s[m_pos++]);
        }
      }
      if (m_pos >= m_s.size()) return fail("unterminated string"), std::nullopt;
      ++m_pos;
      return known ? Value(out) : std::nullopt;
    }
    std::size_t end = m_pos;
    while (end < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[end])) || m_s[end] == '_')) ++end;
    if (end == m_pos) return fail(fmt::format("unexpected '{}'", c)), std::nullopt;
    const std::string name(m_s.substr(m_pos, end - m_pos));
    m_pos = end;
    if (std::isdigit(static_cast<unsigned char>(name[0]))) return name;
    if (!eat("(")) return fail(fmt::format("the bare word '{}'", name)), std::nullopt;
    Value arg = word();
    if (!eat(")")) return fail("missing ')'"), std::nullopt;
    if (name == "tolower" || name == "toupper") {
      if (!arg) return std::nullopt;
      for (char& ch : *arg) {
        ch = static_cast<char>(name == "tolower" ? std::tolower(static_cast<unsigned char>(ch))
                                                 : std::toupper(static_cast<unsigned char>(ch)));
      }
      return arg;
    }
    unknown(fmt::format("the function {}()", name));
    return std::nullopt;
  }

  std::string_view m_s;
  const ExprVariables& m_vars;
  std::size_t m_pos = 0;
  std::string m_error;
  std::string m_unknown;
  int m_depth = 0;
  static constexpr int kMaxDepth = 200;
};

}  // namespace

ExprResult evaluate_apache_expr(std::string_view text, const ExprVariables& variables) {
  return Evaluator(text, variables).run();
}

}  // namespace mtlsdoctor::servercfg
