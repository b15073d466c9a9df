#include "values.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mtlsdoctor::policy::detail {

namespace {
char lower(char c) noexcept {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
}  // namespace

std::string prepare_dn_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(lower(c));
  }
  return out;
}

std::optional<std::string> normalise_hex(std::string_view value) {
  if (value.size() > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) value.remove_prefix(2);
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == ':' || c == ' ') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    if (out.empty() && c == '0') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (out.empty()) {
    if (std::none_of(value.begin(), value.end(), [](char c) { return c == '0'; })) return std::nullopt;
    out = "0";
  }
  return out;
}

std::string normalise_dns(std::string_view value) {
  if (!value.empty() && value.back() == '.') value.remove_suffix(1);
  std::string out(value);
  for (char& c : out) c = lower(c);
  return out;
}

std::string normalise_email(std::string_view value) {
  std::string out(value);
  const auto at = out.rfind('@');
  if (at == std::string::npos) return out;
  for (auto i = at + 1; i < out.size(); ++i) out[i] = lower(out[i]);
  return out;
}

int compare_hex(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool has_glob(std::string_view value) noexcept {
  return value.find_first_of("*?") != std::string_view::npos;
}

std::optional<std::string> pin_hex(std::string_view text) {
  if (text.size() == 44 && text.back() == '=') {
    unsigned char raw[33];
    if (EVP_DecodeBlock(raw, reinterpret_cast<const unsigned char*>(text.data()), 44) != 33) return std::nullopt;
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string hex;
    for (int i = 0; i < 32; ++i) {
      hex.push_back(digits[raw[i] >> 4]);
      hex.push_back(digits[raw[i] & 15]);
    }
    return normalise_hex(hex);
  }
  auto hex = normalise_hex(text);
  std::string digits_only;
  for (char c : text) {
    if (c != ':' && c != ' ') digits_only.push_back(c);
  }
  if (!hex || digits_only.size() != 64) return std::nullopt;
  return hex;
}

std::string normalise_text(Field field, std::string_view value) {
  switch (field) {
    case Field::Subject:
    case Field::Issuer: return prepare_dn_value(value);
    case Field::SanDns:
    case Field::Sni: return normalise_dns(value);
    case Field::SanEmail: return normalise_email(value);
    default: return std::string(value);
  }
}

std::string glob_to_regex(Field field, std::string_view glob) {
  const bool dns = field == Field::SanDns || field == Field::Sni;
  const bool uri = field == Field::SanUri;
  const bool uri_suffix = uri && glob.size() >= 2 && glob.substr(glob.size() - 2) == "/*";
  if (uri_suffix) glob.remove_suffix(1);
  const char* any = dns ? "[^.]*" : (uri ? "[^/]*" : ".*");
  const char* one = dns ? "[^.]" : (uri ? "[^/]" : ".");
  std::string out;
  for (char c : glob) {
    if (c == '*') {
      out += any;
    } else if (c == '?') {
      out += one;
    } else {
      out += RE2::QuoteMeta(std::string_view(&c, 1));
    }
  }
  if (uri_suffix) out += ".*";
  return out;
}

std::string to_string(const IpAddress& address) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace mtlsdoctor::policy::detail

namespace mtlsdoctor::policy {

IpAddress masked(const IpAddress& address, int prefix) noexcept {
  IpAddress out = address;
  const int total = address.v6 ? 128 : 32;
  for (int bit = std::max(prefix, 0); bit < total; ++bit) {
    out.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
  }
  return out;
}

std::optional<Network> parse_network(std::string_view text) {
  const auto slash = text.find('/');
  auto address = parse_ip(text.substr(0, slash));
  if (!address) return std::nullopt;
  // An IPv4-mapped address written as IPv6 with an IPv6 prefix would need the prefix shifted;
  // such networks are refused rather than guessed.
  const int total = address->v6 ? 128 : 32;
  Network net;
  net.prefix = total;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), net.prefix);
    if (ec != std::errc{} || end != digits.data() + digits.size() || net.prefix < 0 || net.prefix > total) {
      return std::nullopt;
    }
    if (!address->v6 && text.substr(0, slash).find(':') != std::string_view::npos) return std::nullopt;
  }
  net.base = masked(*address, net.prefix);
  net.host_bits_set = net.base.bytes != address->bytes;
  return net;
}

bool contains(const Network& net, const IpAddress& address) noexcept {
  return address.v6 == net.base.v6 && masked(address, net.prefix).bytes == net.base.bytes;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 64) return std::nullopt;
  const std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(std::begin(mapped), std::end(mapped), a.bytes.begin())) {
    std::copy(a.bytes.begin() + 12, a.bytes.end(), a.bytes.begin());
    std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
    return a;
  }
  a.v6 = true;
  return a;
}

}  // namespace mtlsdoctor::policy
