#include "mtlsdoctor/wire/starttls.h"

#include <fmt/format.h>

#include "mtlsdoctor/wire/postgres.h"

namespace mtlsdoctor::wire {
namespace {

constexpr std::string_view kEhlo = "EHLO mtls-doctor\r\n";

std::string first_line(const SmtpReply& r) {
  return fmt::format("{} {}", r.code, r.lines.empty() ? std::string() : preview(r.lines.front(), 100));
}

// A TLS record's first byte: alert (21) or handshake (22). A TLS port answers our clear text so.
bool looks_like_tls(std::string_view bytes) {
  return !bytes.empty() && (bytes[0] == '\x15' || bytes[0] == '\x16');
}

constexpr std::string_view kTlsPort =
    "answered with a TLS record: this port speaks TLS from the first byte (drop --starttls)";

}  // namespace

std::string_view to_string(StartTls p) noexcept {
  switch (p) {
    case StartTls::None: return "none";
    case StartTls::Postgres: return "postgres";
    case StartTls::Smtp: return "smtp";
  }
  return "none";
}

StartTlsDialogue::Step StartTlsDialogue::start() {
  switch (m_protocol) {
    case StartTls::Postgres: return send(State::PostgresAnswer, postgres_ssl_request(), "SSLRequest (8 bytes)");
    case StartTls::Smtp: m_state = State::SmtpGreeting; return {};
    case StartTls::None: break;
  }
  return start_tls();
}

StartTlsDialogue::Step StartTlsDialogue::received(std::string_view bytes) {
  m_buffer.append(bytes);
  if (m_buffer.size() > kMaxClearTextBytes) {
    return fail(StartTlsFailure::UnexpectedProtocol,
                fmt::format("the server sent more than {} bytes before TLS started", kMaxClearTextBytes));
  }
  switch (m_state) {
    case State::PostgresAnswer: return postgres_answer();
    case State::SmtpGreeting: return smtp_greeting();
    case State::SmtpEhloReply: return smtp_ehlo_reply();
    case State::SmtpStartTlsReply: return smtp_starttls_reply();
    case State::Done: break;
  }
  return fail(StartTlsFailure::UnexpectedProtocol, "the server spoke after the exchange had ended");
}

StartTlsDialogue::Step StartTlsDialogue::closed() {
  std::string_view waiting_for = "its answer";
  switch (m_state) {
    case State::PostgresAnswer: waiting_for = "its answer to the SSLRequest ('S' or 'N')"; break;
    case State::SmtpGreeting: waiting_for = "its 220 greeting"; break;
    case State::SmtpEhloReply: waiting_for = "its reply to EHLO"; break;
    case State::SmtpStartTlsReply: waiting_for = "its reply to STARTTLS"; break;
    case State::Done: break;
  }
  return fail(StartTlsFailure::UnexpectedProtocol, fmt::format("the server closed the connection {}before {}",
                                                               m_buffer.empty() ? "" : "in mid-answer, ", waiting_for));
}

// 'S': go ahead with TLS; 'N': no TLS here. Nothing may follow the byte: libpq refuses
// "unencrypted data after SSL response" (CVE-2021-23222), and so do we.
StartTlsDialogue::Step StartTlsDialogue::postgres_answer() {
  const char answer = m_buffer.front();
  if (answer == 'S') {
    m_notes.push_back({core::Direction::Received, "'S': the server accepts TLS"});
    if (m_buffer.size() > 1) {
      return fail(StartTlsFailure::UnexpectedProtocol,
                  fmt::format("the server sent {} more bytes after 'S', before TLS started", m_buffer.size() - 1));
    }
    return start_tls();
  }
  if (answer == 'N') {
    m_notes.push_back({core::Direction::Received, "'N': the server does not accept TLS"});
    return fail(StartTlsFailure::NotOffered,
                "the server answered the SSLRequest with 'N': TLS is off (ssl = off in postgresql.conf)");
  }
  if (answer == 'E') {
    // An ErrorResponse instead of a byte: servers before 7.0 and some poolers.
    BackendMessage m;
    const Parse p = next_backend_message(m_buffer, m);
    if (p == Parse::Incomplete) return {};
    if (p == Parse::Complete) {
      const auto e = parse_postgres_error(m.body);
      m_notes.push_back(
          {core::Direction::Received, fmt::format("ErrorResponse {} {} {}", e.severity, e.sqlstate, e.message)});
      return fail(StartTlsFailure::NotOffered,
                  fmt::format("the server answered the SSLRequest with an error: {}", e.message));
    }
  }
  if (looks_like_tls(m_buffer)) return fail(StartTlsFailure::UnexpectedProtocol, std::string(kTlsPort));
  return fail(StartTlsFailure::UnexpectedProtocol,
              fmt::format("the server answered the SSLRequest with '{}' instead of 'S' or 'N': not PostgreSQL",
                          preview(m_buffer)));
}

std::optional<StartTlsDialogue::Step> StartTlsDialogue::take_smtp_reply(SmtpReply& reply, std::string_view what) {
  const SmtpRead r = read_smtp_reply(m_buffer);
  if (r.status == Parse::Incomplete) return Step{};
  if (r.status == Parse::Malformed) {
    if (looks_like_tls(m_buffer)) return fail(StartTlsFailure::UnexpectedProtocol, std::string(kTlsPort));
    return fail(StartTlsFailure::UnexpectedProtocol,
                fmt::format("{} is not SMTP ({}): '{}'", what, r.error, preview(m_buffer)));
  }
  reply = r.reply;
  m_buffer.erase(0, r.consumed);
  return std::nullopt;
}

StartTlsDialogue::Step StartTlsDialogue::smtp_greeting() {
  SmtpReply greeting;
  if (auto step = take_smtp_reply(greeting, "the greeting")) return *step;
  m_notes.push_back({core::Direction::Received, first_line(greeting)});
  if (greeting.code != 220) {
    // RFC 5321 §3.1: 554 instead of 220 means no SMTP service for this client.
    return fail(StartTlsFailure::Refused,
                fmt::format("the server refused the session in its greeting: {}", first_line(greeting)));
  }
  m_buffer.clear();  // nothing may come before our EHLO
  return send(State::SmtpEhloReply, std::string(kEhlo), "EHLO mtls-doctor");
}

StartTlsDialogue::Step StartTlsDialogue::smtp_ehlo_reply() {
  SmtpReply reply;
  if (auto step = take_smtp_reply(reply, "the reply to EHLO")) return *step;
  const bool offered = reply.code / 100 == 2 && smtp_offers(reply, "STARTTLS");
  m_notes.push_back({core::Direction::Received, fmt::format("{} ({} extensions, {})", first_line(reply),
                                                            reply.lines.empty() ? 0 : reply.lines.size() - 1,
                                                            offered ? "STARTTLS offered" : "no STARTTLS")});
  if (reply.code / 100 != 2) {
    return fail(StartTlsFailure::NotOffered,
                fmt::format("the server refused EHLO ({}): without ESMTP it cannot offer STARTTLS", first_line(reply)));
  }
  if (!offered) {
    std::vector<std::string> extensions(reply.lines.begin() + 1, reply.lines.end());
    return fail(
        StartTlsFailure::NotOffered,
        fmt::format("the server's EHLO reply does not offer STARTTLS (it offers: {})",
                    extensions.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(extensions, ", "))));
  }
  return send(State::SmtpStartTlsReply, "STARTTLS\r\n", "STARTTLS");
}

