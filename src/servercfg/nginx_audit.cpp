// nginx, as ngx_http_ssl_module and the rewrite and access phases treat a client certificate:
// verification (ssl_verify_client, ssl_client_certificate + ssl_trusted_certificate, ssl_crl,
// ssl_verify_depth — 1 by default), then the server's and the location's `if … { return N; }`
// (rewrite phase, in order), then allow/deny (access phase).
#include <fmt/format.h>
#include <re2/re2.h>

#include <filesystem>

#include "audit_common.h"
#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/servercfg/audit.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {
namespace {

using core::FindingId;

const Directive* find(const std::vector<Directive>& in, std::string_view name) {
  for (const auto& d : in) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

std::vector<const Directive*> all(const std::vector<Directive>& in, std::string_view name) {
  std::vector<const Directive*> out;
  for (const auto& d : in) {
    if (d.name == name) out.push_back(&d);
  }
  return out;
}

bool name_matches(const std::string& pattern, const std::string& name) {
  if (pattern.starts_with("~")) {
    RE2 re(pattern.substr(1));
    return re.ok() && RE2::PartialMatch(name, re);
  }
  if (pattern.starts_with("*.")) return name.size() > pattern.size() - 1 && name.ends_with(pattern.substr(1));
  if (pattern.starts_with(".")) return name == pattern.substr(1) || name.ends_with(pattern);
  if (pattern.ends_with(".*")) return name.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == name;
}

bool is_ssl_server(const Directive& server, const Directive& http) {
  for (const auto* listen : all(server.children, "listen")) {
    for (const auto& a : listen->args) {
      if (a == "ssl") return true;
    }
  }
  const Directive* on = find(server.children, "ssl");
  if (!on) on = find(http.children, "ssl");
  return on && !on->args.empty() && on->args.front() == "on";
}

// The server block nginx picks for this SNI: a server_name match, else the default_server, else
// the first TLS server.
const Directive* pick_server(const Directive& http, const std::optional<std::string>& sni) {
  const Directive* first = nullptr;
  const Directive* fallback = nullptr;
  for (const auto& s : http.children) {
    if (s.name != "server" || !is_ssl_server(s, http)) continue;
    if (!first) first = &s;
    for (const auto* listen : all(s.children, "listen")) {
      for (const auto& a : listen->args) {
        if (a == "default_server" && !fallback) fallback = &s;
      }
    }
    if (!sni) continue;
    for (const auto* names : all(s.children, "server_name")) {
      for (const auto& n : names->args) {
        if (name_matches(n, *sni)) return &s;
      }
    }
  }
  return fallback ? fallback : first;
}

// How pick_server chose `server`, for the answer.
std::string chosen(const Directive& server, const std::optional<std::string>& sni) {
  if (sni) {
    for (const auto* names : all(server.children, "server_name")) {
      for (const auto& n : names->args) {
        if (name_matches(n, *sni)) return fmt::format("server_name {} matches {}", n, *sni);
      }
    }
  }
  for (const auto* listen : all(server.children, "listen")) {
    for (const auto& a : listen->args) {
      if (a == "default_server") return "the default_server (no server_name matches)";
    }
  }
  return sni ? "the first TLS server block (no server_name matches, no default_server)"
             : "the first TLS server block (no --server-name given)";
}

class Audit {
 public:
  Audit(const AuditRequest& request, const Directive& http, const Directive& server, std::string conf_dir)
      : m_request(request), m_http(http), m_server(server), m_dir(std::move(conf_dir)) {}

  // A server-level directive, inherited from http.
  const Directive* setting(std::string_view name) const {
    if (const auto* d = find(m_server.children, name)) return d;
    return find(m_http.children, name);
  }

  std::string path(const std::string& file) const {
    return std::filesystem::path(file).is_absolute() ? file : m_dir + "/" + file;
  }

  // nginx's variables for this certificate and connection; nullopt: not one we compute.
  std::optional<std::string> variable(const std::string& name, bool verified) const {
    const auto& f = m_leaf->facts();
    if (name == "ssl_client_s_dn") return f.subject.rfc4514;
    if (name == "ssl_client_i_dn") return f.issuer.rfc4514;
    if (name == "ssl_client_serial") return f.serial_hex;
    if (name == "ssl_client_verify") return verified ? "SUCCESS" : "FAILED";
    if (name == "ssl_client_fingerprint") {
      std::string out;
      for (char c : f.sha1_fingerprint) {
        if (c != ':') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
      return out;
    }
    if (name == "remote_addr" || name == "binary_remote_addr") return m_request.source;
    if (name == "ssl_server_name" || name == "host") return m_request.server_name.value_or("");
    if (name == "request_uri" || name == "uri") return m_request.uri;
    return map_variable(name, verified);
  }

  std::optional<std::string> expand(const std::string& text, bool verified, std::string& unknown) const {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      if (text[i] != '$') {
        out.push_back(text[i++]);
        continue;
      }
      std::size_t start = i + 1, end = start;
      if (start < text.size() && text[start] == '{') {
        end = text.find('}', start);
        if (end == std::string::npos) return std::nullopt;
        const auto name = text.substr(start + 1, end - start - 1);
        auto v = variable(name, verified);
        if (!v) return unknown = name, std::nullopt;
        out += *v;
        i = end + 1;
        continue;
      }
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
      const auto name = text.substr(start, end - start);
      auto v = variable(name, verified);
      if (!v) return unknown = name, std::nullopt;
      out += *v;
      i = end;
    }
    return out;
  }

  // `map $src $name { … }` in http: exact keys (case-insensitive), then regexes in order.
  std::optional<std::string> map_variable(const std::string& name, bool verified) const {
    for (const auto* map : all(m_http.children, "map")) {
      if (!map->block || map->args.size() != 2 || map->args[1] != "$" + name) continue;
      std::string unknown;
      auto source = expand(map->args[0], verified, unknown);
      if (!source) return std::nullopt;
      std::optional<std::string> fallback = "";
      std::string lowered = *source;
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const auto& e : map->children) {
        if (e.args.size() != 1) continue;  // hostnames, volatile, …
        if (e.name == "default") {
          fallback = e.args[0];
        } else if (!e.name.starts_with("~")) {
          std::string key = e.name;
          if (key.starts_with("\\")) key.erase(0, 1);
          for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (key == lowered) return e.args[0];
        }
      }
      for (const auto& e : map->children) {
        if (e.args.size() != 1 || !e.name.starts_with("~")) continue;
        const bool icase = e.name.starts_with("~*");
        RE2::Options o;
        o.set_case_sensitive(!icase);
        o.set_log_errors(false);
        RE2 re(e.name.substr(icase ? 2 : 1), o);
        if (!re.ok()) return std::nullopt;
        if (RE2::PartialMatch(*source, re)) return e.args[0];
      }
      return fallback;
    }
    return std::nullopt;
  }

  const AuditRequest& m_request;
  const Directive& m_http;
  const Directive& m_server;
  std::string m_dir;
  const x509::Certificate* m_leaf = nullptr;
};

// What evaluating the rewrite and access phases found.
struct Outcome {
  const Directive* refused_by = nullptr;  // the `return`, `deny` or `if` that refuses
  int status = 403;
  std::string why;
  std::vector<std::pair<const Directive*, std::string>> not_evaluated;
};

// `if (…)`: the condition's words with the parentheses taken off.
std::optional<bool> condition(const Audit& a, const Directive& d, bool verified, std::string& why) {
  std::vector<std::string> w = d.args;
  if (!w.empty() && w.front().starts_with("(")) w.front().erase(0, 1);
  if (!w.empty() && w.back().ends_with(")")) w.back().pop_back();
  if (!w.empty() && w.front().empty()) w.erase(w.begin());
  if (!w.empty() && w.back().empty()) w.pop_back();
  if (w.empty() || !w.front().starts_with("$")) return why = "a file test or an unusual condition", std::nullopt;
  std::string unknown;
  auto value = a.expand(w.front(), verified, unknown);
  if (!value) return why = fmt::format("the variable ${} is not one this audit computes", unknown), std::nullopt;
  if (w.size() == 1) return !value->empty() && *value != "0";
  const std::string op = w[1];
  std::string operand;
  for (std::size_t i = 2; i < w.size(); ++i) operand += (i > 2 ? " " : "") + w[i];
  if (op == "=" || op == "!=") {
    auto rhs = a.expand(operand, verified, unknown);
    if (!rhs) return why = fmt::format("the variable ${} is not one this audit computes", unknown), std::nullopt;
    return (*value == *rhs) == (op == "=");
  }
  if (op == "~" || op == "~*" || op == "!~" || op == "!~*") {
    RE2::Options o;
    o.set_case_sensitive(op.find('*') == std::string::npos);
    o.set_log_errors(false);
    RE2 re(operand, o);
    if (!re.ok()) return why = "a regular expression RE2 cannot read (PCRE-only syntax)", std::nullopt;
    return RE2::PartialMatch(*value, re) == !op.starts_with("!");
  }
  return why = fmt::format("the operator '{}'", op), std::nullopt;
}

bool unevaluable(const std::string& name) {
  return name == "auth_request" || name == "auth_basic" || name == "satisfy" || name == "perl" ||
         name.starts_with("access_by_lua") || name.starts_with("rewrite_by_lua") || name.starts_with("js_");
}

// The rewrite phase of one level (server or location): `return` and `if { return; }` in order.
// Returns true when a `return` ends the request (refusing or answering).
bool rewrite_phase(const Audit& a, const std::vector<Directive>& level, bool verified, Outcome& out) {
  for (const auto& d : level) {
    if (unevaluable(d.name)) {
      out.not_evaluated.push_back({&d, fmt::format("'{}' decides outside the configuration", d.name)});
    } else if (d.name == "return" && !d.args.empty()) {
      const int code = std::atoi(d.args.front().c_str());
      if (code >= 400) {
        out.refused_by = &d;
        out.status = code;
        out.why = fmt::format("return {}", code);
      }
      return true;
    } else if (d.name == "if" && d.block) {
      std::string why;
      auto holds = condition(a, d, verified, why);
      const Directive* ret = find(d.children, "return");
      const bool only_return = ret && d.children.size() == 1 && !ret->args.empty();
      if (!holds || !only_return) {
        out.not_evaluated.push_back({&d, holds ? "the block does more than `return`" : why});
        continue;
      }
      if (!*holds) continue;
      const int code = std::atoi(ret->args.front().c_str());
      if (code >= 400) {
        out.refused_by = &d;
        out.status = code;
        out.why = fmt::format("if {} {{ return {}; }}", fmt::join(d.args, " "), code);
      }
      return true;
    }
  }
  return false;
}

// allow/deny: the first rule that matches the source decides.
void access_phase(const Audit& a, const std::vector<const std::vector<Directive>*>& levels, Outcome& out) {
  for (const auto* level : levels) {
    std::vector<const Directive*> rules;
    for (const auto& d : *level) {
      if ((d.name == "allow" || d.name == "deny") && d.args.size() == 1) rules.push_back(&d);
    }
    if (rules.empty()) continue;  // inherited from the enclosing level
    for (const auto* d : rules) {
      const std::string& who = d->args.front();
      bool match = who == "all";
      if (!match) {
        if (!a.m_request.source) {
          out.not_evaluated.push_back({d, "no --source-address given for the allow/deny rules"});
          return;
        }
        auto net = policy::parse_network(who);
        auto ip = policy::parse_ip(*a.m_request.source);
        if (!net || !ip) {
          out.not_evaluated.push_back({d, fmt::format("'{}' is not an address this audit reads", who)});
          return;
        }
        match = policy::contains(*net, *ip);
      }
      if (!match) continue;
      if (d->name == "deny") {
        out.refused_by = d;
        out.status = 403;
        out.why = fmt::format("deny {}", who);
      }
      return;
    }
    return;
  }
}

// The location nginx picks for `uri`: the longest matching prefix (exact `=` first); regex
// locations are not evaluated.
const Directive* pick_location(const Directive& server, const std::string& uri) {
  const Directive* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& d : server.children) {
    if (d.name != "location" || !d.block || d.args.empty()) continue;
    if (d.args.size() == 2 && d.args[0] == "=" && d.args[1] == uri) return &d;
    const std::string& prefix = d.args.size() == 2 && d.args[0] == "^~" ? d.args[1] : d.args[0];
    if (d.args.size() == 1 && uri.starts_with(prefix) && prefix.size() >= best_len) {
      best = &d;
      best_len = prefix.size();
    }
  }
  return best;
}

}  // namespace

