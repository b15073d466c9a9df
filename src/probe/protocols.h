// The application protocols a probe speaks around TLS, as pure codecs: bytes in, values out,
// no I/O. Every parser takes whatever has arrived so far and says whether it is a whole unit,
// needs more, or can never be valid, so that garbage and oversized input end in a named error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/probe/transcript.h"

namespace mtlsdoctor::probe::detail {

enum class Parse { Incomplete, Complete, Malformed };

// ---- HTTP/1.x: the status line and the headers we use (RFC 9112 §4) ----
[[nodiscard]] std::optional<HttpResponse> parse_http_response(std::string_view bytes);

// ---- PostgreSQL, protocol 3.0 ("Message Formats", "SSL Session Encryption") ----
inline constexpr std::size_t kPostgresMaxMessage = 64 * 1024;  // far above any ErrorResponse

// Int32 8, Int32 80877103: asks the server to start TLS; it answers one byte, 'S' or 'N'.
[[nodiscard]] std::string postgres_ssl_request();
// Protocol 3.0 StartupMessage with `user` and `database` (NUL bytes in them are dropped).
[[nodiscard]] std::string postgres_startup_message(std::string_view user, std::string_view database);

struct BackendMessage {
  char type = 0;
  std::string_view body;  // after the length
  std::size_t size = 0;   // bytes consumed: 1 + length
};
// The backend message at the front of `bytes`; Malformed when the length cannot be valid.
[[nodiscard]] Parse next_backend_message(std::string_view bytes, BackendMessage& out);
// An ErrorResponse or NoticeResponse body: (code byte, NUL-terminated string)* then NUL.
[[nodiscard]] PostgresError parse_postgres_error(std::string_view body);

// The answer to a StartupMessage so far. Complete at the first decisive message: E, an
// authentication request other than AuthenticationOk, or ReadyForQuery. `notes` describes each
// message read, for the transcript.
struct PostgresRead {
  Parse status = Parse::Incomplete;
  std::vector<std::string> notes;
};
[[nodiscard]] PostgresRead read_postgres_answer(std::string_view bytes, PostgresAnswer& answer);

// ---- SMTP (RFC 5321 §4.2 replies) ----
// RFC 5321 §4.5.3.1.5 limits a reply line to 512 octets; servers stretch it, so allow more.
inline constexpr std::size_t kSmtpMaxLine = 4096;
inline constexpr std::size_t kSmtpMaxLines = 200;

struct SmtpRead {
  Parse status = Parse::Incomplete;
  SmtpReply reply;
  std::size_t consumed = 0;  // bytes of the whole reply
  std::string error;         // why it is malformed
};
// One reply, possibly multi-line ("250-…" then "250 …"), at the front of `bytes`.
[[nodiscard]] SmtpRead read_smtp_reply(std::string_view bytes);
// Does an EHLO reply advertise `keyword` (RFC 5321 §4.1.1.1: one extension per line)?
[[nodiscard]] bool smtp_offers(const SmtpReply& reply, std::string_view keyword);

}  // namespace mtlsdoctor::probe::detail
