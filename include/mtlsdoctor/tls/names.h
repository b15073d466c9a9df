// The names the RFCs give to TLS alerts and handshake messages.
#pragma once

#include <string_view>

namespace mtlsdoctor::tls {

enum class AlertLevel { Warning = 1, Fatal = 2 };  // RFC 5246 §7.2 AlertLevel

// RFC 8446 §6 and RFC 5246 §7.2 AlertDescription names, as the RFCs spell them
// ("unknown_alert" for a code neither defines).
[[nodiscard]] std::string_view alert_name(int code) noexcept;
// RFC 8446 §4 and RFC 5246 §7.4 HandshakeType names ("HandshakeMessage" for others).
[[nodiscard]] std::string_view handshake_name(int type) noexcept;

}  // namespace mtlsdoctor::tls
