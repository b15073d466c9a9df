// Apache httpd 2.4 with mod_ssl, as it treats a client certificate for a request to `/`: the
// <VirtualHost> chosen by name (ServerName, ServerAlias; else the first with SSLEngine on),
// verification (SSLVerifyClient, SSLCACertificateFile/Path, SSLCARevocationCheck with
// SSLCARevocationFile/Path, SSLVerifyDepth — 1 by default, counting every certificate above the
// leaf: mod_ssl refuses when the error depth exceeds it), the CA names it advertises
// (SSLCADNRequestFile/Path), then the access checker (SSLRequire, accumulated over the sections)
// and authorisation (Require in the last <Directory>/<Location> section that has any, merged as
// AuthMerging says).
#include <fmt/format.h>
#include <fnmatch.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

#include "apache_access.h"
#include "audit_common.h"
#include "mtlsdoctor/servercfg/audit.h"

namespace mtlsdoctor::servercfg {
namespace {

using core::FindingId;

bool ssl_on(const std::vector<const Directive*>& level) {
  for (const auto* d : level) {
    if (iequals(d->name, "SSLEngine") && !d->args.empty() && iequals(d->args[0], "on")) return true;
  }
  return false;
}

std::string host_of(std::string name) {
  if (auto p = name.find("://"); p != std::string::npos) name.erase(0, p + 3);
  if (auto p = name.rfind(':'); p != std::string::npos && name.find(']') == std::string::npos) name.erase(p);
  return name;
}

bool names_match(const Directive& vhost, const std::vector<const Directive*>& level, const std::string& sni) {
  for (const auto* d : level) {
    if (iequals(d->name, "ServerName") && !d->args.empty() && iequals(host_of(d->args[0]), sni)) return true;
    if (!iequals(d->name, "ServerAlias")) continue;
    for (const auto& a : d->args) {
      if (::fnmatch(a.c_str(), sni.c_str(), FNM_CASEFOLD) == 0) return true;
    }
  }
  (void)vhost;
  return false;
}

// Every certificate file of an OpenSSL hashed directory (SSLCACertificatePath: HASH.N links;
// SSLCARevocationPath: HASH.rN).
std::vector<std::string> hashed_files(const std::string& dir, bool crl) {
  std::vector<std::string> out;
  std::error_code ec;
  static const RE2 cert_name("[0-9a-fA-F]{8}\\.[0-9]+"), crl_name("[0-9a-fA-F]{8}\\.r[0-9]+");
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (RE2::FullMatch(e.path().filename().string(), crl ? crl_name : cert_name)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::expected<AuditRun, AuditFailure> audit_apache(const AuditRequest& request,
                                                   const x509::PasswordProvider& password) {
  const auto failure = [](core::Error e, bool identity = false) {
    return std::unexpected(AuditFailure{std::move(e), identity});
  };
  const auto config_error = [&](std::string message, const std::string& where) {
    return failure(core::Error{core::ErrorCategory::Parse, std::move(message), where, {}});
  };
  auto conf = read_apache(request.config);
  if (!conf) return failure(conf.error());
  ApacheConfig c(*conf, request.config);

  // The <VirtualHost> for this name among those with SSLEngine on (Apache first picks by the
  // address and port; all are assumed to listen where the client connects).
  const Directive* vhost = nullptr;
  std::string chosen;
  for (const auto* v : c.sections(c.main(), "VirtualHost")) {
    const auto level = c.effective(v->children);
    if (!ssl_on(level)) continue;
    if (!vhost) {
      vhost = v;
      chosen = request.server_name ? "no ServerName or ServerAlias matches: the first <VirtualHost> with SSLEngine on"
                                   : "the first <VirtualHost> with SSLEngine on (no --server-name given)";
    }
    if (request.server_name && names_match(*v, level, *request.server_name)) {
      vhost = v;
      chosen = fmt::format("ServerName/ServerAlias matches {}", *request.server_name);
      break;
    }
  }
  if (!vhost && !ssl_on(c.main())) {
    return config_error("no <VirtualHost> with SSLEngine on, and the main server has no SSLEngine on", request.config);
  }
  c.set_vhost(vhost);
  auto identity = x509::load_identity(request.identity, password);
  if (!identity) return failure(identity.error(), true);
  const std::string server_where = vhost ? vhost->where() : request.config + ":1";
  AuditRun run{{},
               std::move(*identity),
               std::nullopt,
               server_where,
               request.at,
               ServerType::Apache,
               vhost ? chosen : "the main server (no <VirtualHost> has SSLEngine on)"};
  const std::string who = run.identity.leaf.facts().subject.rfc4514;

  const auto sections = c.sections_for_root(request.uri);
  const Directive* mode = c.last(sections, "SSLVerifyClient");
  const std::string m = mode && !mode->args.empty() ? lower(mode->args[0]) : "none";
  if (m == "none") {
    not_requested(run, mode, server_where,
                  fmt::format("the server at {} does not ask for a client certificate (SSLVerifyClient {})",
                              server_where, mode ? "none" : "is not set"));
    return run;
  }
  if (m != "require" && m != "optional" && m != "optional_no_ca") {
    return config_error(
        fmt::format("SSLVerifyClient '{}': Apache accepts none, optional, require, optional_no_ca", mode->args[0]),
        mode->where());
  }
  const bool verified = m != "optional_no_ca";
  const Directive* ca_file = c.setting("SSLCACertificateFile");
  const Directive* ca_path = c.setting("SSLCACertificatePath");
  std::vector<std::string> ca_files;
  if (ca_file && !ca_file->args.empty()) ca_files.push_back(c.path(ca_file->args[0]));
  if (ca_path && !ca_path->args.empty()) {
    for (auto& f : hashed_files(c.path(ca_path->args[0]), false)) ca_files.push_back(std::move(f));
  }
  if (verified) {
    if (ca_files.empty()) {
      return config_error(
          "SSLVerifyClient without SSLCACertificateFile or SSLCACertificatePath (holding certificates): "
          "Apache refuses to start",
          mode->where());
    }
    const Directive* check = c.setting("SSLCARevocationCheck");
    const std::string check_mode = check && !check->args.empty() ? lower(check->args[0]) : "none";
    const Directive* crl_file = c.setting("SSLCARevocationFile");
    const Directive* crl_path = c.setting("SSLCARevocationPath");
    std::vector<std::string> crl_files;
    if (check_mode != "none") {
      if (crl_file && !crl_file->args.empty()) crl_files.push_back(c.path(crl_file->args[0]));
      if (crl_path && !crl_path->args.empty()) {
        for (auto& f : hashed_files(c.path(crl_path->args[0]), true)) crl_files.push_back(std::move(f));
      }
      if (crl_files.empty()) {
        return config_error(
            "SSLCARevocationCheck without SSLCARevocationFile or SSLCARevocationPath: Apache refuses "
            "to start",
            check->where());
      }
    }
    auto passed = verify_with(run, ca_files, crl_files, request.at, password);
    if (!passed) return failure(passed.error());
    if (!*passed) {
      blame_verification(run.report, ca_file ? ca_file : ca_path,
                         crl_file   ? crl_file
                         : crl_path ? crl_path
                                    : check,
                         mode, server_where, "Apache ends the handshake with a TLS alert");
      return run;
    }
    // mod_ssl's verify callback refuses when the error depth (the leaf is 0, the trust anchor
    // last) is above SSLVerifyDepth (default 1).
    const Directive* depth_d = c.last(sections, "SSLVerifyDepth");
    const long depth = depth_d && !depth_d->args.empty() ? std::atol(depth_d->args[0].c_str()) : 1;
    const auto top = static_cast<long>(run.verification->path.size()) - 1;
    if (top > depth) {
      chain_too_long(run, depth_d, server_where,
                     fmt::format("the path of {} has {} certificates above the leaf; SSLVerifyDepth {} ({}) allows {}: "
                                 "Apache ends the handshake with a TLS alert (AH02040 \"Certificate Chain too long\")",
                                 who, top, depth, depth_d ? depth_d->where() : "the default", depth),
                     fmt::format("SSLVerifyDepth {}   # in the <VirtualHost> at {}", top, server_where));
      return run;
    }
  }
  if (auto f = c.advertised_names_finding(run.identity, ca_files, password)) run.report.findings.push_back(*f);

  const ApacheVariables vars{&run.identity.leaf, verified, request.source, request.server_name, request.uri};
  AccessOutcome access = c.evaluate_access(sections, vars);
  conclude(run, "Apache", access, who, fmt::format("the <VirtualHost> at {} accepts {}", server_where, who),
           fmt::format("Add to the <VirtualHost> at {}: SSLCARevocationCheck chain and SSLCARevocationFile "
                       "issuer-crls.pem",
                       server_where));
  return run;
}

}  // namespace mtlsdoctor::servercfg
