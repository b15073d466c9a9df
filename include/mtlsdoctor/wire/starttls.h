// The clear-text exchange a client has before TLS (STARTTLS), as an explicit state machine with
// one function per state. It never touches a socket: the connection feeds it what arrived and
// does what it answers — send these bytes then read, read more, start TLS, or stop with a named
// error.
//
// PostgreSQL ("SSL Session Encryption"): SSLRequest, then one byte, 'S' or 'N'.
// SMTP (RFC 3207): 220 greeting, EHLO, a 250 reply that lists STARTTLS, STARTTLS, 220.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/direction.h"
#include "mtlsdoctor/wire/parse.h"
#include "mtlsdoctor/wire/smtp.h"

namespace mtlsdoctor::wire {

// A protocol that speaks in clear text before TLS: PostgreSQL's SSLRequest, SMTP's STARTTLS
// (RFC 3207).
enum class StartTls { None, Postgres, Smtp };
[[nodiscard]] std::string_view to_string(StartTls p) noexcept;

// How a dialogue can fail.
enum class StartTlsFailure {
  None,
  NotOffered,          // the server speaks the protocol but does not offer TLS (PostgreSQL 'N', no STARTTLS in EHLO)
  Refused,             // it refused the STARTTLS command (SMTP 454) or the session (554)
  UnexpectedProtocol,  // the peer does not speak the protocol (garbage, a TLS port, an oversized line)
};

// The most a server may say before TLS starts.
inline constexpr std::size_t kMaxClearTextBytes = 64 * 1024;

class StartTlsDialogue {
 public:
  struct Step {
    enum class Kind { Send, Receive, StartTls, Fail };
    Kind kind = Kind::Receive;
    std::string bytes;                              // Send: write these, then read the answer
    StartTlsFailure error = StartTlsFailure::None;  // Fail
    std::string text;                               // Fail: what the server did
  };
  struct Note {
    core::Direction direction;
    std::string what;
  };

  explicit StartTlsDialogue(StartTls protocol) : m_protocol(protocol) {}

  [[nodiscard]] Step start();
  [[nodiscard]] Step received(std::string_view bytes);  // what arrived since the last call
  [[nodiscard]] Step closed();                          // the server closed the connection
  // What was said so far, in order, since the last call.
  [[nodiscard]] std::vector<Note> take_notes() { return std::exchange(m_notes, {}); }

 private:
  enum class State { PostgresAnswer, SmtpGreeting, SmtpEhloReply, SmtpStartTlsReply, Done };

  Step postgres_answer();
  Step smtp_greeting();
  Step smtp_ehlo_reply();
  Step smtp_starttls_reply();

  // A whole SMTP reply taken from the buffer, or the step to take meanwhile (read on, fail).
  std::optional<Step> take_smtp_reply(SmtpReply& reply, std::string_view what);
  Step send(State next, std::string bytes, std::string note);
  Step fail(StartTlsFailure error, std::string text);
  Step start_tls();

  StartTls m_protocol;
  State m_state = State::Done;
  std::string m_buffer;
  std::vector<Note> m_notes;
};

}  // namespace mtlsdoctor::wire
