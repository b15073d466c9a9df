// Which parts of an Apache httpd configuration apply to a request, and mod_ssl's variables.
#include "apache_access.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

#include "apache_expr.h"

namespace mtlsdoctor::servercfg {
namespace {

// mod_ssl's DN attribute names (ssl_engine_vars.c, ssl_var_lookup_ssl_cert_dn_rec) and
// OpenSSL's short names for them.
constexpr std::pair<std::string_view, std::string_view> kDnNames[] = {{"C", "C"},        {"ST", "ST"},
                                                                      {"SP", "ST"},      {"L", "L"},
                                                                      {"O", "O"},        {"OU", "OU"},
                                                                      {"CN", "CN"},      {"T", "title"},
                                                                      {"I", "initials"}, {"G", "GN"},
                                                                      {"S", "SN"},       {"D", "description"},
                                                                      {"UID", "UID"},    {"Email", "emailAddress"}};

// ASN1_STRING_print_ex with ASN1_STRFLGS_ESC_2253: `,+"\<>;` escaped, a leading `#` or space and
// a trailing space too (what mod_ssl prints for SSL_CLIENT_S_DN_x).
std::string escape_2253(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    const bool special = std::string_view(",+\"\\<>;").find(c) != std::string_view::npos ||
                         (i == 0 && (c == '#' || c == ' ')) || (i + 1 == v.size() && c == ' ');
    if (special) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> dn_part(const x509::DistinguishedName& dn, std::string_view rest) {
  // rest: "CN" or "CN_1"
  std::size_t index = 0;
  std::string_view name = rest;
  if (auto u = rest.rfind('_'); u != std::string_view::npos && u + 1 < rest.size() &&
                                std::all_of(rest.begin() + static_cast<long>(u) + 1, rest.end(),
                                            [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
    name = rest.substr(0, u);
    index = static_cast<std::size_t>(std::atoi(std::string(rest.substr(u + 1)).c_str()));
  }
  for (const auto& [apache, openssl] : kDnNames) {
    if (apache != name) continue;
    std::size_t seen = 0;
    for (const auto& a : dn.attributes) {
      if (a.type == openssl && seen++ == index) return escape_2253(a.value);
    }
    return std::string();
  }
  return std::nullopt;
}

// A section's regular expression (PCRE in Apache; one RE2 cannot read never matches).
bool regex_matches(const std::string& text, const std::string& pattern) {
  RE2::Options o;
  o.set_log_errors(false);
  RE2 re(pattern, o);
  return re.ok() && RE2::PartialMatch(text, re);
}

bool is_conditional(const Directive& d) {
  for (auto n : {"IfModule", "IfDefine", "IfVersion", "IfFile", "IfDirective", "IfSection"}) {
    if (iequals(d.name, n)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> ApacheVariables::get(std::string_view name) const {
  const auto& f = leaf->facts();
  if (name == "REMOTE_ADDR") return source;
  if (name == "SSL_TLS_SNI") return server_name.value_or("");
  if (name == "HTTP_HOST" || name == "SERVER_NAME") return server_name;
  if (name == "HTTPS") return std::string("on");
  if (name == "REQUEST_URI" || name == "PATH_INFO" || name == "REQUEST_FILENAME") {
    return name == "REQUEST_URI" ? std::optional(uri) : std::nullopt;
  }
  if (name == "REQUEST_METHOD") return std::string("GET");
  if (name == "SSL_CLIENT_VERIFY") return verified ? std::optional<std::string>("SUCCESS") : std::nullopt;
  if (name == "SSL_CLIENT_S_DN") return f.subject.rfc4514;
  if (name == "SSL_CLIENT_I_DN") return f.issuer.rfc4514;
  if (name == "SSL_CLIENT_M_SERIAL") return f.serial_hex;
  if (name == "SSL_CLIENT_M_VERSION") return std::to_string(f.version);
  if (name.starts_with("SSL_CLIENT_S_DN_")) return dn_part(f.subject, name.substr(16));
  if (name.starts_with("SSL_CLIENT_I_DN_")) return dn_part(f.issuer, name.substr(16));
  for (auto [prefix, type] : {std::pair{std::string_view("SSL_CLIENT_SAN_Email_"), x509::SanType::Email},
                              std::pair{std::string_view("SSL_CLIENT_SAN_DNS_"), x509::SanType::Dns}}) {
    if (!name.starts_with(prefix)) continue;
    const auto want = static_cast<std::size_t>(std::atoi(std::string(name.substr(prefix.size())).c_str()));
    std::size_t seen = 0;
    for (const auto& s : f.sans) {
      if (s.type == type && seen++ == want) return s.value;
    }
    return std::string();
  }
  return std::nullopt;
}

ApacheConfig::ApacheConfig(const std::vector<Directive>& top, const std::string& config_file) {
  const auto dir = std::filesystem::path(config_file).parent_path().string();
  m_config_dir = dir.empty() ? "." : dir;
  for (const auto& d : top) {
    if (iequals(d.name, "Define") && !d.args.empty()) m_defines.insert(d.args[0]);
  }
  m_main = effective(top);
}

// The directives of a level with the conditional sections Apache would take spliced in:
// <IfModule> is taken as loaded (<IfModule !x> as not), <IfDefine> by the Define lines.
std::vector<const Directive*> ApacheConfig::effective(const std::vector<Directive>& level) const {
  std::vector<const Directive*> out;
  for (const auto& d : level) {
    if (!d.block || !is_conditional(d)) {
      out.push_back(&d);
      continue;
    }
    const std::string arg = d.args.empty() ? "" : d.args[0];
    const bool negated = arg.starts_with("!");
    bool holds = true;
    if (iequals(d.name, "IfDefine")) holds = m_defines.contains(negated ? arg.substr(1) : arg);
    if (iequals(d.name, "IfFile")) {
      std::error_code ec;
      holds = std::filesystem::exists(path(negated ? arg.substr(1) : arg), ec);
    }
    if (holds != negated || iequals(d.name, "IfVersion")) {
      for (const auto* inner : effective(d.children)) out.push_back(inner);
    }
  }
  return out;
}

std::vector<const Directive*> ApacheConfig::sections(const std::vector<const Directive*>& level,
                                                     std::string_view name) {
  std::vector<const Directive*> out;
  for (const auto* d : level) {
    if (d->block && iequals(d->name, name)) out.push_back(d);
  }
  return out;
}

void ApacheConfig::set_vhost(const Directive* vhost) {
  m_vhost_block = vhost;
  m_vhost = vhost ? effective(vhost->children) : std::vector<const Directive*>{};
}

const Directive* ApacheConfig::setting(std::string_view name) const {
  for (const auto* level : {&m_vhost, &m_main}) {
    for (auto it = level->rbegin(); it != level->rend(); ++it) {
      if (!(*it)->block && iequals((*it)->name, name)) return *it;
    }
  }
  return nullptr;
}

const Directive* ApacheConfig::last(const std::vector<const Directive*>& sections, std::string_view name) const {
  for (auto s = sections.rbegin(); s != sections.rend(); ++s) {
    const auto level = effective((*s)->children);
    for (auto it = level.rbegin(); it != level.rend(); ++it) {
      if (!(*it)->block && iequals((*it)->name, name)) return *it;
    }
  }
  return setting(name);
}

std::string ApacheConfig::path(const std::string& file) const {
  if (file.starts_with("/")) return file;
  const Directive* root = nullptr;
  for (auto it = m_main.rbegin(); it != m_main.rend() && !root; ++it) {
    if (iequals((*it)->name, "ServerRoot") && !(*it)->args.empty()) root = *it;
  }
  return (std::filesystem::path(root ? root->args[0] : m_config_dir) / file).lexically_normal().string();
}

std::vector<const Directive*> ApacheConfig::sections_for_root(const std::string& uri) const {
  const Directive* root_d = setting("DocumentRoot");
  std::string docroot = root_d && !root_d->args.empty() ? path(root_d->args[0]) : "/var/www/html";
  if (!docroot.ends_with("/")) docroot += "/";
  std::vector<std::pair<std::size_t, const Directive*>> dirs;  // (components, section)
  std::vector<const Directive*> dir_regex, locations;
  for (const auto* level : {&m_main, &m_vhost}) {
    for (const auto* d : *level) {
      if (!d->block || d->args.empty()) continue;
      const bool tilde = d->args.size() == 2 && d->args[0] == "~";
      const std::string& arg = tilde ? d->args[1] : d->args[0];
      if (iequals(d->name, "Directory") && !tilde) {
        std::string p = arg.ends_with("/") ? arg : arg + "/";
        if (docroot.starts_with(p) || ::fnmatch((p + "*").c_str(), docroot.c_str(), 0) == 0) {
          dirs.emplace_back(static_cast<std::size_t>(std::count(p.begin(), p.end(), '/')), d);
        }
      } else if (iequals(d->name, "DirectoryMatch") || (iequals(d->name, "Directory") && tilde)) {
        if (regex_matches(docroot, arg)) dir_regex.push_back(d);
      } else if (iequals(d->name, "LocationMatch") || (iequals(d->name, "Location") && tilde)) {
        if (regex_matches(uri, arg)) locations.push_back(d);
      } else if (iequals(d->name, "Location")) {
        if (uri.starts_with(arg)) locations.push_back(d);
      }
    }
  }
  std::stable_sort(dirs.begin(), dirs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Directive*> out;
  for (const auto& [n, d] : dirs) out.push_back(d);
  out.insert(out.end(), dir_regex.begin(), dir_regex.end());
  out.insert(out.end(), locations.begin(), locations.end());
  return out;
}

std::optional<core::Finding> ApacheConfig::advertised_names_finding(const x509::Identity& identity,
                                                                    const std::vector<std::string>& ca_files,
                                                                    const x509::PasswordProvider& password) const {
  std::vector<std::string> files = ca_files;
  const Directive* named = setting("SSLCADNRequestFile");
  const Directive* named_path = setting("SSLCADNRequestPath");
  if (named || named_path) {
    files.clear();
    if (named && !named->args.empty()) files.push_back(path(named->args[0]));
    if (named_path && !named_path->args.empty()) {
      std::error_code ec;
      static const RE2 hashed("[0-9a-fA-F]{8}\\.[0-9]+");
      for (const auto& e : std::filesystem::directory_iterator(path(named_path->args[0]), ec)) {
        if (RE2::FullMatch(e.path().filename().string(), hashed)) files.push_back(e.path().string());
      }
    }
  }
  auto names = x509::load_anchors(files, password);
  if (!names || names->empty()) return std::nullopt;
  std::vector<const x509::Certificate*> sent = {&identity.leaf};
  for (const auto& c : identity.offered) sent.push_back(&c);
  for (const auto* c : sent) {
    for (const auto& n : *names) {
      if (c->facts().issuer == n.facts().subject) return std::nullopt;
    }
  }
  const Directive* by = named ? named : named_path ? named_path : setting("SSLCACertificateFile");
  const std::string where = by ? by->where() : (m_vhost_block ? m_vhost_block->where() : "");
  auto f = core::Finding::make(
      core::FindingId::ClientIssuerNotAdvertised, core::Subject::Trust,
      fmt::format("the server advertises {} CA name{} ({}) and none is the issuer of {} or of a certificate sent with "
                  "it: clients that choose their certificate by these names (browsers, Java, Go) will not send it; "
                  "OpenSSL-based clients (curl) send it anyway",
                  names->size(), names->size() == 1 ? "" : "s", where, identity.leaf.facts().subject.rfc4514));
  f.evidence["config"] = where;
  std::vector<std::string> advertised;
  for (const auto& n : *names) advertised.push_back(n.facts().subject.rfc4514);
  f.evidence["advertised"] = advertised;
  f.evidence["issuer"] = identity.leaf.facts().issuer.rfc4514;
  return f;
}

}  // namespace mtlsdoctor::servercfg
