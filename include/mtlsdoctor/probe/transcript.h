// What happened on the wire, in order: the evidence every live verdict rests on. Plain data
// (DER and typed fields) that can be stored and read back; the one exception, OpenSSL's decoded
// server chain, rides beside it as an optional cache.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "mtlsdoctor/core/direction.h"
#include "mtlsdoctor/tls/names.h"
#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/wire/postgres.h"
#include "mtlsdoctor/wire/smtp.h"
#include "mtlsdoctor/wire/starttls.h"

namespace mtlsdoctor::tls {
struct DecodedChain;
}

namespace mtlsdoctor::probe {

using core::Direction;
using core::to_string;

// A protocol that speaks in clear text before TLS (--starttls): PostgreSQL's SSLRequest,
// SMTP's STARTTLS (RFC 3207).
using wire::StartTls;
using wire::to_string;

// Where the exchange stopped, or that it did not.
// Proxy: the exchange with the proxy (--proxy: TLS to an https:// proxy, CONNECT or SOCKS5)
// before anything reaches the target.
enum class Stage { Resolve, Connect, Proxy, StartTls, Handshake, Request, Response, Done };
[[nodiscard]] std::string_view to_string(Stage s) noexcept;

enum class TransportError {
  None,
  DnsFailure,
  Refused,
  Unreachable,
  Timeout,
  Reset,
  Closed,    // EOF without an alert
  NotTls,    // the peer answered with something that is not a TLS record
  TlsError,  // a TLS-level failure (see `tls_error`)
  // --starttls, before TLS: the server speaks the protocol but
  StartTlsNotOffered,  // does not offer TLS (PostgreSQL 'N', no STARTTLS in the EHLO reply)
  StartTlsRefused,     // refused the STARTTLS command (SMTP 454)
  UnexpectedProtocol,  // the peer does not speak the protocol (garbage, a TLS port, an oversized line)
  TooLarge,            // the server's handshake went past the probe's bound (max_handshake_bytes)
  LocalAddress,        // the source address cannot be used (another family, not assigned here)
  // --proxy: the proxy answered CONNECT with an error status (`proxy_status`), or not in HTTP.
  ProxyRefused,
  ProxyNotHttp,
  ProxyAuthRejected,  // socks5: no acceptable authentication method, or the password refused (RFC 1929)
  ProxyNotSocks,      // socks5: the answer is not SOCKS5
  ProxyTls,           // https: the TLS handshake with the proxy failed (its certificate, or not TLS)
};
[[nodiscard]] std::string_view to_string(TransportError e) noexcept;

struct Alert {
  Direction direction = Direction::Received;
  bool fatal = true;
  int code = 0;                  // RFC 8446 §6 / RFC 5246 §7.2 AlertDescription
  std::string name;              // "unknown_ca"
  bool after_handshake = false;  // the client had finished its handshake (TLS 1.3 rejections)
  double at_ms = 0;
};

// What an event is. The handshake messages are RFC 8446 §4 / RFC 5246 §7.4 HandshakeTypes.
enum class EventKind {
  HelloRequest,
  ClientHello,
  ServerHello,
  NewSessionTicket,
  EndOfEarlyData,
  EncryptedExtensions,
  Certificate,
  ServerKeyExchange,
  CertificateRequest,
  ServerHelloDone,
  CertificateVerify,
  ClientKeyExchange,
  Finished,
  CertificateStatus,
  KeyUpdate,
  OtherHandshakeMessage,  // a HandshakeType none of the above
  Alert,
  HandshakeComplete,
  StartTls,       // a step of the clear-text exchange before TLS (--starttls)
  Proxy,          // the exchange with the proxy (--proxy): TLS to it, CONNECT or SOCKS5, its answers
  Request,        // the first exchange after the handshake, as sent
  RequestFailed,  // it could not be sent: the connection failed
  Response,       // the service's answer: an HTTP status, an SMTP reply, a PostgreSQL message
  NotUnderstood,  // an answer that is not the protocol spoken
};
[[nodiscard]] std::string_view to_string(EventKind k) noexcept;
// The kind of a handshake message of this HandshakeType.
[[nodiscard]] EventKind handshake_event_kind(int type) noexcept;

// Typed details, by kind.
struct HandshakeDetail {                    // the handshake kinds
  int type = 0;                             // HandshakeType
  std::optional<std::size_t> certificates;  // Certificate: how many (0: an empty message)
};
struct AlertDetail {  // Alert
  tls::AlertLevel level = tls::AlertLevel::Fatal;
  int code = 0;  // AlertDescription
};
struct SessionDetail {  // HandshakeComplete
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string alpn;  // the protocol the server chose, empty: none
};
struct HttpStatusDetail {  // Response to HTTP
  int status = 0;
  std::string reason;
};
struct SmtpReplyDetail {  // Response to SMTP
  int code = 0;
  std::string line;  // the first line, previewed
};
struct TextDetail {  // StartTls, Request, Response (PostgreSQL), NotUnderstood
  std::string text;
};
using EventDetail = std::variant<std::monostate, HandshakeDetail, AlertDetail, SessionDetail, HttpStatusDetail,
                                 SmtpReplyDetail, TextDetail>;

struct Event {
  double at_ms = 0;
  Direction direction = Direction::Sent;
  Stage stage = Stage::Handshake;  // the phase it belongs to
  // describe(kind, detail), made once: "ClientHello", "Certificate (2 certificates)",
  // "alert fatal unknown_ca (48)", … (the text and JSON outputs show it as it is).
  std::string what;
  EventKind kind = EventKind::OtherHandshakeMessage;
  EventDetail detail;
};

// The text of an event of this kind with these details.
[[nodiscard]] std::string describe(EventKind kind, const EventDetail& detail);
// An event at `at_ms`, its `what` made by describe().
[[nodiscard]] Event make_event(double at_ms, Direction direction, Stage stage, EventKind kind, EventDetail detail);

using HttpResponse = wire::HttpResponse;
using PostgresError = wire::PostgresError;
using PostgresAnswer = wire::PostgresAnswer;
using SmtpReply = wire::SmtpReply;

inline constexpr std::size_t kFirstBytesKept = 64;

struct Transcript {
  std::string target;        // as given
  std::string address;       // the address connected to (the proxy's, through a proxy)
  std::string proxy;         // --proxy: "host:port" of the proxy (never its credentials); empty: none
  std::string proxy_scheme;  // "http", "https", "socks5", "socks5h"
  // http(s): the status of its answer to CONNECT (200: the tunnel opened); 0: none came.
  // socks5(h): the reply's REP (RFC 1928 §6; 0 succeeded), valid when proxy_reason is not empty.
  int proxy_status = 0;
  std::string proxy_reason;        // the HTTP reason phrase, or the REP's name
  bool target_unresolved = false;  // socks5://: the target's name, looked up here for the proxy, did not resolve
  double connect_ms = 0;
  double starttls_ms = 0;  // when the clear-text exchange let TLS start
  double handshake_ms = 0;
  double total_ms = 0;
  StartTls starttls = StartTls::None;

