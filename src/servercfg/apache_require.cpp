// Apache httpd's access decision for a request (mod_ssl's access checker, then mod_authz_core):
// every SSLRequire of the applicable sections must hold; then the Require rules of the last
// section that has any (AuthMerging And/Or combines them with the earlier ones) decide, an
// implicit <RequireAny> around a section's lines. Results are granted, denied, neutral (`Require
// not` that does not match; <RequireNone>) or unknown; neutral at the top is a denial.
#include <fmt/format.h>

#include <algorithm>

#include "apache_access.h"
#include "apache_expr.h"
#include "mtlsdoctor/policy/decision.h"

namespace mtlsdoctor::servercfg {
namespace {

enum class Authz { Granted, Denied, Neutral, Unknown };

struct Result {
  Authz authz = Authz::Neutral;
  const Directive* by = nullptr;  // the line that decided (denied) or could not be read (unknown)
  std::string why;
};

// An address of `Require ip`: full, CIDR, net/mask or a partial dotted prefix ("10.1").
std::optional<policy::Network> require_network(const std::string& text) {
  if (auto n = policy::parse_network(text)) return n;
  if (auto slash = text.find('/'); slash != std::string::npos) {
    auto mask = policy::parse_ip(text.substr(slash + 1));
    if (!mask || mask->v6) return std::nullopt;
    int bits = 0;
    for (auto b : mask->bytes) bits += __builtin_popcount(b);
    return policy::parse_network(fmt::format("{}/{}", text.substr(0, slash), bits));
  }
  std::string t = text;
  int parts = 1 + static_cast<int>(std::count(t.begin(), t.end(), '.'));
  if (t.empty() || parts >= 4 || t.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  for (int i = parts; i < 4; ++i) t += ".0";
  return policy::parse_network(fmt::format("{}/{}", t, parts * 8));
}

class Evaluator {
 public:
  explicit Evaluator(const ApacheVariables& vars) : m_vars(vars) {}

  Result require(const Directive& d) const {
    std::vector<std::string> a = d.args;
    std::string raw = d.raw;
    const auto drop_word = [&raw] {
      const auto sp = raw.find_first_of(" \t");
      raw = sp == std::string::npos ? "" : raw.substr(raw.find_first_not_of(" \t", sp));
    };
    bool negated = false;
    if (!a.empty() && iequals(a[0], "not")) {
      negated = true;
      a.erase(a.begin());
      drop_word();
    }
    if (a.empty()) return {Authz::Unknown, &d, "Require without a provider"};
    const std::string provider = a[0];
    drop_word();
    Result r = provide(d, provider, std::vector<std::string>(a.begin() + 1, a.end()), raw);
    if (!negated || r.authz == Authz::Unknown) return r;
    // `Require not X`: denied when X grants, otherwise neutral.
    return r.authz == Authz::Granted ? Result{Authz::Denied, &d, fmt::format("Require not {} holds", provider)}
                                     : Result{Authz::Neutral, &d, ""};
  }

  Result provide(const Directive& d, const std::string& provider, const std::vector<std::string>& args,
                 std::string raw) const {
    const auto grant = [&d](bool yes, std::string why) {
      return Result{yes ? Authz::Granted : Authz::Denied, &d, std::move(why)};
    };
    if (iequals(provider, "all") && args.size() == 1) {
      if (iequals(args[0], "granted")) return grant(true, "");
      if (iequals(args[0], "denied")) return grant(false, "Require all denied");
    }
    if (iequals(provider, "ip") || iequals(provider, "local")) {
      if (!m_vars.source) return {Authz::Unknown, &d, "no --source-address given for Require ip"};
      auto ip = policy::parse_ip(*m_vars.source);
      if (!ip) return {Authz::Unknown, &d, "the --source-address is not an IP address"};
      const std::vector<std::string> nets =
          iequals(provider, "local") ? std::vector<std::string>{"127.0.0.0/8", "::1/128"} : args;
      for (const auto& n : nets) {
        auto net = require_network(n);
        if (!net) return {Authz::Unknown, &d, fmt::format("'{}' is not an address this audit reads", n)};
        if (policy::contains(*net, *ip)) return grant(true, "");
      }
      return grant(false, fmt::format("{} is not in Require {} {}", *m_vars.source, provider, fmt::join(args, " ")));
    }
    if (iequals(provider, "expr")) {
      if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') raw = raw.substr(1, raw.size() - 2);
      auto e = evaluate_apache_expr(raw, [this](std::string_view n) { return m_vars.get(n); });
      if (e.truth == Truth::Unknown) return {Authz::Unknown, &d, e.why};
      return grant(e.truth == Truth::True, fmt::format("Require expr {} does not hold", raw));
    }
    if (iequals(provider, "ssl-verify-client")) return grant(m_vars.verified, "the certificate was not verified");
    if (iequals(provider, "ssl")) return grant(true, "");
    return {Authz::Unknown, &d, fmt::format("Require {} decides outside what this audit reads", provider)};
  }

  // <RequireAll>, <RequireAny>, <RequireNone>, or a section's lines (an implicit RequireAny).
  Result container(const Directive& at, const std::vector<const Directive*>& items, std::string_view kind) const {
    std::vector<Result> rs;
    for (const auto* d : items) {
      if (!d->block && iequals(d->name, "Require")) rs.push_back(require(*d));
      if (d->block &&
          (iequals(d->name, "RequireAll") || iequals(d->name, "RequireAny") || iequals(d->name, "RequireNone"))) {
        std::vector<const Directive*> inner;
        for (const auto& c : d->children) inner.push_back(&c);
        rs.push_back(container(*d, inner, d->name));
      }
    }
    const auto first = [&rs](Authz a) -> const Result* {
      for (const auto& r : rs) {
        if (r.authz == a) return &r;
      }
      return nullptr;
    };
    if (iequals(kind, "RequireAll")) {
      if (const auto* r = first(Authz::Denied)) return *r;
      if (const auto* r = first(Authz::Unknown)) return *r;
      return {first(Authz::Granted) ? Authz::Granted : Authz::Neutral, &at, ""};
    }
    if (iequals(kind, "RequireNone")) {
      if (const auto* r = first(Authz::Granted)) {
        return {Authz::Denied, r->by, fmt::format("a rule of <RequireNone> at {} grants", at.where())};
      }
      if (const auto* r = first(Authz::Unknown)) return *r;
      return {Authz::Neutral, &at, ""};
    }
    if (const auto* r = first(Authz::Granted)) return *r;
    if (const auto* r = first(Authz::Unknown)) return *r;
    if (rs.size() == 1) return rs.front();
    if (first(Authz::Denied)) {
      return {Authz::Denied, &at, fmt::format("no rule of the {} at {} grants", kind, at.where())};
    }
    return {Authz::Neutral, &at, ""};
  }

 private:
  const ApacheVariables& m_vars;
};

bool has_authz(const std::vector<const Directive*>& level) {
  for (const auto* d : level) {
    if (iequals(d->name, "Require") || iequals(d->name, "RequireAll") || iequals(d->name, "RequireAny") ||
        iequals(d->name, "RequireNone"))
      return true;
  }
  return false;
}

// Directives that decide access in ways this audit does not read.
std::optional<std::string> unevaluable(const Directive& d) {
  for (auto n : {"LuaHookAccessChecker", "LuaHookAuthChecker", "LuaHookCheckUserID", "LuaHookFixups",
                 "LuaHookTranslateName", "LuaQuickHandler"}) {
    if (iequals(d.name, n)) return fmt::format("{} runs Lua code that may refuse the request", d.name);
  }
  for (auto n : {"Order", "Allow", "Deny", "Satisfy"}) {
    if (iequals(d.name, n)) return fmt::format("{} (mod_access_compat) is not read by this audit", d.name);
  }
  if (iequals(d.name, "RewriteRule") && d.args.size() >= 3) {
    const std::string& flags = d.args[2];
    for (auto f : {"F", "G", "forbidden", "gone", "R=4"}) {
      if (flags.find(f) != std::string::npos) return "a RewriteRule that can refuse (its RewriteCond are not read)";
    }
  }
  return std::nullopt;
}

}  // namespace

AccessOutcome ApacheConfig::evaluate_access(const std::vector<const Directive*>& sections,
                                            const ApacheVariables& vars) const {
  AccessOutcome out;
  Evaluator ev(vars);
  std::vector<const Directive*> applied = sections;
  // <If> sections merge last; <Files> and <Else…> are not followed.
  std::vector<const Directive*> levels_with_ifs = {nullptr};
  for (const auto* s : sections) levels_with_ifs.push_back(s);
  for (const auto* s : levels_with_ifs) {
    const auto level = s ? effective(s->children) : [this] {
      auto all = m_main;
      all.insert(all.end(), m_vhost.begin(), m_vhost.end());
      return all;
    }();
    for (const auto* d : level) {
      if (auto why = unevaluable(*d)) out.not_evaluated.push_back({d, *why});
      if (!d->block) continue;
      const auto inner = effective(d->children);
      const bool decides = has_authz(inner) || std::any_of(inner.begin(), inner.end(), [](const Directive* x) {
                             return iequals(x->name, "SSLRequire");
                           });
      if (iequals(d->name, "If")) {
        auto e = evaluate_apache_expr(d->raw, [&vars](std::string_view n) { return vars.get(n); });
        if (e.truth == Truth::True) applied.push_back(d);
        if (e.truth == Truth::Unknown && decides) out.not_evaluated.push_back({d, e.why});
      } else if (decides &&
                 (iequals(d->name, "ElseIf") || iequals(d->name, "Else") || iequals(d->name, "Files") ||
                  iequals(d->name, "FilesMatch") || iequals(d->name, "Limit") || iequals(d->name, "LimitExcept"))) {
        out.not_evaluated.push_back({d, fmt::format("<{}> sections are not followed by this audit", d->name)});
      }
    }
  }
  // mod_ssl's access checker: every SSLRequire (they accumulate over the sections).
  for (const auto* s : applied) {
    for (const auto* d : effective(s->children)) {
      if (d->block || !iequals(d->name, "SSLRequire")) continue;
      auto e = evaluate_apache_expr(d->raw, [&vars](std::string_view n) { return vars.get(n); });
      if (e.truth == Truth::Unknown) {
        out.not_evaluated.push_back({d, e.why});
      } else if (e.truth == Truth::False && !out.refusal) {
        out.refusal = Refusal{d, 403, fmt::format("SSLRequire {} does not hold", d->raw)};
      }
    }
  }
  if (out.refusal) return out;
  // mod_authz_core: the last section with Require rules, merged as its AuthMerging says.
  std::optional<Result> decision;
  for (const auto* s : applied) {
    const auto level = effective(s->children);
    if (!has_authz(level)) continue;
    Result here = ev.container(*s, level, "RequireAny");
    const Directive* merging = nullptr;
    for (const auto* d : level) {
      if (iequals(d->name, "AuthMerging") && !d->args.empty()) merging = d;
    }
    if (decision && merging && (iequals(merging->args[0], "and") || iequals(merging->args[0], "or"))) {
      const bool all = iequals(merging->args[0], "and");
      std::vector<Result> pair = {*decision, here};
      Result merged = pair[1];
      for (const auto& r : pair) {
        if (all && r.authz == Authz::Denied) merged = r;
        if (!all && r.authz == Authz::Granted) merged = r;
      }
      if (merged.authz != (all ? Authz::Denied : Authz::Granted)) {
        for (const auto& r : pair) {
          if (r.authz == Authz::Unknown) merged = r;
        }
      }
      here = merged;
    }
    decision = here;
  }
  if (!decision || decision->authz == Authz::Granted) return out;
  if (decision->authz == Authz::Unknown) {
    out.not_evaluated.push_back({decision->by, decision->why});
  } else {
    out.refusal = Refusal{decision->by, 403,
                          decision->why.empty() ? std::string("no Require rule grants (AH01630)") : decision->why};
  }
  return out;
}

}  // namespace mtlsdoctor::servercfg
