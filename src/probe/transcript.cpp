#include "mtlsdoctor/probe/transcript.h"

namespace mtlsdoctor::probe {

std::string_view to_string(Stage s) noexcept {
  switch (s) {
    case Stage::Resolve: return "resolve";
    case Stage::Connect: return "connect";
    case Stage::Proxy: return "proxy";
    case Stage::StartTls: return "starttls";
    case Stage::Handshake: return "handshake";
    case Stage::Request: return "request";
    case Stage::Response: return "response";
    case Stage::Done: return "done";
  }
  return "done";
}

std::string_view to_string(TransportError e) noexcept {
  switch (e) {
    case TransportError::None: return "none";
    case TransportError::DnsFailure: return "dns-failure";
    case TransportError::Refused: return "refused";
    case TransportError::Unreachable: return "unreachable";
    case TransportError::Timeout: return "timeout";
    case TransportError::Reset: return "reset";
    case TransportError::Closed: return "closed";
    case TransportError::LocalAddress: return "local-address";
    case TransportError::NotTls: return "not-tls";
    case TransportError::TlsError: return "tls-error";
    case TransportError::StartTlsNotOffered: return "starttls-not-offered";
    case TransportError::StartTlsRefused: return "starttls-refused";
    case TransportError::UnexpectedProtocol: return "unexpected-protocol";
    case TransportError::TooLarge: return "too-large";
    case TransportError::ProxyRefused: return "proxy-refused";
    case TransportError::ProxyNotHttp: return "proxy-not-http";
    case TransportError::ProxyAuthRejected: return "proxy-auth-rejected";
    case TransportError::ProxyNotSocks: return "proxy-not-socks";
    case TransportError::ProxyTls: return "proxy-tls-failed";
  }
  return "none";
}

const Alert* Transcript::first_alert(Direction d) const noexcept {
  for (const auto& a : alerts) {
    if (a.direction == d && a.fatal) return &a;
  }
  return nullptr;
}

}  // namespace mtlsdoctor::probe