std::expected<AuditRun, AuditFailure> audit_nginx(const AuditRequest& request, const x509::PasswordProvider& password) {
  const auto failure = [](core::Error e, bool identity = false) {
    return std::unexpected(AuditFailure{std::move(e), identity});
  };
  auto conf = read_nginx(request.config);
  if (!conf) return failure(conf.error());
  const Directive* http = find(*conf, "http");
  if (!http || !http->block)
    return failure(core::Error{core::ErrorCategory::Parse, "no http { } block", request.config, {}});
  const Directive* server = pick_server(*http, request.server_name);
  if (!server) {
    return failure(core::Error{core::ErrorCategory::Parse, "no TLS server block (listen … ssl)", request.config, {}});
  }
  auto identity = x509::load_identity(request.identity, password);
  if (!identity) return failure(identity.error(), true);

  AuditRun run{{},
               std::move(*identity),
               std::nullopt,
               server->where(),
               request.at,
               ServerType::Nginx,
               chosen(*server, request.server_name)};
  const auto dir = std::filesystem::path(request.config).parent_path().string();
  Audit a(request, *http, *server, dir.empty() ? "." : dir);
  a.m_leaf = &run.identity.leaf;
  const std::string who = run.identity.leaf.facts().subject.rfc4514;

  const Directive* mode = a.setting("ssl_verify_client");
  const std::string m = mode && !mode->args.empty() ? mode->args.front() : "off";
  if (m == "off") {
    not_requested(run, mode, server->where(),
                  fmt::format("the server block at {} does not ask for a client certificate (ssl_verify_client is off)",
                              server->where()));
    return run;
  }
  bool verified = m != "optional_no_ca";
  if (verified) {
    std::vector<std::string> ca_files;
    for (auto name : {"ssl_client_certificate", "ssl_trusted_certificate"}) {
      if (const auto* d = a.setting(name); d && !d->args.empty()) ca_files.push_back(a.path(d->args.front()));
    }
    if (ca_files.empty()) {
      return failure(core::Error{core::ErrorCategory::Parse,
                                 "ssl_verify_client without ssl_client_certificate or ssl_trusted_certificate: nginx "
                                 "refuses to start",
                                 mode->where(),
                                 {}});
    }
    std::vector<std::string> crl_files;
    if (const auto* d = a.setting("ssl_crl"); d && !d->args.empty()) crl_files.push_back(a.path(d->args.front()));
    auto passed = verify_with(run, ca_files, crl_files, request.at, password);
    if (!passed) return failure(passed.error());
    if (!*passed) {
      blame_verification(run.report, a.setting("ssl_client_certificate"), a.setting("ssl_crl"), mode, server->where(),
                         "nginx answers 400 \"The SSL certificate error\"");
      return run;
    }
    // ssl_verify_depth (default 1) is OpenSSL's verify depth: the intermediates allowed, neither
    // the leaf nor the trust anchor counted (X509_VERIFY_PARAM_set_depth).
    const Directive* depth_d = a.setting("ssl_verify_depth");
    const long depth = depth_d && !depth_d->args.empty() ? std::atol(depth_d->args.front().c_str()) : 1;
    const auto& path = run.verification->path;
    const auto above = static_cast<long>(path.size()) - 1 - (!path.empty() && path.back().anchor ? 1 : 0);
    if (above > depth) {
      chain_too_long(run, depth_d, server->where(),
                     fmt::format("the path of {} has {} intermediate certificates; ssl_verify_depth {} ({}) allows {}: "
                                 "nginx answers 400 \"The SSL certificate error\"",
                                 who, above, depth, depth_d ? depth_d->where() : "the default", depth),
                     fmt::format("ssl_verify_depth {};   # in the server block at {}", above, server->where()));
      return run;
    }
  }

  Outcome out;
  const Directive* location = pick_location(*server, request.uri);
  if (!rewrite_phase(a, server->children, verified, out) && location) {
    rewrite_phase(a, location->children, verified, out);
  }
  if (!out.refused_by) {
    std::vector<const std::vector<Directive>*> levels;
    if (location) levels.push_back(&location->children);
    levels.push_back(&server->children);
    levels.push_back(&http->children);
    access_phase(a, levels, out);
  }
  AccessOutcome access;
  if (out.refused_by) access.refusal = Refusal{out.refused_by, out.status, out.why};
  for (const auto& [d, why] : out.not_evaluated) access.not_evaluated.push_back({d, why});
  conclude(run, "nginx", access, who, fmt::format("the server block at {} accepts {}", server->where(), who),
           fmt::format("Add the issuer's CRL to the server block at {}: ssl_crl issuer-crl.pem;", server->where()));
  return run;
}

}  // namespace mtlsdoctor::servercfg
