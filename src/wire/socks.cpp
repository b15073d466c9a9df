// SOCKS5 (RFC 1928) and its username/password authentication (RFC 1929), without I/O.
#include "mtlsdoctor/wire/socks.h"

#include <fmt/format.h>

namespace mtlsdoctor::wire {
namespace {

std::string port_bytes(std::uint16_t port) {
  return {static_cast<char>(port >> 8), static_cast<char>(port & 0xff)};
}

std::uint8_t byte(std::string_view bytes, std::size_t i) {
  return static_cast<std::uint8_t>(bytes[i]);
}

SocksByteReply two_bytes(std::string_view bytes, std::uint8_t version) {
  if (bytes.empty()) return {};
  if (byte(bytes, 0) != version) return {Parse::Malformed, 0};
  if (bytes.size() < 2) return {};
  return {Parse::Complete, byte(bytes, 1)};
}

}  // namespace

std::string socks5_greeting(bool with_password) {
  if (with_password)
    return {0x05, 0x02, static_cast<char>(kSocksNoAuthentication), static_cast<char>(kSocksUsernamePassword)};
  return {0x05, 0x01, static_cast<char>(kSocksNoAuthentication)};
}

std::string socks5_password_request(std::string_view username, std::string_view password) {
  std::string out{0x01, static_cast<char>(username.size() & 0xff)};
  out += username.substr(0, 255);
  out += static_cast<char>(password.size() & 0xff);
  out += password.substr(0, 255);
  return out;
}

std::string socks5_connect_name(std::string_view host, std::uint16_t port) {
  std::string out{0x05, 0x01, 0x00, 0x03, static_cast<char>(host.size() & 0xff)};
  out += host.substr(0, 255);
  return out + port_bytes(port);
}

std::string socks5_connect_address(std::string_view address_bytes, std::uint16_t port) {
  std::string out{0x05, 0x01, 0x00, address_bytes.size() == 16 ? '\x04' : '\x01'};
  out += address_bytes;
  return out + port_bytes(port);
}

SocksByteReply read_socks5_method(std::string_view bytes) {
  return two_bytes(bytes, 0x05);
}

SocksByteReply read_socks5_password_reply(std::string_view bytes) {
  return two_bytes(bytes, 0x01);
}

SocksReply read_socks5_reply(std::string_view bytes) {
  SocksReply r;
  if (!bytes.empty() && byte(bytes, 0) != 0x05) {
    r.status = Parse::Malformed;
    return r;
  }
  if (bytes.size() < 5) {
    r.needed = 5;
    return r;
  }
  r.code = byte(bytes, 1);
  std::size_t address = 0;
  switch (byte(bytes, 3)) {
    case 0x01: address = 4; break;
    case 0x04: address = 16; break;
    case 0x03: address = 1 + byte(bytes, 4); break;
    default: r.status = Parse::Malformed; return r;
  }
  r.needed = 4 + address + 2;
  if (bytes.size() < r.needed) return r;
  r.size = r.needed;
  const std::string_view addr = bytes.substr(4, address);
  const unsigned port = (static_cast<unsigned>(byte(bytes, 4 + address)) << 8) | byte(bytes, 5 + address);
  switch (byte(bytes, 3)) {
    case 0x01:
      r.bound = fmt::format("{}.{}.{}.{}:{}", byte(addr, 0), byte(addr, 1), byte(addr, 2), byte(addr, 3), port);
      break;
    case 0x04: {
      std::string hex;
      for (std::size_t i = 0; i < 16; i += 2)
        hex += fmt::format("{}{:x}", i ? ":" : "", (byte(addr, i) << 8) | byte(addr, i + 1));
      r.bound = fmt::format("[{}]:{}", hex, port);
      break;
    }
    default: r.bound = fmt::format("{}:{}", preview(addr.substr(1), 255), port); break;
  }
  r.status = Parse::Complete;
  return r;
}

std::string_view socks5_reply_text(std::uint8_t code) {
  switch (code) {
    case 0: return "succeeded";
    case 1: return "general SOCKS server failure";
    case 2: return "connection not allowed by ruleset";
    case 3: return "network unreachable";
    case 4: return "host unreachable";
    case 5: return "connection refused";
    case 6: return "TTL expired";
    case 7: return "command not supported";
    case 8: return "address type not supported";
    default: return "unassigned";
  }
}

}  // namespace mtlsdoctor::wire
