// HTTP/1.x as pure codecs (RFC 9112): the response a client reads (status line and the headers
// diagnose uses) and the request a server reads (request line and headers, incrementally, every
// size bounded). No I/O: bytes in, values out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::wire {

// ---- The response (client side) ----
struct HttpResponse {
  int status = 0;
  std::string reason;
  std::optional<std::string> date;  // the Date header
  std::string server;               // the Server header
  std::string body;                 // first bytes only
};

// The status line, Date and Server headers, and the body's first 2048 bytes; nullopt when the
// bytes do not start with "HTTP/".
[[nodiscard]] std::optional<HttpResponse> parse_http_response(std::string_view bytes);

// ---- Fields ----
struct HttpHeader {
  std::string name;   // as sent; compare case-insensitively (RFC 9110 §5.1)
  std::string value;  // without surrounding whitespace
};

// A token (RFC 9110 §5.6.2): a method or a field name.
[[nodiscard]] bool is_http_token(std::string_view s) noexcept;
// Equal ignoring ASCII case, as field names compare.
[[nodiscard]] bool http_iequals(std::string_view a, std::string_view b) noexcept;

// ---- The request (client side) ----
struct HttpRequestHead {
  std::string method = "GET";
  std::string target = "/";
  std::string host;                 // the Host header, unless `headers` names one
  std::vector<HttpHeader> headers;  // the user's, sent in order (from parse_header_field)
};

// "Name: value" as a user writes it (curl's -H): a usage error when the name is not a token,
// the value holds CR, LF, NUL or another control character (header injection), or the field is
// one the probe must set itself (Connection, Content-Length, Transfer-Encoding: no body is sent
// and the answer ends with the close).
[[nodiscard]] core::Result<HttpHeader> parse_header_field(std::string_view field);
// The method, checked: a token (GET, POST, PROPFIND, …).
[[nodiscard]] core::Result<std::string> parse_method(std::string_view method);

// The request bytes: request line, Host, User-Agent and Accept unless given, the user's
// headers, Content-Length: 0 for the methods that carry a body, and Connection: close.
[[nodiscard]] std::string format_http_request(const HttpRequestHead& head);

// ---- A tunnel through an HTTP proxy (RFC 9110 §9.3.6) ----
// "CONNECT host:port HTTP/1.1", its Host, and Proxy-Authorization when given ("Basic …").
[[nodiscard]] std::string format_connect_request(std::string_view authority, std::string_view proxy_authorization);

struct ConnectAnswer {
  Parse status = Parse::Incomplete;  // Complete once the head's empty line is read
  int code = 0;                      // 2xx: the tunnel is open
  std::string reason;
  std::size_t head_bytes = 0;  // bytes of the head; what follows belongs to the tunnel
};

// The proxy's answer to CONNECT, fed everything received so far: Malformed when it does not
// start as an HTTP/1 status line or the head grows past `max_head` bytes.
[[nodiscard]] ConnectAnswer read_connect_answer(std::string_view bytes, std::size_t max_head = 16 * 1024);

// ---- A response a proxy relays (RFC 9112 §6) ----
struct HttpResponseHead {
  Parse status = Parse::Incomplete;  // Complete once the head's empty line is read
  int code = 0;
  int minor_version = 1;  // HTTP/1.<minor>
  std::string reason;
  std::vector<HttpHeader> headers;
  std::size_t head_bytes = 0;  // bytes of the head; the body follows

  // The first header called `name` (case-insensitive), or null.
  [[nodiscard]] const std::string* header(std::string_view name) const noexcept;
};

// The response head, fed everything received so far: Malformed when it does not start as an
// HTTP/1 status line, a header line has no colon or a bad name, or the head grows past `max_head`.
[[nodiscard]] HttpResponseHead read_http_response_head(std::string_view bytes, std::size_t max_head = 64 * 1024);

