// HAProxy 2.x as it treats a client certificate: the frontend (or listen section) with an `ssl`
// bind — chosen by a crt-list line whose SNI filter matches --server-name, else the first —
// `tcp-request connection` rules before the handshake, verification (`verify none|optional|
// required`, `ca-file`, `ca-verify-file`, `crl-file`: OpenSSL checks the CRLs of the whole
// chain; no depth limit), then `tcp-request session` and `tcp-request content` rules, the
// frontend's `http-request` rules in order (the first allow or deny ends them), the backend's
// (`use_backend … if`, else `default_backend`) likewise.
#include <fmt/format.h>

#include <deque>
#include <filesystem>

#include "audit_common.h"
#include "config_file.h"
#include "haproxy_acl.h"
#include "mtlsdoctor/servercfg/audit.h"

namespace mtlsdoctor::servercfg {
namespace {

using core::FindingId;

struct Bind {
  const Directive* section = nullptr;
  const Directive* line = nullptr;  // the bind line, or the crt-list line whose options apply
  std::vector<std::string> options;
};

std::string option(const std::vector<std::string>& args, std::string_view name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return args[i + 1];
  }
  return "";
}

bool has_word(const std::vector<std::string>& args, std::string_view word) {
  return std::find(args.begin(), args.end(), word) != args.end();
}

// An SNI filter of a crt-list line: a name or `*.domain` (one label); `!name` excludes.
bool sni_filter_matches(const std::string& filter, const std::string& name) {
  if (filter.starts_with("*.")) {
    const auto dot = name.find('.');
    return dot != std::string::npos && iequals(name.substr(dot), filter.substr(1));
  }
  return iequals(filter, name);
}

class Audit {
 public:
  Audit(const std::vector<Directive>& conf, const AuditRequest& request) : m_conf(conf), m_request(request) {
    const auto dir = std::filesystem::path(request.config).parent_path().string();
    m_dir = dir.empty() ? "." : dir;
    for (const auto& s : conf) {
      if (s.name != "global") continue;
      for (const auto& d : s.children) {
        if (d.name == "ca-base" && !d.args.empty()) m_ca_base = d.args[0];
        if (d.name == "crt-base" && !d.args.empty()) m_crt_base = d.args[0];
      }
    }
  }

  std::string path(const std::string& file, bool ca) const {
    if (file.starts_with("/")) return file;
    const std::string& base = ca ? m_ca_base : m_crt_base;
    return (base.empty() ? m_dir : base) + "/" + file;
  }

  // The bind judged, and how it was chosen.
  core::Result<Bind> pick(std::string& chosen) {
    std::optional<Bind> first;
    for (const auto& s : m_conf) {
      if (s.name != "frontend" && s.name != "listen") continue;
      for (const auto& d : s.children) {
        if (d.name != "bind" || !has_word(d.args, "ssl")) continue;
        if (!first) first = Bind{&s, &d, d.args};
        const std::string list = option(d.args, "crt-list");
        if (list.empty() || !m_request.server_name) continue;
        auto text = read_config_file(path(list, false));
        if (!text) return std::unexpected(core::Error{text.error().category, text.error().message, d.where(), {}});
        auto lines = parse_haproxy("frontend crt-list\n" + *text, path(list, false));
        if (!lines || lines->empty()) continue;
        for (auto& l : lines->front().children) {
          l.line -= 1;  // the section line added above
          std::vector<std::string> opts, filters;
          bool in_options = false;
          for (const auto& w : l.args) {
            if (w.starts_with("[")) in_options = true;
            if (in_options) {
              std::string x = w;
              if (x.starts_with("[")) x.erase(0, 1);
              if (x.ends_with("]")) {
                x.pop_back();
                in_options = false;
              }
              if (!x.empty()) opts.push_back(x);
            } else {
              filters.push_back(w);
            }
          }
          bool match = false;
          for (const auto& f : filters) {
            if (f.starts_with("!")) continue;
            match = match || sni_filter_matches(f, *m_request.server_name);
          }
          if (!match) continue;
          m_crt_lines.push_back(std::move(l));
          std::vector<std::string> merged = d.args;
          merged.insert(merged.end(), opts.begin(), opts.end());
          chosen = fmt::format("the crt-list line at {} names {}", m_crt_lines.back().where(), *m_request.server_name);
          return Bind{&s, opts.empty() ? &d : &m_crt_lines.back(), merged};
        }
      }
    }
    if (!first) {
      return std::unexpected(core::Error{
          core::ErrorCategory::Parse, "no frontend or listen section with an ssl bind", m_request.config, {}});
    }
    chosen =
        "the first frontend with an ssl bind: HAProxy picks the frontend by the address and port connected to, "
        "not by name";
    return *first;
  }

