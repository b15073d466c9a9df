// Which audit reads a configuration: the type given, else the one its content shows.
#include <fmt/format.h>

#include "config_file.h"
#include "mtlsdoctor/servercfg/audit.h"

namespace mtlsdoctor::servercfg {

std::expected<AuditRun, AuditFailure> audit_server_config(const AuditRequest& request,
                                                          const x509::PasswordProvider& password) {
  auto type = request.type;
  if (!type) {
    auto text = read_config_file(request.config);
    if (!text) return std::unexpected(AuditFailure{text.error()});
    type = detect_server_type(*text);
    if (!type) {
      return std::unexpected(AuditFailure{
          core::Error{core::ErrorCategory::Parse,
                      "cannot tell whether this is an nginx, Apache httpd or HAProxy configuration: give --server-type",
                      request.config,
                      {}}});
    }
  }
  switch (*type) {
    case ServerType::Apache: return audit_apache(request, password);
    case ServerType::Haproxy: return audit_haproxy(request, password);
    case ServerType::Nginx: break;
  }
  return audit_nginx(request, password);
}

}  // namespace mtlsdoctor::servercfg
