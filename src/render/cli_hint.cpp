#include "mtlsdoctor/render/cli_hint.h"

namespace mtlsdoctor::render {

std::string_view cli_hint(core::Hint h) noexcept {
  switch (h) {
    case core::Hint::Crl: return "--crl";
    case core::Hint::Cacert: return "--cacert";
    case core::Hint::Host: return "--host";
    case core::Hint::At: return "--at";
    case core::Hint::Cert: return "--cert";
    case core::Hint::Key: return "--key";
    case core::Hint::P12: return "--p12";
    case core::Hint::Identities: return "--identities";
    case core::Hint::Alert: return "--alert";
    case core::Hint::ConnectTo: return "--connect-to";
    case core::Hint::StartTls: return "--starttls";
    case core::Hint::Servername: return "--servername";
    case core::Hint::PgUser: return "--pg-user";
    case core::Hint::SourceAddress: return "--source-address";
    case core::Hint::Timeout: return "--timeout";
    case core::Hint::Alpn: return "--alpn";
  }
  return "";
}

std::string cli_text(std::string_view text) {
  return core::has_hints(text) ? core::resolve_hints(text, cli_hint) : std::string(text);
}

}  // namespace mtlsdoctor::render