  const Directive* section(std::string_view kind, const std::string& name) const {
    for (const auto& s : m_conf) {
      if ((s.name == kind || s.name == "listen") && !s.args.empty() && s.args[0] == name) return &s;
    }
    return nullptr;
  }

  const std::vector<Directive>& m_conf;
  const AuditRequest& m_request;
  std::string m_dir, m_ca_base, m_crt_base;
  std::deque<Directive> m_crt_lines;
};

// A rule's condition: `if|unless …` from index `at` of args (nothing there: it always applies).
AclResult applies(const Directive& rule, std::size_t at, const Directive& section, const HaproxyFacts& facts) {
  for (std::size_t i = at; i < rule.args.size(); ++i) {
    if (rule.args[i] != "if" && rule.args[i] != "unless") continue;
    auto r = evaluate_condition(std::vector<std::string>(rule.args.begin() + static_cast<long>(i) + 1, rule.args.end()),
                                section, facts);
    if (rule.args[i] == "unless") r.truth = truth_not(r.truth);
    return r;
  }
  return {Truth::True, ""};
}

// Continue: no rule decided; Stop: the rule set ended (allow, accept: later rule sets still run);
// End: the request ended (a refusal, `return`, `redirect`, or a rule not evaluated).
enum class Step { Continue, Stop, End };

// One rule set (`tcp-request connection`, `http-request`, …) of a section, in order. Stops at the
// first rule that decides; an undecidable rule that could decide stops too (as not evaluated).
Step run_rules(const Directive& section, std::string_view keyword, std::string_view phase, const HaproxyFacts& facts,
               AccessOutcome& out) {
  for (const auto& d : section.children) {
    if (d.name != keyword) continue;
    std::size_t action_at = 0;
    if (keyword == "tcp-request") {
      if (d.args.empty() || d.args[0] != phase) continue;
      action_at = 1;
    }
    if (d.args.size() <= action_at) continue;
    const std::string action = d.args[action_at];
    const bool lua = action.starts_with("lua.") || (action == "use-service" && d.args.size() > action_at + 1 &&
                                                    d.args[action_at + 1].starts_with("lua."));
    const bool deciding = action == "allow" || action == "accept" || action == "deny" || action == "reject" ||
                          action == "tarpit" || action == "return" || action == "auth" || action == "silent-drop" ||
                          action == "redirect" || lua;
    if (!deciding) continue;
    auto r = applies(d, action_at + 1, section, facts);
    if (lua && r.truth != Truth::False) {
      out.not_evaluated.push_back({&d, fmt::format("{} runs Lua code that may refuse the request", action)});
      return Step::End;
    }
    if (r.truth == Truth::Unknown) {
      out.not_evaluated.push_back({&d, r.why});
      return Step::End;
    }
    if (r.truth == Truth::False) continue;
    if (action == "allow" || action == "accept") return Step::Stop;
    if (action == "redirect") return Step::End;
    if (action == "auth") {
      out.not_evaluated.push_back({&d, "http-request auth asks for a password"});
      return Step::End;
    }
    int status = 403;
    std::string status_word = option(d.args, action == "return" ? "status" : "deny_status");
    if (action == "return") status = status_word.empty() ? 200 : std::atoi(status_word.c_str());
    if (action == "deny" && !status_word.empty()) status = std::atoi(status_word.c_str());
    if (action == "tarpit") status = status_word.empty() ? 500 : std::atoi(status_word.c_str());
    if (action == "reject" || action == "silent-drop") status = 0;
    if (status == 0 || status >= 400) {
      out.refusal = Refusal{&d, status, fmt::format("{} {}", d.name, fmt::join(d.args, " "))};
    }
    return Step::End;
  }
  return Step::Continue;
}

}  // namespace

