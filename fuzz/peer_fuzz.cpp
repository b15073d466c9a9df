// libFuzzer target for what a peer says around TLS: any bytes through wire's codecs (the HTTP
// response and request, the request target's query (monitor serve's /probe), PostgreSQL's backend
// messages and ErrorResponse, SMTP replies) and the STARTTLS dialogues, fed in pieces cut where the
// input says (the dialogues must not care where reads end), and a proxy's answers (HTTP CONNECT,
// SOCKS5's method, password and CONNECT replies), fed growing prefixes as the probe reads them,
// an HTTP/2 server's frames, and an upstream's response as `serve --upstream-http` relays it (the
// head, its framing, a chunked body's end, in pieces). These parse hostile servers' bytes, so a crash, a hang or an
// unbounded buffer here is a bug of `diagnose`.
//
// Input: byte 0 picks the parser, byte 1 the size of each piece; the rest is the peer's bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/wire/http2.h"
#include "mtlsdoctor/wire/http_query.h"
#include "mtlsdoctor/wire/postgres.h"
#include "mtlsdoctor/wire/smtp.h"
#include "mtlsdoctor/wire/socks.h"
#include "mtlsdoctor/wire/starttls.h"

namespace {

using namespace mtlsdoctor::wire;

// A request target: within its bounds, and nothing decoded to a control character.
void target(std::string_view bytes) {
  const auto t = parse_http_target(bytes);
  if (!t) return;
  if (t->query.size() > kMaxQueryFields) __builtin_trap();
  for (const auto& [name, value] : t->query)
    for (char c : name + value)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) __builtin_trap();
}

// A request head cut into pieces: it must end (Complete or Malformed) within its bounds.
void request(std::string_view bytes, std::size_t piece) {
  HttpRequestParser p;
  Parse last = Parse::Incomplete;
  for (std::size_t fed = 0; fed < bytes.size() && last == Parse::Incomplete; fed += piece) {
    last = p.feed(bytes.substr(fed, std::min(piece, bytes.size() - fed)));
  }
  if (last == Parse::Complete && p.request().method.empty()) __builtin_trap();
  if (last == Parse::Complete) target(p.request().target);
  if (last == Parse::Malformed && p.error() == HttpRequestError::None) __builtin_trap();
}

void dialogue(StartTls protocol, std::string_view bytes, std::size_t piece) {
  StartTlsDialogue d(protocol);
  auto step = d.start();
  std::size_t fed = 0;
  while (step.kind == StartTlsDialogue::Step::Kind::Send || step.kind == StartTlsDialogue::Step::Kind::Receive) {
    if (fed >= bytes.size()) {
      step = d.closed();
      break;
    }
    const auto n = std::min(piece, bytes.size() - fed);
    step = d.received(bytes.substr(fed, n));
    fed += n;
    (void)d.take_notes();
  }
  (void)d.take_notes();
}

// A proxy's answer read as the probe reads it: each prefix a read might end at, until the parser
// says Complete or Malformed; a complete answer must lie within the bytes given.
void proxy_answers(std::string_view bytes, std::size_t piece) {
  for (std::size_t end = std::min(piece, bytes.size());; end = std::min(end + piece, bytes.size())) {
    const std::string_view seen = bytes.substr(0, end);
    const auto http = read_connect_answer(seen, 4096);
    if (http.status == Parse::Complete && http.head_bytes > seen.size()) __builtin_trap();
    const auto reply = read_socks5_reply(seen);
    if (reply.status == Parse::Complete && (reply.size > seen.size() || reply.size < 6)) __builtin_trap();
    if (reply.status == Parse::Incomplete && reply.needed <= seen.size() && seen.size() >= 5) __builtin_trap();
    (void)socks5_reply_text(reply.code);
    (void)read_socks5_method(seen);
    (void)read_socks5_password_reply(seen);
    if (end == bytes.size()) break;
  }
}

// An HTTP/2 server's frames after our request, in pieces: the exchange must end (or wait) without
// keeping more body than it promises.
void http2(std::string_view bytes, std::size_t piece) {
  Http2Exchange h2(HttpRequestHead{"GET", "/", "example.org", {{"X-A", "b"}, {"Connection", "close"}}});
  (void)h2.take_output();
  Parse last = Parse::Incomplete;
  for (std::size_t fed = 0; fed < bytes.size() && last == Parse::Incomplete; fed += piece) {
    last = h2.feed(bytes.substr(fed, std::min(piece, bytes.size() - fed)));
    (void)h2.take_output();
  }
  if (h2.response().body.size() > 2048) __builtin_trap();
}

// An upstream's response as serve relays it: the head read from growing prefixes, then the body's
// end found in pieces; the end is found once, within the bytes given, and the same for any cut.
void relayed_response(std::string_view bytes, std::size_t piece) {
  HttpResponseHead head;
  std::size_t seen = 0;
  while (head.status == Parse::Incomplete && seen < bytes.size()) {
    seen = std::min(seen + piece, bytes.size());
    head = read_http_response_head(bytes.substr(0, seen), 4096);
  }
  if (head.status != Parse::Complete) return;
  if (head.head_bytes > seen || head.code < 100 || head.code > 599) __builtin_trap();
  const auto framing = response_framing(head, "GET");
  if (!framing || framing->end != BodyEnd::Chunked) return;
  const std::string_view body = bytes.substr(head.head_bytes);
  ChunkedBodyEnd whole;
  const std::size_t at_once = whole.feed(body);
  ChunkedBodyEnd cut;
  std::size_t taken = 0;
  for (std::size_t fed = 0; fed < body.size() && cut.status() == Parse::Incomplete; fed += piece) {
    const std::string_view p = body.substr(fed, std::min(piece, body.size() - fed));
    const std::size_t t = cut.feed(p);
    if (t > p.size()) __builtin_trap();
    taken += t;
  }
  if (at_once > body.size() || cut.status() != whole.status() ||
      (whole.status() == Parse::Complete && taken != at_once)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int which = data[0] % 10;
  const std::size_t piece = 1 + data[1];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  switch (which) {
    case 0: (void)parse_http_response(bytes); break;
    case 1: {
      PostgresAnswer answer;
      (void)read_postgres_answer(bytes, answer);
      BackendMessage m;
      std::string_view rest = bytes;
      while (next_backend_message(rest, m) == Parse::Complete) {
        if (m.size == 0 || m.size > rest.size()) __builtin_trap();  // must consume, within the input
        if (m.type == 'E' || m.type == 'N') (void)parse_postgres_error(m.body);
        rest.remove_prefix(m.size);
      }
      break;
    }
    case 2: {
      std::string_view rest = bytes;
      for (auto r = read_smtp_reply(rest); r.status == Parse::Complete; r = read_smtp_reply(rest)) {
        if (r.consumed == 0 || r.consumed > rest.size()) __builtin_trap();
        (void)smtp_offers(r.reply, "STARTTLS");
        rest.remove_prefix(r.consumed);
      }
      break;
    }
    case 3: dialogue(StartTls::Postgres, bytes, piece); break;
    case 4: dialogue(StartTls::Smtp, bytes, piece); break;
    case 5: request(bytes, piece); break;
    case 6: target(bytes); break;
    case 7: proxy_answers(bytes, piece); break;
    case 8: http2(bytes, piece); break;
    case 9: relayed_response(bytes, piece); break;
  }
  return 0;
}
