// A tunnel through a SOCKS5 proxy (RFC 1928), with username/password authentication (RFC 1929):
// the client's messages, and readers of the proxy's replies fed everything received so far.
// No I/O; the probe sends and reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::wire {

inline constexpr std::uint8_t kSocksNoAuthentication = 0x00;
inline constexpr std::uint8_t kSocksUsernamePassword = 0x02;
inline constexpr std::uint8_t kSocksNoAcceptableMethod = 0xff;

// RFC 1928 §3: version 5 and the methods offered (no authentication; username/password too when
// credentials were given).
[[nodiscard]] std::string socks5_greeting(bool with_password);
// RFC 1929 §2: version 1, then the username and the password, each 1 to 255 bytes.
[[nodiscard]] std::string socks5_password_request(std::string_view username, std::string_view password);
// RFC 1928 §4: CONNECT to a name (ATYP 3, resolved by the proxy: socks5h) ...
[[nodiscard]] std::string socks5_connect_name(std::string_view host, std::uint16_t port);
// ... or to an address resolved here (4 bytes: IPv4, ATYP 1; 16 bytes: IPv6, ATYP 4).
[[nodiscard]] std::string socks5_connect_address(std::string_view address_bytes, std::uint16_t port);

// A two-byte reply: the method chosen (§3: VER 5, METHOD) or the password verdict (RFC 1929 §2:
// VER 1, STATUS, 0 = success). Malformed when the version is not the one expected.
struct SocksByteReply {
  Parse status = Parse::Incomplete;
  std::uint8_t value = 0;  // the method, or the status
};
[[nodiscard]] SocksByteReply read_socks5_method(std::string_view bytes);
[[nodiscard]] SocksByteReply read_socks5_password_reply(std::string_view bytes);

// RFC 1928 §6: VER 5, REP, RSV, ATYP, BND.ADDR, BND.PORT. Malformed: another version, or an
// address type that is none of 1, 3, 4.
struct SocksReply {
  Parse status = Parse::Incomplete;
  std::uint8_t code = 0;   // REP: 0 succeeded
  std::size_t size = 0;    // bytes of the reply (Complete); what follows belongs to the tunnel
  std::size_t needed = 4;  // Incomplete: how many bytes in all are needed to go further
  std::string bound;       // BND.ADDR:BND.PORT, printable
};
[[nodiscard]] SocksReply read_socks5_reply(std::string_view bytes);

// RFC 1928 §6's name of a REP code ("connection refused"); "unassigned" past 8.
[[nodiscard]] std::string_view socks5_reply_text(std::uint8_t code);

}  // namespace mtlsdoctor::wire
