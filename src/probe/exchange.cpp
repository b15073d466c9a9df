// The connection's first exchange after the handshake: the request each application protocol
// sends (HTTP GET, in HTTP/2 when ALPN chose h2, a PostgreSQL StartupMessage, SMTP's second EHLO), reading the answer
// within its bound, and reading it with wire's codecs into the transcript.
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>

#include "connection.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/wire/http2.h"
#include "mtlsdoctor/wire/postgres.h"
#include "mtlsdoctor/wire/smtp.h"

namespace mtlsdoctor::probe::detail {
namespace {

// Whether HTTP/1.1 may be spoken on the connection: no ALPN, or an HTTP/1 one (RFC 7301 §6).
bool http1(const std::string& alpn) {
  return alpn.empty() || alpn == "http/1.1" || alpn == "http/1.0";
}

}  // namespace

void Connection::after_handshake() {
  m_t.handshake_done = true;
  m_t.handshake_ms = elapsed_ms();
  record_session();
  event(Direction::Sent, EventKind::HandshakeComplete, SessionDetail{m_t.version, m_t.cipher, m_t.alpn});
  arm(m_probe.options.timeout);
  const ProbeOptions& o = m_probe.options;
  m_state = State::Request;
  const Target& target = m_probe.target;
  const std::string host = target.port == 443 ? target.host : target.display();
  const std::string authority = host.find(':') != std::string::npos && target.port == 443 ? "[" + host + "]" : host;
  // h2 chosen by ALPN: the same request in HTTP/2 (RFC 9113), so its answer reads the same.
  if (o.application == Application::Http && m_t.alpn == "h2") {
    m_h2 = std::make_unique<wire::Http2Exchange>(
        wire::HttpRequestHead{o.http_method, target.path, authority, o.http_headers});
    m_request = m_h2->take_output();
    m_request_note = fmt::format("HTTP/2 {} {} (preface, SETTINGS, HEADERS: {} bytes)", o.http_method, target.path,
                                 m_request.size());
    return;
  }
  // HTTP/1.1 bytes on a connection of another protocol are an error the server would answer for us.
  if (o.application == Application::Http && !http1(m_t.alpn)) {
    event(Direction::Sent, EventKind::Request,
          TextDetail{fmt::format("nothing sent: the server chose ALPN {} and mtls-doctor speaks HTTP/1.1 and h2",
                                 wire::preview(m_t.alpn))});
    m_deadline = m_phase_start + std::min<std::chrono::milliseconds>(o.timeout, std::chrono::milliseconds{1500});
    m_state = State::Response;
    return;
  }
  switch (o.application) {
    case Application::Http: {
      m_request = wire::format_http_request({o.http_method, target.path, authority, o.http_headers});
      m_request_note = fmt::format("{} {} ({} bytes)", o.http_method, target.path, m_request.size());
      break;
    }
    case Application::Postgres: {
      PostgresAnswer answer;
      answer.user = o.pg_user;
      answer.database = o.pg_database.empty() ? o.pg_user : o.pg_database;
      m_request = wire::postgres_startup_message(answer.user, answer.database);
      m_request_note =
          fmt::format("StartupMessage user={} database={} ({} bytes)", answer.user, answer.database, m_request.size());
      m_t.postgres = std::move(answer);
      break;
    }
    case Application::Smtp:
      // RFC 3207 §4.2: the client must forget what it knew and say EHLO again.
      m_request = "EHLO mtls-doctor\r\n";
      m_request_note = "EHLO mtls-doctor (over TLS)";
      break;
    case Application::None:
      // Nothing to send: wait briefly for a TLS 1.3 post-handshake rejection.
      m_deadline = m_phase_start + std::min<std::chrono::milliseconds>(o.timeout, std::chrono::milliseconds{1500});
      m_state = State::Response;
      break;
  }
}

short Connection::send_request() {
  while (m_request_sent < m_request.size()) {
    ossl::clear_errors();
    std::size_t written = 0;
    const int ret =
        SSL_write_ex(m_ssl.get(), m_request.data() + m_request_sent, m_request.size() - m_request_sent, &written);
    take_observed();
    if (ret == 1) {
      m_request_sent += written;
      continue;
    }
    const int err = SSL_get_error(m_ssl.get(), ret);
    if (err == SSL_ERROR_WANT_READ) return POLLIN;
    if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
    // The server may have rejected us already (TLS 1.3): its alert can still be read.
    event(Direction::Sent, EventKind::RequestFailed, std::monostate{});
    m_state = State::Response;
    return read_response();
  }
  event(Direction::Sent, EventKind::Request, TextDetail{m_request_note});
  m_state = State::Response;
  return read_response();
}

void Connection::send_h2_owed() {
  // Best effort, never blocking the answer: what the socket does not take now goes with the
  // next read (the buffer may move and grow in between: SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER).
  while (!m_h2_out.empty()) {
    ossl::clear_errors();
    std::size_t written = 0;
    const bool ok = SSL_write_ex(m_ssl.get(), m_h2_out.data(), m_h2_out.size(), &written) == 1;
    take_observed();
    if (!ok) {
      ossl::clear_errors();
      return;
    }
    m_h2_out.erase(0, written);
  }
}

short Connection::read_response() {
  char buf[16384];
  for (;;) {
    ossl::clear_errors();
    std::size_t got = 0;
    const int ret = SSL_read_ex(m_ssl.get(), buf, sizeof buf, &got);
    take_observed();
    if (ret == 1) {
      m_t.bytes_received += got;
      const std::size_t room =
          m_probe.options.max_response_bytes - std::min(m_response.size(), m_probe.options.max_response_bytes);
      m_response.append(buf, std::min(got, room));
      // HTTP/2: nghttp2 reads the frames as they come, and what it owes the server in return
      // (the SETTINGS acknowledgement, WINDOW_UPDATEs) goes out at once; the exchange ends at the
      // stream's end.
      if (m_h2) {
        if (m_h2->feed({buf, got}) != wire::Parse::Incomplete) return finish(TransportError::None, {});
        m_h2_out += m_h2->take_output();
        send_h2_owed();
      }
      if (m_response.size() >= m_probe.options.max_response_bytes || answer_complete())
        return finish(TransportError::None, {});
      continue;
    }
    const int err = SSL_get_error(m_ssl.get(), ret);
    if (err == SSL_ERROR_WANT_READ) return POLLIN;
    if (err == SSL_ERROR_WANT_WRITE) return POLLOUT;
    // The answer, then the close we asked for: with close_notify, or (OpenSSL 3) an EOF without it.
    const unsigned long code = ERR_peek_error();
    const bool eof = err == SSL_ERROR_SSL && ERR_GET_LIB(code) == ERR_LIB_SSL &&
                     ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
    if (!m_response.empty() && (err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL || eof)) {
      ossl::clear_errors();
      return finish(TransportError::None, {});  // the answer, then the close we asked for
    }
    return tls_failure(ret, Stage::Response);
  }
}

// Whether the service has said enough: HTTP ends with the close we asked for; PostgreSQL and
// SMTP wait for us after their first decisive answer.
bool Connection::answer_complete() const {
  switch (m_probe.options.application) {
    case Application::Postgres: {
      PostgresAnswer scratch;
      return wire::read_postgres_answer(m_response, scratch).status != wire::Parse::Incomplete;
    }
    case Application::Smtp: return wire::read_smtp_reply(m_response).status != wire::Parse::Incomplete;
    case Application::Http:
    case Application::None: return false;
  }
  return false;
}

void Connection::parse_answer() {
  switch (m_probe.options.application) {
    case Application::Postgres: {
      const auto read = wire::read_postgres_answer(m_response, *m_t.postgres);
      for (const auto& note : read.notes) event(Direction::Received, EventKind::Response, TextDetail{note});
      if (read.status == wire::Parse::Malformed) {
        event(Direction::Received, EventKind::NotUnderstood,
              TextDetail{fmt::format("not PostgreSQL: '{}'", wire::preview(m_response))});
      }
      return;
    }
    case Application::Smtp: {
      const auto read = wire::read_smtp_reply(m_response);
      if (read.status != wire::Parse::Complete) {
        event(Direction::Received, EventKind::NotUnderstood,
              TextDetail{fmt::format("not an SMTP reply: '{}'", wire::preview(m_response))});
        return;
      }
      event(Direction::Received, EventKind::Response,
            SmtpReplyDetail{read.reply.code,
                            read.reply.lines.empty() ? "" : wire::preview(read.reply.lines.front(), 100)});
      m_t.smtp = read.reply;
      return;
    }
    case Application::Http:
    case Application::None: break;
  }
  if (m_h2) {
    const auto& r = m_h2->response();
    if (r.status != 0) {
      event(Direction::Received, EventKind::Response, HttpStatusDetail{r.status, r.reason});
      m_t.http = r;
    } else {
      event(Direction::Received, EventKind::NotUnderstood,
            TextDetail{fmt::format("no HTTP/2 answer: {}", m_h2->error().empty() ? "no status" : m_h2->error())});
    }
    return;
  }
  if (!http1(m_t.alpn)) return;  // no HTTP/1.1 request was sent (after_handshake)
  if (auto r = wire::parse_http_response(m_response)) {
    event(Direction::Received, EventKind::Response, HttpStatusDetail{r->status, r->reason});
    m_t.http = std::move(*r);
  } else if (m_probe.options.application == Application::Http) {
    event(Direction::Received, EventKind::NotUnderstood,
          TextDetail{fmt::format("not HTTP: '{}'", wire::preview(m_response))});
  }
}

}  // namespace mtlsdoctor::probe::detail
