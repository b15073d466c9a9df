// An Apache httpd configuration as the audit reads it: the effective directives of a level
// (<IfModule>, <IfDefine>, <IfVersion>, <IfFile> taken as Apache would), the server settings
// (the <VirtualHost>'s, else the main server's), the sections that apply to a request, and the
// access rules of those sections evaluated for one certificate and connection.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit_common.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::servercfg {

// mod_ssl's and the core's variables (%{NAME}) for this certificate and connection.
struct ApacheVariables {
  const x509::Certificate* leaf = nullptr;
  bool verified = false;
  std::optional<std::string> source;
  std::optional<std::string> server_name;
  std::string uri = "/";

  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
};

class ApacheConfig {
 public:
  ApacheConfig(const std::vector<Directive>& top, const std::string& config_file);

  [[nodiscard]] std::vector<const Directive*> effective(const std::vector<Directive>& level) const;
  [[nodiscard]] const std::vector<const Directive*>& main() const { return m_main; }
  [[nodiscard]] static std::vector<const Directive*> sections(const std::vector<const Directive*>& level,
                                                              std::string_view name);
  void set_vhost(const Directive* vhost);

  // A server-level directive: the <VirtualHost>'s last, else the main server's last.
  [[nodiscard]] const Directive* setting(std::string_view name) const;
  // A directive that a section may override: the last section's, else setting(name).
  [[nodiscard]] const Directive* last(const std::vector<const Directive*>& sections, std::string_view name) const;
  // A file name as Apache resolves it: relative to ServerRoot.
  [[nodiscard]] std::string path(const std::string& file) const;

  // The <Directory> (of the DocumentRoot) and <Location> sections, regular-expression forms
  // included, that apply to `uri`, in the order Apache merges them.
  [[nodiscard]] std::vector<const Directive*> sections_for_root(const std::string& uri) const;

  // The CA names the server advertises (SSLCADNRequestFile/Path, else the CA certificates'
  // subjects) and whether the identity's issuers are among them: a warning when not.
  [[nodiscard]] std::optional<core::Finding> advertised_names_finding(const x509::Identity& identity,
                                                                      const std::vector<std::string>& ca_files,
                                                                      const x509::PasswordProvider& password) const;

  // SSLRequire (all of them, in order), then the Require rules of the last section with any.
  [[nodiscard]] AccessOutcome evaluate_access(const std::vector<const Directive*>& sections,
                                              const ApacheVariables& vars) const;

 private:
  std::set<std::string> m_defines;
  std::vector<const Directive*> m_main;
  std::vector<const Directive*> m_vhost;
  const Directive* m_vhost_block = nullptr;
  std::string m_config_dir;
};

}  // namespace mtlsdoctor::servercfg
