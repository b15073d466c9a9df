#include "mtlsdoctor/net/address.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>

namespace mtlsdoctor::net {

std::string format_address(const sockaddr* address, socklen_t length) {
  char host[NI_MAXHOST] = {};
  char serv[NI_MAXSERV] = {};
  getnameinfo(address, length, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
  return address->sa_family == AF_INET6 ? fmt::format("[{}]:{}", host, serv) : fmt::format("{}:{}", host, serv);
}

bool is_ip_literal(const std::string& host) noexcept {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace mtlsdoctor::net
