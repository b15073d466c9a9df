// Nothing certificate-related happened: the network or the negotiation failed.
#include <fmt/format.h>

#include <algorithm>

#include "context.h"
#include "mtlsdoctor/core/shell_quote.h"
#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::diagnose::detail {

using core::FindingId;
using probe::TransportError;

namespace {

bool before_tls(FindingId id) {
  switch (id) {
    case FindingId::NotTls:
    case FindingId::DnsFailure:
    case FindingId::ConnectionRefused:
    case FindingId::ConnectionTimeout:
    case FindingId::ConnectionReset:
    case FindingId::SourceAddressUnusable:
    case FindingId::StartTlsNotOffered:
    case FindingId::StartTlsRefused:
    case FindingId::UnexpectedProtocol: return true;
    default: return false;
  }
}

std::string_view protocol_name(probe::StartTls p) {
  return p == probe::StartTls::Smtp ? "SMTP" : "PostgreSQL";
}

core::Finding make(FindingId id, std::string message, const probe::Transcript& t) {
  auto f =
      core::Finding::make(id, before_tls(id) ? core::Subject::Transport : core::Subject::Handshake, std::move(message));
  f.evidence["stage"] = to_string(t.stopped_at);
  if (t.starttls != probe::StartTls::None) f.evidence["starttls"] = to_string(t.starttls);
  f.evidence["error"] = to_string(t.error);
  if (!t.error_text.empty()) f.evidence["detail"] = t.error_text;
  if (!t.address.empty()) f.evidence["address"] = t.address;
  f.evidence["elapsed_ms"] = static_cast<long>(t.total_ms);
  return f;
}

}  // namespace

