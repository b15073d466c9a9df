#include "mtlsdoctor/probe/http_client.h"

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/probe/target.h"

namespace mtlsdoctor::probe {
namespace {

using Clock = std::chrono::steady_clock;

core::Error failure(std::string message, const HttpUrl& url) {
  return core::Error{core::ErrorCategory::Io, std::move(message), url.url, {}};
}

core::Result<net::Fd> connect_to(const HttpUrl& url, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (const int rc = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return std::unexpected(failure(fmt::format("cannot resolve {}: {}", url.host, gai_strerror(rc)), url));
  net::Fd fd;
  std::string last_error = "no address";
  for (addrinfo* a = found; a && !fd; a = a->ai_next) {
    net::Fd s{::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol)};
    if (!s) continue;
    if (::connect(s.get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last_error = std::strerror(errno);
      continue;
    }
    if (!wait_for(s.get(), POLLOUT, deadline)) {
      last_error = "timed out";
      continue;
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      last_error = std::strerror(err);
      continue;
    }
    fd = std::move(s);
  }
  ::freeaddrinfo(found);
  if (!fd) return std::unexpected(failure(fmt::format("cannot connect: {}", last_error), url));
  return fd;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of the first header field `name` (lower case) in `head`, without surrounding blanks.
std::string header_value(std::string_view head, std::string_view name) {
  std::size_t start = head.find("\r\n");
  while (start != std::string_view::npos) {
    start += 2;
    const auto end = head.find("\r\n", start);
    const auto line = head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && lower(line.substr(0, colon)) == name) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return std::string(value);
    }
    start = end;
  }
  return {};
}

}  // namespace

bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return false;
  }
}

core::Result<HttpUrl> parse_http_url(std::string_view text) {
  HttpUrl u;
  u.url = std::string(text);
  std::string_view rest = text;
  if (!rest.starts_with("http://"))
    return core::fail(core::ErrorCategory::Unsupported, "only http:// URLs are supported", u.url);
  rest.remove_prefix(7);
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) u.path = std::string(rest.substr(slash));
  // Without a port (a bare name, or a bracketed IPv6 literal), HTTP's 80.
  const bool has_port =
      authority.find(':') != std::string_view::npos && !(authority.starts_with('[') && authority.ends_with(']'));
  auto target = parse_target(has_port ? std::string(authority) : fmt::format("{}:80", authority));
  if (!target || authority.empty())
    return core::fail(core::ErrorCategory::Parse, "not http://HOST[:PORT][/PATH]", u.url);
  for (unsigned char c : u.path)
    if (c <= 0x20 || c == 0x7f)
      return core::fail(core::ErrorCategory::Parse, "the path holds a space or a control character", u.url);
  u.host = target->host;
  u.port = target->port;
  return u;
}

core::Result<HttpAnswer> http_request(const HttpUrl& url, std::string_view method, HttpBody body,
                                      std::chrono::milliseconds timeout, std::size_t max_body) {
  const auto deadline = Clock::now() + timeout;
  auto fd = connect_to(url, deadline);
  if (!fd) return std::unexpected(fd.error());
  const std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  std::string request = fmt::format("{} {} HTTP/1.1\r\nHost: {}:{}\r\nUser-Agent: mtls-doctor\r\nConnection: close\r\n",
                                    method, url.path, host, url.port);
  if (!body.content_type.empty())
    request += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", body.content_type, body.bytes.size());
  request += "\r\n";
  request += body.bytes;
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(fd->get(), POLLOUT, deadline)) return std::unexpected(failure("timed out sending", url));
    const auto n = ::send(fd->get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      return std::unexpected(failure(fmt::format("send: {}", std::strerror(errno)), url));
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  // Read to the end (Connection: close), bounded: headers up to 64 KiB, the body to max_body.
  std::string answer;
  const std::size_t bound = max_body + 64 * 1024;
  for (;;) {
    if (!wait_for(fd->get(), POLLIN, deadline))
      return std::unexpected(failure("timed out waiting for the answer", url));
    char buf[16384];
    const auto n = ::recv(fd->get(), buf, sizeof buf, 0);
    if (n == 0) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      return std::unexpected(failure(fmt::format("recv: {}", std::strerror(errno)), url));
    if (n > 0) answer.append(buf, static_cast<std::size_t>(n));
    if (answer.size() > bound)
      return core::fail(core::ErrorCategory::Limit, fmt::format("the answer is larger than {} bytes", bound), url.url);
  }
  // "HTTP/1.1 200 OK\r\n…\r\n\r\nbody"
  const auto space = answer.find(' ');
  const auto head_end = answer.find("\r\n\r\n");
  HttpAnswer out;
  if (!answer.starts_with("HTTP/") || space == std::string::npos || answer.size() < space + 4 ||
      std::from_chars(answer.data() + space + 1, answer.data() + space + 4, out.status).ec != std::errc{})
    return std::unexpected(failure("the server did not answer HTTP", url));
  if (head_end != std::string::npos) {
    const std::string head = answer.substr(0, head_end);
    if (lower(header_value(head, "transfer-encoding")).find("chunked") != std::string::npos)
      return core::fail(core::ErrorCategory::Unsupported, "chunked answers are not supported", url.url);
    out.location = header_value(head, "location");
    out.body = answer.substr(head_end + 4);
  }
  if (out.body.size() > max_body)
    return core::fail(core::ErrorCategory::Limit, fmt::format("the answer is larger than {} bytes", max_body), url.url);
  return out;
}

}  // namespace mtlsdoctor::probe