std::expected<AuditRun, AuditFailure> audit_haproxy(const AuditRequest& request,
                                                    const x509::PasswordProvider& password) {
  const auto failure = [](core::Error e, bool identity = false) {
    return std::unexpected(AuditFailure{std::move(e), identity});
  };
  auto conf = read_haproxy(request.config);
  if (!conf) return failure(conf.error());
  Audit a(*conf, request);
  std::string chosen;
  auto bind = a.pick(chosen);
  if (!bind) return failure(bind.error());
  auto identity = x509::load_identity(request.identity, password);
  if (!identity) return failure(identity.error(), true);
  const Directive& fe = *bind->section;
  AuditRun run{{}, std::move(*identity), std::nullopt, fe.where(), request.at, ServerType::Haproxy, chosen};
  const std::string who = run.identity.leaf.facts().subject.rfc4514;
  HaproxyFacts facts{&run.identity.leaf, false, false, request.source, request.server_name, a.m_dir};

  AccessOutcome access;
  const auto finish = [&] {
    conclude(run, "HAProxy", access, who, fmt::format("the frontend at {} accepts {}", fe.where(), who),
             fmt::format("Add crl-file issuer-crls.pem to the bind line at {}", bind->line->where()));
    return run;
  };
  if (run_rules(fe, "tcp-request", "connection", facts, access) == Step::End) return finish();
  const std::string verify = option(bind->options, "verify");
  if (verify.empty() || verify == "none") {
    not_requested(run, bind->line, fe.where(),
                  fmt::format("the bind line at {} does not ask for a client certificate (verify {})",
                              bind->line->where(), verify.empty() ? "is not set: none" : "none"));
    return run;
  }
  if (verify != "optional" && verify != "required") {
    return failure(core::Error{core::ErrorCategory::Parse,
                               fmt::format("verify '{}': HAProxy accepts none, optional, required", verify),
                               bind->line->where(),
                               {}});
  }
  std::vector<std::string> ca_files, crl_files;
  for (auto name : {"ca-file", "ca-verify-file"}) {
    if (auto f = option(bind->options, name); !f.empty()) ca_files.push_back(a.path(f, true));
  }
  if (auto f = option(bind->options, "crl-file"); !f.empty()) crl_files.push_back(a.path(f, true));
  if (ca_files.empty()) {
    return failure(core::Error{core::ErrorCategory::Parse,
                               "verify is enabled but no CA file is given (ca-file): HAProxy refuses to start",
                               bind->line->where(),
                               {}});
  }
  for (auto name : {"crt-ignore-err", "ca-ignore-err"}) {
    if (!option(bind->options, name).empty()) {
      access.not_evaluated.push_back(
          {bind->line, fmt::format("{} lets some verification errors through; this audit does not read it", name)});
    }
  }
  auto passed = verify_with(run, ca_files, crl_files, request.at, password);
  if (!passed) return failure(passed.error());
  if (!*passed) {
    blame_verification(run.report, bind->line, bind->line, bind->line, bind->line->where(),
                       "HAProxy ends the handshake with a TLS alert");
    return run;
  }
  facts.handshake_done = true;
  facts.verified = true;
  for (auto phase : {"session", "content"}) {
    if (run_rules(fe, "tcp-request", phase, facts, access) == Step::End) return finish();
  }
  if (run_rules(fe, "http-request", "", facts, access) == Step::End) return finish();
  if (fe.name == "listen") return finish();
  // The backend: the first use_backend whose condition holds, else default_backend.
  const Directive* backend = nullptr;
  for (const auto& d : fe.children) {
    if (d.name == "use_backend" && !d.args.empty()) {
      auto r = applies(d, 1, fe, facts);
      if (r.truth == Truth::Unknown) {
        access.not_evaluated.push_back({&d, r.why});
        return finish();
      }
      if (r.truth == Truth::True) {
        backend = a.section("backend", d.args[0]);
        break;
      }
    }
  }
  if (!backend) {
    for (const auto& d : fe.children) {
      if (d.name == "default_backend" && !d.args.empty()) backend = a.section("backend", d.args[0]);
    }
  }
  if (backend) run_rules(*backend, "http-request", "", facts, access);
  return finish();
}

}  // namespace mtlsdoctor::servercfg
