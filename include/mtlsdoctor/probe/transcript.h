// What happened on the wire, in order: the evidence every live verdict rests on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mtlsdoctor::probe {

enum class Direction { Sent, Received };
[[nodiscard]] std::string_view to_string(Direction d) noexcept;

// Where the exchange stopped, or that it did not.
enum class Stage { Resolve, Connect, Handshake, Request, Response, Done };
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
  std::string what;  // "ClientHello", "Certificate (2 certificates)", "alert fatal unknown_ca (48)", …
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::optional<std::string> date;  // the Date header
  std::string server;               // the Server header
  std::string body;                 // first bytes only
};

struct Transcript {
  std::string target;              // as given
  std::string address;             // the address connected to
  double connect_ms = 0;
  double handshake_ms = 0;
  double total_ms = 0;

  bool handshake_done = false;
  std::string version;             // "TLSv1.3"
  std::string cipher;
  std::vector<std::vector<std::uint8_t>> server_chain;  // DER, as sent

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
  std::size_t bytes_received = 0;

  [[nodiscard]] const Alert* first_alert(Direction d) const noexcept;
};

}  // namespace mtlsdoctor::probe