  bool handshake_done = false;
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string alpn;  // the ALPN protocol the server chose ("h2", "http/1.1"); empty: none
  std::vector<std::vector<std::uint8_t>> server_chain;  // DER, as sent
  // Not part of the record: the same chain as OpenSSL decoded it in the handshake, so that
  // checks need not decode it again (about a fifth of a probe's CPU). Null in a transcript made
  // by hand or read back from storage; then checks decode the DER. (mtlsdoctor/tls/peer.h)
  std::shared_ptr<const tls::DecodedChain> decoded_server_chain;

  bool certificate_requested = false;
  std::vector<std::string> acceptable_ca_names;                    // RFC 4514, from the CertificateRequest
  std::vector<std::vector<std::uint8_t>> acceptable_ca_names_der;  // the same names as sent (DER)
  bool ca_names_sent = false;                                      // the request carried a (possibly empty) list
  std::size_t client_certificates_sent = 0;                        // 0: an empty Certificate message (or none)
  bool client_certificate_message = false;

  std::vector<Alert> alerts;
  std::vector<Event> events;

  Stage stopped_at = Stage::Done;
  TransportError error = TransportError::None;
  std::string error_text;               // errno text or OpenSSL's reason
  std::vector<std::string> tls_errors;  // drained OpenSSL errors
  // not-tls: the first bytes the server sent where a TLS record was due (raw: "SSH-2.0-…",
  // "HTTP/1.1 400 …"; at most kFirstBytesKept + 1, the one more saying that more came); escape
  // (wire::escape_bytes, kFirstBytesKept) before showing.
  std::string first_bytes;

  std::optional<HttpResponse> http;
  std::optional<PostgresAnswer> postgres;  // --starttls postgres: the answer to the StartupMessage
  std::optional<SmtpReply> smtp;           // --starttls smtp: the reply to EHLO over TLS
  std::size_t bytes_received = 0;

  [[nodiscard]] const Alert* first_alert(Direction d) const noexcept;
};

}  // namespace mtlsdoctor::probe
