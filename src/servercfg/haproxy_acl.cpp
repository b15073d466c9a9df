#include "haproxy_acl.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

#include "config_file.h"
#include "mtlsdoctor/policy/decision.h"

namespace mtlsdoctor::servercfg {
namespace {

enum class Kind { Str, Bin, Int, Bool, Ip };

struct Sample {
  Kind kind = Kind::Str;
  std::string text;  // Str; Bin as upper-case hex; Ip as written
  long long number = 0;
  bool present = true;  // false: the fetch found nothing (every match fails)
};

Truth of(bool b) {
  return b ? Truth::True : Truth::False;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto p = s.find(sep, start);
    out.push_back(s.substr(start, p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

// ssl_c_s_dn / ssl_c_i_dn: the whole DN as HAProxy prints it ("/C=DE/O=…/CN=…", or RFC 2253
// with the format argument), or one entry's value (the first; occ N from the start, -N from
// the end).
std::optional<Sample> dn_fetch(const x509::DistinguishedName& dn, const std::vector<std::string>& args,
                               std::string& why) {
  const std::string entry = args.empty() ? "" : args[0];
  const std::string format = args.size() > 2 ? args[2] : "";
  if (!format.empty() && format != "rfc2253") return why = fmt::format("the DN format '{}'", format), std::nullopt;
  if (entry.empty()) {
    if (format == "rfc2253") return Sample{Kind::Str, dn.rfc4514};
    std::string s;
    for (const auto& a : dn.attributes) s += "/" + a.type + "=" + a.value;
    return Sample{Kind::Str, s};
  }
  std::vector<std::string> values;
  for (const auto& a : dn.attributes) {
    if (a.type == entry) values.push_back(a.value);
  }
  const long occ = args.size() > 1 && !args[1].empty() ? std::atol(args[1].c_str()) : 1;
  const long n = static_cast<long>(values.size());
  const long index = occ > 0 ? occ - 1 : occ < 0 ? n + occ : 0;
  if (index < 0 || index >= n) return Sample{Kind::Str, "", 0, false};
  return Sample{Kind::Str, values[static_cast<std::size_t>(index)]};
}

std::optional<Sample> fetch(const std::string& name, const std::vector<std::string>& args, const HaproxyFacts& f,
                            std::string& why) {
  const bool cert = f.handshake_done && f.leaf;
  const Sample none{Kind::Str, "", 0, false};
  if (name == "src") {
    if (!f.source) return why = "src (no --source-address given)", std::nullopt;
    return Sample{Kind::Ip, *f.source};
  }
  if (name == "ssl_fc") return Sample{Kind::Bool, "", f.handshake_done ? 1 : 0};
  if (name == "ssl_fc_sni") return f.handshake_done && f.sni ? Sample{Kind::Str, *f.sni} : none;
  if (name == "ssl_fc_has_sni") return Sample{Kind::Bool, "", f.handshake_done && f.sni ? 1 : 0};
  if (name == "ssl_c_used" || name == "ssl_fc_has_crt") return Sample{Kind::Bool, "", cert ? 1 : 0};
  if (!cert) return f.handshake_done ? std::optional(none) : std::optional(none);
  const auto& c = f.leaf->facts();
  if (name == "ssl_c_s_dn") return dn_fetch(c.subject, args, why);
  if (name == "ssl_c_i_dn") return dn_fetch(c.issuer, args, why);
  if (name == "ssl_c_serial") return Sample{Kind::Bin, upper(c.serial_hex)};
  if (name == "ssl_c_sha1") {
    std::string hex = c.sha1_fingerprint;
    std::erase(hex, ':');
    return Sample{Kind::Bin, upper(hex)};
  }
  if (name == "ssl_c_version") return Sample{Kind::Int, "", c.version};
  if (name == "ssl_c_verify" || name == "ssl_c_err" || name == "ssl_c_ca_err" || name == "ssl_c_ca_err_depth") {
    if (!f.verified) return why = fmt::format("{} (the certificate was not verified)", name), std::nullopt;
    return Sample{Kind::Int, "", 0};
  }
  return why = fmt::format("the sample fetch '{}'", name), std::nullopt;
}

// One pattern against one sample with the match method.
std::optional<bool> match_one(const Sample& s, const std::string& method, bool icase, const std::string& p,
                              std::string& why) {
  if (method == "str" || method == "beg" || method == "end" || method == "sub") {
    const std::string v = icase ? lower(s.text) : s.text, q = icase ? lower(p) : p;
    if (method == "str") return v == q;
    if (method == "beg") return v.starts_with(q);
    if (method == "end") return v.ends_with(q);
    return v.find(q) != std::string::npos;
  }
  if (method == "reg") {
    RE2::Options o;
    o.set_case_sensitive(!icase);
    o.set_log_errors(false);
    RE2 re(p, o);
    if (!re.ok()) return why = fmt::format("the regular expression '{}' (PCRE-only syntax)", p), std::nullopt;
    return RE2::PartialMatch(s.text, re);
  }
  if (method == "bin") {
    if (p.size() % 2 || p.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      return why = fmt::format("'{}' is not an even number of hex digits", p), std::nullopt;
    return upper(p) == s.text;
  }
  if (method == "len" || method == "int") {
    const long long v = method == "len" ? static_cast<long long>(s.text.size()) : s.number;
    const auto colon = p.find(':');
    if (colon == std::string::npos) return v == std::atoll(p.c_str());
    const std::string lo = p.substr(0, colon), hi = p.substr(colon + 1);
    return (lo.empty() || v >= std::atoll(lo.c_str())) && (hi.empty() || v <= std::atoll(hi.c_str()));
  }
  if (method == "ip") {
    auto ip = policy::parse_ip(s.text);
    auto net = policy::parse_network(p);
    if (!ip || !net) return why = fmt::format("'{}' is not an address this audit reads", p), std::nullopt;
    return policy::contains(*net, *ip);
  }
  return why = fmt::format("the match method '{}'", method), std::nullopt;
}

// `fetch[,conv…] [flags] [patterns…]`: true when any pattern matches.
AclResult criterion(const std::vector<std::string>& words, const HaproxyFacts& f) {
  AclResult r;
  if (words.empty()) return {Truth::Unknown, "an empty ACL"};
  // fetch[(args)][,converter…]
  const std::string& expr = words[0];
  const auto name_end = expr.find_first_of("(,");
  std::string name = expr.substr(0, name_end);
  std::vector<std::string> args, converters;
  std::string rest = name_end == std::string::npos ? "" : expr.substr(name_end);
  if (rest.starts_with("(")) {
    const auto close = rest.find(')');
    if (close == std::string::npos) return {Truth::Unknown, fmt::format("'{}'", expr)};
    args = split(rest.substr(1, close - 1), ',');
    rest.erase(0, close + 1);
  }
  if (rest.starts_with(",")) converters = split(rest.substr(1), ',');
  std::string method;
  for (auto m : {"beg", "end", "sub", "reg", "len", "str"}) {
    const std::string suffix = std::string("_") + m;
    if (name != "ssl_c_used" && name.ends_with(suffix) && name.rfind("ssl_fc_sni", 0) == 0) {
      method = m;
      name.erase(name.size() - suffix.size());
    }
  }
  auto sample = fetch(name, args, f, r.why);
  for (std::size_t k = 0; sample && k < converters.size(); ++k) {
    const std::string& conv = converters[k];
    if (conv == "hex") {
      if (sample->kind == Kind::Str) {
        std::string h;
        for (unsigned char ch : sample->text) h += fmt::format("{:02X}", ch);
        sample->text = h;
      }
      sample->kind = Kind::Str;
    } else if (conv == "lower" || conv == "upper") {
      sample->text = conv == "lower" ? lower(sample->text) : upper(sample->text);
      if (sample->kind == Kind::Bin) sample->kind = Kind::Str;
    } else {
      return {Truth::Unknown, fmt::format("the converter '{}'", conv)};
    }
  }
  bool icase = false;
  std::vector<std::string> patterns;
  std::size_t i = 1;
  for (; i < words.size() && words[i].starts_with("-"); ++i) {
    const std::string& flag = words[i];
    if (flag == "--") {
      ++i;
      break;
    }
    if (flag == "-i") {
      icase = true;
    } else if (flag == "-n") {
    } else if ((flag == "-m" || flag == "-f" || flag == "-u") && i + 1 < words.size()) {
      if (flag == "-m") method = words[i + 1];
      if (flag == "-f") {
        std::string file = words[i + 1];
        if (!file.starts_with("/")) file = f.base_dir + "/" + file;
        auto text = read_config_file(file);
        if (!text) return {Truth::Unknown, fmt::format("-f {}: {}", file, text.error().message)};
        for (auto& line : split(*text, '\n')) {
          const auto b = line.find_first_not_of(" \t\r");
          if (b == std::string::npos || line[b] == '#') continue;
          const auto e = line.find_last_not_of(" \t\r");
          patterns.push_back(line.substr(b, e - b + 1));
        }
      }
      ++i;
    } else {
      return {Truth::Unknown, fmt::format("the ACL flag '{}'", flag)};
    }
  }
  patterns.insert(patterns.end(), words.begin() + static_cast<long>(i), words.end());
  if (!sample) return {Truth::Unknown, r.why};
  if (method.empty() && sample->kind == Kind::Bin) {
    return {Truth::Unknown, fmt::format("{} needs a match method (-m): HAProxy refuses the ACL without one", name)};
  }
  if (method.empty()) {
    method = sample->kind == Kind::Int    ? "int"
             : sample->kind == Kind::Bool ? "bool"
             : sample->kind == Kind::Ip   ? "ip"
                                          : "str";
  }
  if (!sample->present) return {Truth::False, ""};
  if (method == "found") return {Truth::True, ""};
  if (method == "bool") return {of(sample->kind == Kind::Str ? !sample->text.empty() : sample->number != 0), ""};
  std::string op;  // int operators: eq ne lt le gt ge N
  for (const auto& p : patterns) {
    if (method == "int" && (p == "eq" || p == "ne" || p == "lt" || p == "le" || p == "gt" || p == "ge")) {
      op = p;
      continue;
    }
    std::optional<bool> m;
    if (!op.empty()) {
      const long long v = sample->number, q = std::atoll(p.c_str());
      m = op == "eq"   ? v == q
          : op == "ne" ? v != q
          : op == "lt" ? v < q
          : op == "le" ? v <= q
          : op == "gt" ? v > q
                       : v >= q;
    } else {
      m = match_one(*sample, method, icase, p, r.why);
    }
    if (!m) return {Truth::Unknown, r.why};
    if (*m) return {Truth::True, ""};
  }
  return {Truth::False, ""};
}

// A named ACL: every `acl NAME …` line of the section, ORed.
AclResult named(const std::string& name, const Directive& section, const HaproxyFacts& f) {
  if (name == "TRUE" || name == "METH_GET" || name == "HTTP") return {Truth::True, ""};
  if (name == "FALSE") return {Truth::False, ""};
  if (name == "LOCALHOST") return criterion({"src", "127.0.0.1/8", "::1"}, f);
  Truth t = Truth::False;
  std::string why;
  bool defined = false;
  for (const auto& d : section.children) {
    if (d.name != "acl" || d.args.empty() || d.args[0] != name) continue;
    defined = true;
    auto r = criterion(std::vector<std::string>(d.args.begin() + 1, d.args.end()), f);
    if (r.truth == Truth::Unknown && why.empty()) why = fmt::format("acl {} at {}: {}", name, d.where(), r.why);
    t = truth_or(t, r.truth);
  }
  if (!defined) return {Truth::Unknown, fmt::format("the ACL '{}' is not defined in this section", name)};
  return {t, t == Truth::Unknown ? why : ""};
}

}  // namespace

AclResult evaluate_condition(const std::vector<std::string>& words, const Directive& section,
                             const HaproxyFacts& facts) {
  // Terms ANDed, groups ORed by `||`/`or`.
  Truth any = Truth::False, all = Truth::True;
  std::string why;
  const auto note = [&why](const AclResult& r) {
    if (r.truth == Truth::Unknown && why.empty()) why = r.why;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "||" || w == "or") {
      any = truth_or(any, all);
      all = Truth::True;
      continue;
    }
    bool negate = false;
    std::string term = w;
    if (term == "!" && i + 1 < words.size()) {
      negate = true;
      term = words[++i];
    } else if (term.starts_with("!")) {
      negate = true;
      term.erase(0, 1);
    }
    AclResult r;
    if (term == "{") {
      std::vector<std::string> inner;
      while (++i < words.size() && words[i] != "}") inner.push_back(words[i]);
      if (i >= words.size()) return {Truth::Unknown, "an anonymous ACL without '}'"};
      r = criterion(inner, facts);
    } else {
      r = named(term, section, facts);
    }
    note(r);
    all = truth_and(all, negate ? truth_not(r.truth) : r.truth);
  }
  any = truth_or(any, all);
  return {any, any == Truth::Unknown ? why : ""};
}

}  // namespace mtlsdoctor::servercfg