std::optional<core::Finding> transport_finding(const probe::Transcript& t) {
  if (auto f = proxy_finding(t)) return f;
  switch (t.error) {
    case TransportError::DnsFailure: {
      auto f = make(FindingId::DnsFailure, fmt::format("{} does not resolve: {}", t.target, t.error_text), t);
      f.fixes = {fmt::format("getent hosts {}", t.target.substr(0, t.target.rfind(':'))),
                 fmt::format("Check the name, or reach it by address: {} ADDRESS:{}", core::hint(core::Hint::ConnectTo),
                             t.target.substr(t.target.rfind(':') + 1))};
      return f;
    }
    case TransportError::Refused:
    case TransportError::Unreachable: {
      auto f = make(
          FindingId::ConnectionRefused,
          fmt::format("{} refused the connection ({})", t.address.empty() ? t.target : t.address, t.error_text), t);
      f.fixes = {"Is the service running and listening on this port? ss -ltnp on the server",
                 "A firewall that rejects (rather than drops) looks the same"};
      return f;
    }
    case TransportError::LocalAddress: {
      auto f =
          make(FindingId::SourceAddressUnusable, fmt::format("nothing was sent to {}: {}", t.address, t.error_text), t);
      f.fixes = {"ip -brief address   # the addresses this machine has",
                 fmt::format("Give {} one of them, of the target's family (IPv4 for an IPv4 target), or leave it out",
                             core::hint(core::Hint::SourceAddress))};
      return f;
    }
    case TransportError::Timeout: {
      const bool connecting = t.stopped_at == probe::Stage::Connect;
      auto f = make(FindingId::ConnectionTimeout,
                    connecting ? fmt::format("no TCP connection to {} ({})", t.address, t.error_text)
                               : fmt::format("connected, but the server went silent during the {} ({})",
                                             to_string(t.stopped_at), t.error_text),
                    t);
      if (connecting) {
        f.fixes = {"A firewall dropping packets, or the wrong address: check routes and security groups"};
      } else if (t.stopped_at == probe::Stage::StartTls) {
        f.fixes = {t.starttls == probe::StartTls::Smtp
                       ? "An SMTP server greets first (220): is this an SMTP port (25, 587)? A TLS-first port (465) "
                         "waits for a ClientHello"
                       : "Is this a PostgreSQL port (5432)? A server that waits for something else stays silent",
                   fmt::format("Drop {} if the port speaks TLS from the first byte", core::hint(core::Hint::StartTls))};
      } else if (t.stopped_at == probe::Stage::Response && t.handshake_done) {
        // The TLS part is done (and, with a client certificate sent, it was accepted: a refusal
        // is an alert, never silence); what stays silent is the service behind it.
        const bool tickets = std::ranges::any_of(t.events, [](const probe::Event& e) {
          return e.kind == probe::EventKind::NewSessionTicket && e.direction == probe::Direction::Received;
        });
        const std::string request = [&] {
          for (const auto& e : t.events)
            if (e.kind == probe::EventKind::Request) return e.what;
          return std::string{"the request"};
        }();
        f.message = fmt::format("the TLS handshake completed{} ({}{}), but the service did not answer {} ({})",
                                t.client_certificates_sent > 0 ? " with the client certificate" : "", t.version,
                                t.alpn.empty() ? "" : ", ALPN " + t.alpn, request, t.error_text);
        if (tickets && t.client_certificates_sent > 0)
          f.message += "; the server sent session tickets after the client's Finished, so it accepted the certificate";
        f.evidence["handshake_completed"] = true;
        if (!t.alpn.empty()) f.evidence["alpn"] = t.alpn;
        if (t.alpn == "h2")
          f.fixes.push_back(fmt::format(
              "The server chose HTTP/2 (ALPN h2) and did not answer in it: retry with {} http/1.1; a server "
              "that offers h2 must speak it (openssl s_server -alpn h2 does not)",
              core::hint(core::Hint::Alpn)));
        f.fixes.push_back(fmt::format(
            "The service behind TLS is slow or hung: read its log; a longer {} shows whether it answers at all",
            core::hint(core::Hint::Timeout)));
      } else {
        f.fixes = {"Is it a TLS port? A server that waits for the client to speak another protocol stays silent"};
      }
      return f;
    }
    case TransportError::StartTlsNotOffered: {
      auto f = make(FindingId::StartTlsNotOffered, fmt::format("{} does not offer TLS: {}", t.target, t.error_text), t);
      f.fixes =
          t.starttls == probe::StartTls::Smtp
              ? std::vector<
                    std::string>{"Postfix: smtpd_tls_security_level = may, smtpd_tls_cert_file and smtpd_tls_key_file",
                                 "Exim: tls_advertise_hosts = * with tls_certificate and tls_privatekey"}
              : std::vector<std::string>{
                    "postgresql.conf: ssl = on, ssl_cert_file, ssl_key_file (and ssl_ca_file to ask for "
                    "client certificates), then SELECT pg_reload_conf();"};
      return f;
    }
    case TransportError::StartTlsRefused: {
      auto f = make(FindingId::StartTlsRefused, fmt::format("{} refused to start TLS: {}", t.target, t.error_text), t);
      f.fixes = {
          "454: the server has TLS configured but cannot use it now (an unreadable certificate or key): read its log",
          "A 554 greeting: the server refuses this client before any command (a block list or a rate limit)"};
      return f;
    }
    case TransportError::UnexpectedProtocol: {
      auto f = make(
          FindingId::UnexpectedProtocol,
          fmt::format("{} does not speak {} before TLS: {}", t.target, protocol_name(t.starttls), t.error_text), t);
      f.evidence["expected"] = to_string(t.starttls);
      f.fixes = {
          t.starttls == probe::StartTls::Smtp ? "Is this an SMTP port (25, 587)?" : "Is this a PostgreSQL port (5432)?",
          fmt::format("Drop {} if the port speaks TLS from the first byte", core::hint(core::Hint::StartTls))};
      return f;
    }
    case TransportError::TooLarge: {
      auto f =
          make(FindingId::ServerChainTooLarge,
               fmt::format("{}; OpenSSL clients accept 102,400 bytes of chain by default (SSL_CTX_set_max_cert_list) "
                           "and refuse more with \"excessive message size\"",
                           t.error_text),
               t);
      f.fixes = {
          fmt::format("openssl s_client -connect {} -showcerts </dev/null 2>/dev/null | grep -c 'BEGIN CERTIFICATE'   "
                      "# how many certificates it sends",
                      t.target),
          "Serve the leaf and its intermediates only: no root, no cross-signed or unrelated certificates"};
      return f;
    }
    case TransportError::NotTls: {
      const std::string_view first = t.first_bytes;
      const std::string what = first.starts_with("HTTP/")  ? " (a plain HTTP server)"
                               : first.starts_with("SSH-") ? " (an SSH server)"
                                                           : "";
      auto f = make(FindingId::NotTls,
                    first.empty() ? fmt::format("{} answered the ClientHello with something that is not TLS", t.target)
                                  : fmt::format("{} answered the ClientHello with something that is not TLS{}: \"{}\"",
                                                t.target, what, wire::escape_bytes(first, probe::kFirstBytesKept)),
                    t);
      if (!first.empty()) f.evidence["first_bytes"] = wire::escape_bytes(first, probe::kFirstBytesKept);
      f.fixes = {fmt::format("curl -v http://{}/   # a plain HTTP port?", t.target),
                 fmt::format("Use the TLS port, or {} for protocols that upgrade", core::hint(core::Hint::StartTls))};
      return f;
    }
    default: break;
  }
  const auto* alert = t.first_alert(probe::Direction::Received);
  if (!t.handshake_done && !t.certificate_requested && alert) {
    if (alert->code == 70) {
      auto f = make(FindingId::ProtocolVersionMismatch,
                    "the server refused every TLS version offered (alert protocol_version)", t);
      f.fixes = {fmt::format("openssl s_client -connect {} -tls1_2   # and -tls1_3: which one does it speak?",
                             core::shell_quote(t.address.empty() ? t.target : t.address))};
      return f;
    }
    if (alert->code == 112) {
      auto f =
          make(FindingId::SniRequired, "the server does not know the name sent in SNI (alert unrecognized_name)", t);
      f.fixes = {fmt::format("Pass the name the server expects: {} NAME", core::hint(core::Hint::Servername))};
      return f;
    }
    if (alert->code == 40 || alert->code == 71) {
      auto f = make(FindingId::NoSharedCipher,
                    fmt::format("the server ended the handshake at the hello ({}): no cipher suite, group or signature "
                                "algorithm in common",
                                alert->name),
                    t);
      f.fixes = {fmt::format("openssl s_client -connect {} -cipher 'ALL:@SECLEVEL=0'   # does anything work?",
                             core::shell_quote(t.address.empty() ? t.target : t.address)),
                 "Compare the server's cipher list with the client's"};
      return f;
    }
  }
  // Nothing came back but the close: the alert OpenSSL itself sends on the way out (decode_error
  // for a FIN mid-handshake) is no answer from the server.
  if (!t.handshake_done && !t.certificate_requested && !t.first_alert(probe::Direction::Received) &&
      (t.error == TransportError::Closed || t.error == TransportError::Reset) &&
      std::none_of(t.events.begin(), t.events.end(), [](const probe::Event& e) {
        return e.direction == probe::Direction::Received && e.stage != probe::Stage::StartTls;
      })) {
    auto f = make(FindingId::ConnectionReset,
                  fmt::format("the server closed the connection without answering the {} ({})",
                              t.stopped_at == probe::Stage::StartTls ? "clear-text exchange before TLS" : "ClientHello",
                              t.error_text),
                  t);
    f.fixes = {fmt::format("Is it a TLS port? Does the server require SNI ({}) or a TLS version the client lacks?",
                           core::hint(core::Hint::Servername))};
    return f;
  }
  return std::nullopt;
}

}  // namespace mtlsdoctor::diagnose::detail
