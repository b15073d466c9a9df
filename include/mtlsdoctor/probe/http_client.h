// A small blocking HTTP/1.1 client for requests of our own — the monitor's webhook POSTs, CRL
// and OCSP requests, diagnose's download of an issuer's certificate (AIA caIssuers) — over plain
// http, with one deadline for the whole exchange and a bound on what is read. Redirects are not
// followed here: an answer's Location is given to the caller, which decides.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::probe {

// Waits until `fd` is ready for `events` (poll) or `deadline` passes.
[[nodiscard]] bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline);

struct HttpUrl {
  std::string url;  // as written, for messages
  std::string host;
  std::uint16_t port = 80;
  std::string path = "/";
};

// http://HOST[:PORT][/PATH]; anything else (https://, ldap://) is an Unsupported error.
[[nodiscard]] core::Result<HttpUrl> parse_http_url(std::string_view text);

struct HttpAnswer {
  int status = 0;
  std::string location;  // the Location header, as sent (a redirect's target), empty when absent
  std::string body;
};

struct HttpBody {
  std::string_view content_type;  // "application/json", "application/ocsp-request"
  std::string_view bytes;
};

// `method` with `body` (none for a GET); the answer's body is read to at most `max_body` bytes
// (more is a Limit error). Errors name the URL.
[[nodiscard]] core::Result<HttpAnswer> http_request(const HttpUrl& url, std::string_view method, HttpBody body,
                                                    std::chrono::milliseconds timeout, std::size_t max_body);

}  // namespace mtlsdoctor::probe
