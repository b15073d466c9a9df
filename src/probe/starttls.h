// The clear-text exchange before TLS (--starttls), as an explicit state machine with one
// function per state. It never touches a socket: the connection feeds it what arrived and does
// what it answers — send these bytes then read, read more, start TLS, or stop with a named error.
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

#include "mtlsdoctor/probe/transcript.h"
#include "protocols.h"

namespace mtlsdoctor::probe::detail {

// The most a server may say before TLS starts.
inline constexpr std::size_t kMaxClearTextBytes = 64 * 1024;

class StartTlsDialogue {
 public:
  struct Step {
    enum class Kind { Send, Receive, StartTls, Fail };
    Kind kind = Kind::Receive;
    std::string bytes;                            // Send: write these, then read the answer
    TransportError error = TransportError::None;  // Fail
    std::string text;                             // Fail: what the server did
  };
  struct Note {
    Direction direction;
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
  Step fail(TransportError error, std::string text);
  Step start_tls();

  StartTls m_protocol;
  State m_state = State::Done;
  std::string m_buffer;
  std::vector<Note> m_notes;
};

// The first line of what a peer said, printable and short, for messages.
[[nodiscard]] std::string preview(std::string_view bytes, std::size_t max = 60);

}  // namespace mtlsdoctor::probe::detail
