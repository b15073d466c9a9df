// Nothing certificate-related happened: the network or the negotiation failed.
#include <fmt/format.h>

#include "context.h"

namespace mtlsdoctor::diagnose::detail {

using core::FindingId;
using probe::TransportError;

namespace {

core::Finding make(FindingId id, std::string message, const probe::Transcript& t) {
  auto f = core::Finding::make(id, id == FindingId::NotTls || id == FindingId::DnsFailure || id == FindingId::ConnectionRefused ||
                                           id == FindingId::ConnectionTimeout || id == FindingId::ConnectionReset
                                       ? core::Subject::Transport
                                       : core::Subject::Handshake,
                               std::move(message));
  f.evidence["stage"] = to_string(t.stopped_at);
  f.evidence["error"] = to_string(t.error);
  if (!t.error_text.empty()) f.evidence["detail"] = t.error_text;
  if (!t.address.empty()) f.evidence["address"] = t.address;
  f.evidence["elapsed_ms"] = static_cast<long>(t.total_ms);
  return f;
}

}  // namespace

std::optional<core::Finding> transport_finding(const probe::Transcript& t) {
  switch (t.error) {
    case TransportError::DnsFailure: {
      auto f = make(FindingId::DnsFailure, fmt::format("{} does not resolve: {}", t.target, t.error_text), t);
      f.fixes = {fmt::format("getent hosts {}", t.target.substr(0, t.target.rfind(':'))),
                 "Check the name, or use --connect-to HOST:PORT to reach it by address"};
      return f;
    }
    case TransportError::Refused:
    case TransportError::Unreachable: {
      auto f = make(FindingId::ConnectionRefused,
                    fmt::format("{} refused the connection ({})", t.address.empty() ? t.target : t.address, t.error_text), t);
      f.fixes = {"Is the service running and listening on this port? ss -ltnp on the server",
                 "A firewall that rejects (rather than drops) looks the same"};
      return f;
    }
    case TransportError::Timeout: {
      const bool connecting = t.stopped_at == probe::Stage::Connect;
      auto f = make(FindingId::ConnectionTimeout,
                    connecting ? fmt::format("no TCP connection to {} ({})", t.address, t.error_text)
                               : fmt::format("connected, but the server went silent during the {} ({})",
                                             to_string(t.stopped_at), t.error_text),
                    t);
      f.fixes = {connecting ? "A firewall dropping packets, or the wrong address: check routes and security groups"
                            : "Is it a TLS port? A server that waits for the client to speak another protocol stays silent"};
      return f;
    }
    case TransportError::NotTls: {
      auto f = make(FindingId::NotTls, fmt::format("{} answered the ClientHello with something that is not TLS", t.target), t);
      f.fixes = {fmt::format("curl -v http://{}/   # a plain HTTP port?", t.target),
                 "Use the TLS port, or --starttls for protocols that upgrade"};
      return f;
    }
    default: break;
  }
  const auto* alert = t.first_alert(probe::Direction::Received);
  if (!t.handshake_done && !t.certificate_requested && alert) {
    if (alert->code == 70) {
      auto f = make(FindingId::ProtocolVersionMismatch, "the server refused every TLS version offered (alert protocol_version)", t);
      f.fixes = {"openssl s_client -connect HOST:PORT -tls1_2   # and -tls1_3: which one does it speak?"};
      return f;
    }
    if (alert->code == 112) {
      auto f = make(FindingId::SniRequired, "the server does not know the name sent in SNI (alert unrecognized_name)", t);
      f.fixes = {"Pass the name the server expects: --servername NAME"};
      return f;
    }
    if (alert->code == 40 || alert->code == 71) {
      auto f = make(FindingId::NoSharedCipher,
                    fmt::format("the server ended the handshake at the hello ({}): no cipher suite, group or signature "
                                "algorithm in common",
                                alert->name),
                    t);
      f.fixes = {"openssl s_client -connect HOST:PORT -cipher 'ALL:@SECLEVEL=0'   # does anything work?",
                 "Compare the server's cipher list with the client's"};
      return f;
    }
  }
  if (!t.handshake_done && !t.certificate_requested && t.alerts.empty() &&
      (t.error == TransportError::Closed || t.error == TransportError::Reset) &&
      std::none_of(t.events.begin(), t.events.end(), [](const probe::Event& e) { return e.direction == probe::Direction::Received; })) {
    auto f = make(FindingId::ConnectionReset,
                  fmt::format("the server closed the connection without answering the ClientHello ({})", t.error_text), t);
    f.fixes = {"Is it a TLS port? Does the server require SNI (--servername) or a TLS version the client lacks?"};
    return f;
  }
  return std::nullopt;
}

}  // namespace mtlsdoctor::diagnose::detail
