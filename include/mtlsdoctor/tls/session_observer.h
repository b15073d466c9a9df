// What went over one TLS connection, in both directions and for either role: every handshake
// message and every alert, stamped with the injected monotonic clock. Installed with
// SSL_set_msg_callback, so it sees what OpenSSL sends and receives, including the alert a
// server sends when it refuses a client certificate and the one a client receives for it.
#pragma once

#include <openssl/ssl.h>

#include <cstddef>
#include <optional>
#include <vector>

#include "mtlsdoctor/core/direction.h"
#include "mtlsdoctor/core/monotonic_clock.h"
#include "mtlsdoctor/tls/names.h"

namespace mtlsdoctor::tls {

using core::Direction;

enum class RecordKind { Handshake, Alert };
// Whether the handshake had finished on our side when a record went by (a TLS 1.3 server
// judges the client certificate after the client's Finished).
enum class Phase { Handshake, Established };

struct Observed {
  RecordKind kind = RecordKind::Handshake;
  Direction direction = Direction::Sent;
  core::MonoTime at{};
  int type = 0;                             // Handshake: HandshakeType (RFC 8446 §4); Alert: AlertDescription (§6)
  AlertLevel level = AlertLevel::Fatal;     // Alert only
  std::size_t length = 0;                   // Handshake: the whole message, its 4-byte header included
  std::optional<std::size_t> certificates;  // a Certificate message: how many it carries (0: empty)
  Phase phase = Phase::Handshake;
};

class SessionObserver {
 public:
  explicit SessionObserver(const core::MonotonicClock& clock) : m_clock(clock) {}
  // OpenSSL keeps a pointer to the observer: it neither copies nor moves.
  SessionObserver(const SessionObserver&) = delete;
  SessionObserver& operator=(const SessionObserver&) = delete;

  // Starts recording what `ssl` sends and receives. The observer must outlive ssl's I/O.
  void attach(SSL* ssl);

  // Everything seen so far, in order; callers remember how far they have read.
  [[nodiscard]] const std::vector<Observed>& records() const noexcept { return m_records; }
  [[nodiscard]] const Observed* first_alert(Direction d) const noexcept;
  // Bytes of handshake messages received (a bound on what a peer may send before Finished).
  [[nodiscard]] std::size_t handshake_bytes_received() const noexcept { return m_handshake_bytes_received; }

  // For OpenSSL's message callback.
  void on_message(const SSL* ssl, int write_p, int content_type, const unsigned char* buf, std::size_t len);

 private:
  const core::MonotonicClock& m_clock;
  std::vector<Observed> m_records;
  std::size_t m_handshake_bytes_received = 0;
};

// Number of certificates in a Certificate handshake message body (RFC 5246 §7.4.2, RFC 8446
// §4.4.2); what does not parse counts as far as it does.
[[nodiscard]] std::size_t count_certificates(const unsigned char* body, std::size_t len, bool tls13) noexcept;

}  // namespace mtlsdoctor::tls
