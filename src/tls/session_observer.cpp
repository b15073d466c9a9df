#include "mtlsdoctor/tls/session_observer.h"

#include <algorithm>

namespace mtlsdoctor::tls {
namespace {

void message_callback(int write_p, int /*version*/, int content_type, const void* buf, size_t len, SSL* ssl,
                      void* arg) {
  static_cast<SessionObserver*>(arg)->on_message(ssl, write_p, content_type, static_cast<const unsigned char*>(buf),
                                                 len);
}

std::uint32_t be24(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
}

}  // namespace

std::size_t count_certificates(const unsigned char* body, std::size_t len, bool tls13) noexcept {
  std::size_t pos = 0;
  if (tls13) {  // certificate_request_context<0..2^8-1> first
    if (len < 1) return 0;
    pos = 1 + body[0];
  }
  if (pos + 3 > len) return 0;
  const std::size_t end = std::min(len, pos + 3 + be24(body + pos));
  pos += 3;
  std::size_t count = 0;
  while (pos + 3 <= end) {
    pos += 3 + be24(body + pos);
    if (tls13) {  // each CertificateEntry carries extensions<0..2^16-1>
      if (pos + 2 > end) break;
      pos += 2 + ((std::size_t{body[pos]} << 8) | body[pos + 1]);
    }
    if (pos > end) break;
    ++count;
  }
  return count;
}

void SessionObserver::attach(SSL* ssl) {
  SSL_set_msg_callback(ssl, message_callback);
  SSL_set_msg_callback_arg(ssl, this);
}

const Observed* SessionObserver::first_alert(Direction d) const noexcept {
  const auto it = std::find_if(m_records.begin(), m_records.end(),
                               [d](const Observed& o) { return o.kind == RecordKind::Alert && o.direction == d; });
  return it == m_records.end() ? nullptr : &*it;
}

void SessionObserver::on_message(const SSL* ssl, int write_p, int content_type, const unsigned char* buf,
                                 std::size_t len) {
  Observed o;
  o.direction = write_p ? Direction::Sent : Direction::Received;
  o.phase = SSL_is_init_finished(ssl) ? Phase::Established : Phase::Handshake;
  if (content_type == SSL3_RT_ALERT && len >= 2) {
    o.kind = RecordKind::Alert;
    o.level = buf[0] == SSL3_AL_FATAL ? AlertLevel::Fatal : AlertLevel::Warning;
    o.type = buf[1];
    o.at = m_clock.now();
    m_records.push_back(o);
    return;
  }
  // Record headers and inner content types come through here too; only messages count.
  if (content_type != SSL3_RT_HANDSHAKE || len < 4) return;
  o.kind = RecordKind::Handshake;
  o.type = buf[0];
  o.length = len;
  if (!write_p) m_handshake_bytes_received += len;
  if (o.type == SSL3_MT_CERTIFICATE)
    o.certificates = count_certificates(buf + 4, len - 4, SSL_version(ssl) == TLS1_3_VERSION);
  o.at = m_clock.now();
  m_records.push_back(o);
}

}  // namespace mtlsdoctor::tls
