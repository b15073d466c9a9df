// What happened on the wire, in order: the evidence every live verdict rests on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::probe {

enum class Direction { Sent, Received };
[[nodiscard]] std::string_view to_string(Direction d) noexcept;

// A protocol that speaks in clear text before TLS (--starttls): PostgreSQL's SSLRequest,
// SMTP's STARTTLS (RFC 3207).
enum class StartTls { None, Postgres, Smtp };
[[nodiscard]] std::string_view to_string(StartTls p) noexcept;

// Where the exchange stopped, or that it did not.
enum class Stage { Resolve, Connect, StartTls, Handshake, Request, Response, Done };
[[nodiscard]] std::string_view to_string(Stage s) noexcept;

enum class TransportError {
  None,
  DnsFailure,
  Refused,
  Unreachable,
  Timeout,
  Reset,
  Closed,  // EOF without an alert
  NotTls,  // the peer answered with something that is not a TLS record
  TlsError,  // a TLS-level failure (see `tls_error`)
  // --starttls, before TLS: the server speaks the protocol but
  StartTlsNotOffered,  // does not offer TLS (PostgreSQL 'N', no STARTTLS in the EHLO reply)
  StartTlsRefused,     // refused the STARTTLS command (SMTP 454)
  UnexpectedProtocol,  // the peer does not speak the protocol (garbage, a TLS port, an oversized line)
  TooLarge,            // the server's handshake went past the probe's bound (max_handshake_bytes)
};
[[nodiscard]] std::string_view to_string(TransportError e) noexcept;

struct Alert {
  Direction direction = Direction::Received;
  bool fatal = true;
  int code = 0;            // RFC 8446 §6 / RFC 5246 §7.2 AlertDescription
  std::string name;        // "unknown_ca"
  bool after_handshake = false;  // the client had finished its handshake (TLS 1.3 rejections)
  double at_ms = 0;
};

struct Event {
  double at_ms = 0;
  Direction direction = Direction::Sent;
  Stage stage = Stage::Handshake;  // the phase it belongs to
  std::string what;  // "ClientHello", "Certificate (2 certificates)", "alert fatal unknown_ca (48)", …
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::optional<std::string> date;  // the Date header
  std::string server;               // the Server header
  std::string body;                 // first bytes only
};

// The fields of a PostgreSQL ErrorResponse ("Error and Notice Message Fields", protocol 3.0).
struct PostgresError {
  std::string severity;  // V (never localized), else S: "FATAL"
  std::string sqlstate;  // C: "28000"
  std::string message;   // M
  std::string detail;    // D
  std::string hint;      // H
};

// What a PostgreSQL server answered our StartupMessage with, up to the first decisive message.
struct PostgresAnswer {
  std::string user;                    // what the StartupMessage asked for
  std::string database;
  std::optional<int> authentication;   // R: 0 AuthenticationOk, 3 cleartext, 5 MD5, 10 SASL, …
  std::string sasl_mechanisms;         // with R 10: "SCRAM-SHA-256"
  bool ready = false;                  // Z: ReadyForQuery
  std::optional<PostgresError> error;  // E
  bool malformed = false;              // bytes that are not PostgreSQL backend messages
};

// One SMTP reply (RFC 5321 §4.2): the code and the text of each line.
struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;
};

struct Transcript {
  std::string target;              // as given
  std::string address;             // the address connected to
  double connect_ms = 0;
  double starttls_ms = 0;           // when the clear-text exchange let TLS start
  double handshake_ms = 0;
  double total_ms = 0;
  StartTls starttls = StartTls::None;

  bool handshake_done = false;
  std::string version;             // "TLSv1.3"
  std::string cipher;
  std::vector<std::vector<std::uint8_t>> server_chain;  // DER, as sent
  // The same chain as OpenSSL decoded it in the handshake, so that checks need not decode it
  // again; empty for a transcript made by hand (then they decode the DER).
  std::vector<ossl::SharedX509> server_chain_decoded;

  bool certificate_requested = false;
  std::vector<std::string> acceptable_ca_names;  // RFC 4514, from the CertificateRequest
  bool ca_names_sent = false;                    // the request carried a (possibly empty) list
  std::size_t client_certificates_sent = 0;      // 0: an empty Certificate message (or none)
  bool client_certificate_message = false;

  std::vector<Alert> alerts;
  std::vector<Event> events;

  Stage stopped_at = Stage::Done;
  TransportError error = TransportError::None;
  std::string error_text;          // errno text or OpenSSL's reason
  std::vector<std::string> tls_errors;  // drained OpenSSL errors

  std::optional<HttpResponse> http;
  std::optional<PostgresAnswer> postgres;  // --starttls postgres: the answer to the StartupMessage
  std::optional<SmtpReply> smtp;           // --starttls smtp: the reply to EHLO over TLS
  std::size_t bytes_received = 0;

  [[nodiscard]] const Alert* first_alert(Direction d) const noexcept;
};

}  // namespace mtlsdoctor::probe
