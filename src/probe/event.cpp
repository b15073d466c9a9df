// Events: what they are (an enum and typed details) and the text they are shown with. The text
// is exactly what the probe has always written; outputs and scripts read it.
#include <fmt/format.h>

#include "mtlsdoctor/probe/transcript.h"
#include "mtlsdoctor/tls/names.h"

namespace mtlsdoctor::probe {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string handshake_text(const HandshakeDetail& h) {
  std::string what(tls::handshake_name(h.type));
  if (h.certificates) {
    const std::size_t n = *h.certificates;
    what += n == 0 ? " (empty: no certificate)" : fmt::format(" ({} certificate{})", n, n == 1 ? "" : "s");
  }
  return what;
}

}  // namespace

std::string_view to_string(EventKind k) noexcept {
  switch (k) {
    case EventKind::HelloRequest: return "hello-request";
    case EventKind::ClientHello: return "client-hello";
    case EventKind::ServerHello: return "server-hello";
    case EventKind::NewSessionTicket: return "new-session-ticket";
    case EventKind::EndOfEarlyData: return "end-of-early-data";
    case EventKind::EncryptedExtensions: return "encrypted-extensions";
    case EventKind::Certificate: return "certificate";
    case EventKind::ServerKeyExchange: return "server-key-exchange";
    case EventKind::CertificateRequest: return "certificate-request";
    case EventKind::ServerHelloDone: return "server-hello-done";
    case EventKind::CertificateVerify: return "certificate-verify";
    case EventKind::ClientKeyExchange: return "client-key-exchange";
    case EventKind::Finished: return "finished";
    case EventKind::CertificateStatus: return "certificate-status";
    case EventKind::KeyUpdate: return "key-update";
    case EventKind::OtherHandshakeMessage: return "handshake-message";
    case EventKind::Alert: return "alert";
    case EventKind::HandshakeComplete: return "handshake-complete";
    case EventKind::StartTls: return "starttls";
    case EventKind::Proxy: return "proxy";
    case EventKind::Request: return "request";
    case EventKind::RequestFailed: return "request-failed";
    case EventKind::Response: return "response";
    case EventKind::NotUnderstood: return "not-understood";
  }
  return "handshake-message";
}

EventKind handshake_event_kind(int type) noexcept {
  switch (type) {
    case 0: return EventKind::HelloRequest;
    case 1: return EventKind::ClientHello;
    case 2: return EventKind::ServerHello;
    case 4: return EventKind::NewSessionTicket;
    case 5: return EventKind::EndOfEarlyData;
    case 8: return EventKind::EncryptedExtensions;
    case 11: return EventKind::Certificate;
    case 12: return EventKind::ServerKeyExchange;
    case 13: return EventKind::CertificateRequest;
    case 14: return EventKind::ServerHelloDone;
    case 15: return EventKind::CertificateVerify;
    case 16: return EventKind::ClientKeyExchange;
    case 20: return EventKind::Finished;
    case 22: return EventKind::CertificateStatus;
    case 24: return EventKind::KeyUpdate;
    default: return EventKind::OtherHandshakeMessage;
  }
}

std::string describe(EventKind kind, const EventDetail& detail) {
  if (kind == EventKind::RequestFailed) return "request not sent: the connection failed";
  return std::visit(
      Overloaded{
          [](std::monostate) { return std::string(); },
          [](const HandshakeDetail& h) { return handshake_text(h); },
          [](const AlertDetail& a) {
            return fmt::format("alert {} {} ({})", a.level == tls::AlertLevel::Fatal ? "fatal" : "warning",
                               tls::alert_name(a.code), a.code);
          },
          [](const SessionDetail& s) {
            return s.alpn.empty() ? fmt::format("handshake complete: {} {}", s.version, s.cipher)
                                  : fmt::format("handshake complete: {} {}, ALPN {}", s.version, s.cipher, s.alpn);
          },
          [](const HttpStatusDetail& h) { return fmt::format("HTTP {} {}", h.status, h.reason); },
          [](const SmtpReplyDetail& r) { return fmt::format("{} {}", r.code, r.line); },
          [](const TextDetail& t) { return t.text; },
      },
      detail);
}

Event make_event(double at_ms, Direction direction, Stage stage, EventKind kind, EventDetail detail) {
  Event e{at_ms, direction, stage, describe(kind, detail), kind, std::move(detail)};
  return e;
}

}  // namespace mtlsdoctor::probe
