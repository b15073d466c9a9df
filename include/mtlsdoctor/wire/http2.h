// One HTTP/2 request and its answer (RFC 9113), for a connection whose ALPN chose h2: the client
// connection preface, SETTINGS and the request's HEADERS out; the server's frames in, read until
// the stream ends, into the same HttpResponse as HTTP/1.1 (so a 403 or 400 reads the same either
// way). nghttp2 frames and parses; no I/O here: the probe sends output() and feeds what it reads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::wire {

class Http2Exchange {
 public:
  // `head.host` is the :authority; the user's headers are sent lower-cased (RFC 9113 §8.2.1),
  // without the connection-specific ones HTTP/2 forbids (§8.2.2).
  explicit Http2Exchange(const HttpRequestHead& head);
  ~Http2Exchange();
  Http2Exchange(const Http2Exchange&) = delete;
  Http2Exchange& operator=(const Http2Exchange&) = delete;

  // What is to be sent now (the preface, SETTINGS and HEADERS first; then acknowledgements).
  [[nodiscard]] std::string take_output();
  // What the server sent, in any pieces: Complete once the stream ended (or the connection was
  // refused with GOAWAY or RST_STREAM: see error()), Malformed when it is not HTTP/2.
  Parse feed(std::string_view bytes);
  // The answer so far: :status, date, server, the body's first 2048 bytes.
  [[nodiscard]] const HttpResponse& response() const noexcept;
  // "GOAWAY PROTOCOL_ERROR", "RST_STREAM REFUSED_STREAM", nghttp2's words for bytes that are not
  // HTTP/2; empty when none.
  [[nodiscard]] const std::string& error() const noexcept;

  struct State;

 private:
  std::unique_ptr<State> m_state;
};

}  // namespace mtlsdoctor::wire
