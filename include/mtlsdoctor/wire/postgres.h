// PostgreSQL's frontend/backend protocol 3.0 as pure codecs ("Message Formats", "SSL Session
// Encryption" in the PostgreSQL docs): what a client writes before and after TLS, and the first
// backend messages it reads. No I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::wire {

inline constexpr std::size_t kPostgresMaxMessage = 64 * 1024;  // far above any ErrorResponse

// The fields of a PostgreSQL ErrorResponse ("Error and Notice Message Fields", protocol 3.0).
struct PostgresError {
  std::string severity;  // V (never localized), else S: "FATAL"
  std::string sqlstate;  // C: "28000"
  std::string message;   // M
  std::string detail;    // D
  std::string hint;      // H
};

// What a PostgreSQL server answered a StartupMessage with, up to the first decisive message.
struct PostgresAnswer {
  std::string user;  // what the StartupMessage asked for
  std::string database;
  std::optional<int> authentication;   // R: 0 AuthenticationOk, 3 cleartext, 5 MD5, 10 SASL, …
  std::string sasl_mechanisms;         // with R 10: "SCRAM-SHA-256"
  bool ready = false;                  // Z: ReadyForQuery
  std::optional<PostgresError> error;  // E
  bool malformed = false;              // bytes that are not PostgreSQL backend messages
};

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
// message read, for a transcript.
struct PostgresRead {
  Parse status = Parse::Incomplete;
  std::vector<std::string> notes;
};
[[nodiscard]] PostgresRead read_postgres_answer(std::string_view bytes, PostgresAnswer& answer);

}  // namespace mtlsdoctor::wire
