// libFuzzer target for what a peer says around TLS: any bytes through wire's codecs (the HTTP
// response and request, the request target's query (monitor serve's /probe), PostgreSQL's backend messages and
// ErrorResponse, SMTP replies) and the STARTTLS dialogues, fed in pieces cut where the input says (the dialogues must
// not care where reads end). These parse hostile servers' bytes, so a crash, a hang or an unbounded buffer here is a
// bug of `diagnose`.
//
// Input: byte 0 picks the parser, byte 1 the size of each piece; the rest is the peer's bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/wire/http_query.h"
#include "mtlsdoctor/wire/postgres.h"
#include "mtlsdoctor/wire/smtp.h"
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int which = data[0] % 7;
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
  }
  return 0;
}