// How the body of a response ends (RFC 9112 §6.3).
enum class BodyEnd {
  None,     // no body: 1xx, 204, 304, or the answer to HEAD
  Length,   // Content-Length bytes
  Chunked,  // Transfer-Encoding ending in chunked: the zero-size chunk and the trailers
  Close,    // neither: the body ends when the server closes
};
struct ResponseFraming {
  BodyEnd end = BodyEnd::Close;
  std::size_t length = 0;  // Length: the Content-Length
};
// The framing of `head`, answering a request of `method`; nullopt when it cannot be known
// safely (Content-Length not a number, or several that differ): a proxy must not relay it.
[[nodiscard]] std::optional<ResponseFraming> response_framing(const HttpResponseHead& head, std::string_view method);

// Where a chunked body ends, fed the body's bytes in pieces cut anywhere (sizes, extensions and
// trailers bounded). It only finds the end; the bytes themselves are relayed as they are.
class ChunkedBodyEnd {
 public:
  // How many of `bytes` belong to the body: all of them until the end is found inside.
  std::size_t feed(std::string_view bytes);
  // Complete after the last chunk's trailers; Malformed on a bad size line or chunk end.
  [[nodiscard]] Parse status() const noexcept { return m_status; }

 private:
  enum class State { Size, Data, DataEnd, Trailer };
  State m_state = State::Size;
  Parse m_status = Parse::Incomplete;
  std::size_t m_left = 0;      // Data: bytes of the chunk still to come
  std::size_t m_line = 0;      // bytes of the current size or trailer line so far
  bool m_size_digits = false;  // Size: a hex digit was read
  bool m_size_done = false;    // Size: past the digits (an extension or whitespace)
  bool m_cr = false;           // the line's CR was read
  std::size_t m_trailer_bytes = 0;
};

// ---- The request (server side) ----

struct HttpRequest {
  std::string method;     // "GET"
  std::string target;     // "/path?query", "*", or an absolute form
  int minor_version = 1;  // HTTP/1.<minor>
  std::vector<HttpHeader> headers;

  // The first header called `name` (case-insensitive), or null.
  [[nodiscard]] const std::string* header(std::string_view name) const noexcept;
};

struct HttpRequestLimits {
  std::size_t max_request_line = 8 * 1024;   // longer: 414 URI Too Long
  std::size_t max_header_bytes = 32 * 1024;  // all header lines together; more: 431
  std::size_t max_headers = 100;             // more: 431
};

// Why a request cannot be served, each with the status a server answers it with.
enum class HttpRequestError {
  None,
  BadRequestLine,       // 400: not "method SP target SP HTTP/x.y"
  BadHeader,            // 400: no colon, space before the colon, a bad name, obsolete line folding
  MissingHost,          // 400: HTTP/1.1 without exactly one Host (RFC 9112 §3.2)
  RequestLineTooLong,   // 414
  HeadersTooLarge,      // 431: too many bytes or too many fields
  VersionNotSupported,  // 505: HTTP/2.0 and beyond in an HTTP/1 request line
};
[[nodiscard]] std::string_view to_string(HttpRequestError e) noexcept;
[[nodiscard]] int status_for(HttpRequestError e) noexcept;

// An HTTP/1.x request head fed in pieces, cut anywhere. One state per part of the head.
class HttpRequestParser {
 public:
  explicit HttpRequestParser(HttpRequestLimits limits = {}) : m_limits(limits) {}

  // What arrived since the last call. Complete once the empty line after the headers is read;
  // bytes after it (a body, a pipelined request) are kept in remainder(). After Complete or
  // Malformed, further input is ignored and the same answer is repeated.
  Parse feed(std::string_view bytes);

  [[nodiscard]] const HttpRequest& request() const noexcept { return m_request; }
  [[nodiscard]] HttpRequestError error() const noexcept { return m_error; }
  [[nodiscard]] std::string_view remainder() const noexcept;

 private:
  enum class State { RequestLine, Headers, Done, Failed };

  Parse request_line(std::string_view line);
  Parse header_line(std::string_view line);
  Parse fail(HttpRequestError e);
  [[nodiscard]] std::size_t line_limit() const noexcept;

  HttpRequestLimits m_limits;
  State m_state = State::RequestLine;
  HttpRequest m_request;
  HttpRequestError m_error = HttpRequestError::None;
  std::string m_buffer;       // bytes not yet taken as lines
  std::size_t m_scanned = 0;  // how far m_buffer was searched for a line end already
  std::size_t m_header_bytes = 0;
};

}  // namespace mtlsdoctor::wire