// RFC 3207 §4: 220 then TLS; 454 "TLS not available due to temporary reason"; 501 syntax.
StartTlsDialogue::Step StartTlsDialogue::smtp_starttls_reply() {
  SmtpReply reply;
  if (auto step = take_smtp_reply(reply, "the reply to STARTTLS")) return *step;
  m_notes.push_back({core::Direction::Received, first_line(reply)});
  if (reply.code != 220)
    return fail(StartTlsFailure::Refused, fmt::format("the server refused STARTTLS: {}", first_line(reply)));
  if (!m_buffer.empty()) {
    // Bytes before the handshake would be read as if they came over TLS (CVE-2011-0411).
    return fail(StartTlsFailure::UnexpectedProtocol,
                fmt::format("the server sent {} bytes after its 220, before TLS started", m_buffer.size()));
  }
  return start_tls();
}

StartTlsDialogue::Step StartTlsDialogue::send(State next, std::string bytes, std::string note) {
  m_notes.push_back({core::Direction::Sent, std::move(note)});
  m_state = next;
  return {Step::Kind::Send, std::move(bytes), StartTlsFailure::None, {}};
}

StartTlsDialogue::Step StartTlsDialogue::fail(StartTlsFailure error, std::string text) {
  m_state = State::Done;
  return {Step::Kind::Fail, {}, error, std::move(text)};
}

StartTlsDialogue::Step StartTlsDialogue::start_tls() {
  m_state = State::Done;
  return {Step::Kind::StartTls, {}, StartTlsFailure::None, {}};
}

}  // namespace mtlsdoctor::wire
