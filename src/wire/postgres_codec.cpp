// PostgreSQL's frontend/backend protocol 3.0, as much as a probe needs: the SSLRequest, the
// StartupMessage, and the first backend messages (PostgreSQL docs, "Message Formats").
#include <fmt/format.h>

#include "mtlsdoctor/wire/postgres.h"

namespace mtlsdoctor::wire {
namespace {

constexpr std::uint32_t kSslRequestCode = 80877103;  // 1234 << 16 | 5679
constexpr std::uint32_t kProtocol30 = 196608;        // 3 << 16 | 0

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

std::uint32_t get32(std::string_view b) {
  return (std::uint32_t{static_cast<unsigned char>(b[0])} << 24) |
         (std::uint32_t{static_cast<unsigned char>(b[1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(b[2])} << 8) | std::uint32_t{static_cast<unsigned char>(b[3])};
}

void put_cstring(std::string& out, std::string_view s) {
  for (const char c : s) {
    if (c != '\0') out += c;
  }
  out += '\0';
}

std::string authentication_name(int code) {
  switch (code) {
    case 0: return "AuthenticationOk";
    case 2: return "AuthenticationKerberosV5";
    case 3: return "AuthenticationCleartextPassword";
    case 5: return "AuthenticationMD5Password";
    case 7: return "AuthenticationGSS";
    case 9: return "AuthenticationSSPI";
    case 10: return "AuthenticationSASL";
    default: return fmt::format("Authentication request {}", code);
  }
}

// AuthenticationSASL's body after the code: NUL-terminated mechanism names, then NUL.
std::string sasl_mechanisms(std::string_view rest) {
  std::string out;
  while (!rest.empty() && rest.front() != '\0') {
    const auto nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    if (!out.empty()) out += ", ";
    out += rest.substr(0, nul);
    rest.remove_prefix(nul + 1);
  }
  return out;
}

}  // namespace

std::string postgres_ssl_request() {
  std::string out;
  put32(out, 8);
  put32(out, kSslRequestCode);
  return out;
}

std::string postgres_startup_message(std::string_view user, std::string_view database) {
  std::string body;
  put32(body, kProtocol30);
  for (const auto& [name, value] : {std::pair{"user", user}, std::pair{"database", database},
                                    std::pair{"application_name", std::string_view("mtls-doctor")}}) {
    put_cstring(body, name);
    put_cstring(body, value);
  }
  body += '\0';
  std::string out;
  put32(out, static_cast<std::uint32_t>(body.size() + 4));
  return out + body;
}

Parse next_backend_message(std::string_view bytes, BackendMessage& out) {
  if (bytes.size() < 5) return Parse::Incomplete;
  const std::uint32_t length = get32(bytes.substr(1));
  if (length < 4 || length > kPostgresMaxMessage) return Parse::Malformed;
  if (bytes.size() < 1 + std::size_t{length}) return Parse::Incomplete;
  out.type = bytes[0];
  out.body = bytes.substr(5, length - 4);
  out.size = 1 + std::size_t{length};
  return Parse::Complete;
}

PostgresError parse_postgres_error(std::string_view body) {
  PostgresError e;
  std::string localized_severity;
  while (!body.empty() && body.front() != '\0') {
    const char code = body.front();
    const auto nul = body.find('\0', 1);
    if (nul == std::string_view::npos) break;
    std::string value(body.substr(1, nul - 1));
    body.remove_prefix(nul + 1);
    switch (code) {
      case 'S': localized_severity = std::move(value); break;
      case 'V': e.severity = std::move(value); break;
      case 'C': e.sqlstate = std::move(value); break;
      case 'M': e.message = std::move(value); break;
      case 'D': e.detail = std::move(value); break;
      case 'H': e.hint = std::move(value); break;
      default: break;  // position, file, line, routine…
    }
  }
  if (e.severity.empty()) e.severity = std::move(localized_severity);  // servers before 9.6 send no V
  return e;
}

PostgresRead read_postgres_answer(std::string_view bytes, PostgresAnswer& answer) {
  answer.authentication.reset();
  answer.sasl_mechanisms.clear();
  answer.ready = false;
  answer.error.reset();
  answer.malformed = false;
  PostgresRead read;
  BackendMessage m;
  for (;;) {
    const Parse p = next_backend_message(bytes, m);
    if (p == Parse::Incomplete) return read;
    if (p == Parse::Malformed) {
      answer.malformed = true;
      read.status = Parse::Malformed;
      return read;
    }
    bytes.remove_prefix(m.size);
    switch (m.type) {
      case 'R': {
        if (m.body.size() < 4) break;
        const int code = static_cast<int>(get32(m.body));
        answer.authentication = code;
        if (code == 10) answer.sasl_mechanisms = sasl_mechanisms(m.body.substr(4));
        read.notes.push_back(answer.sasl_mechanisms.empty() ? fmt::format("{} (R {})", authentication_name(code), code)
                                                            : fmt::format("{} (R {}: {})", authentication_name(code),
                                                                          code, answer.sasl_mechanisms));
        if (code == 0) continue;
        read.status = Parse::Complete;  // the server now waits for a password or a token
        return read;
      }
      case 'E': {
        answer.error = parse_postgres_error(m.body);
        const auto& e = *answer.error;
        read.notes.push_back(fmt::format("ErrorResponse {} {} {}", e.severity, e.sqlstate, e.message));
        read.status = Parse::Complete;
        return read;
      }
      case 'N': {
        const auto notice = parse_postgres_error(m.body);
        read.notes.push_back(fmt::format("NoticeResponse {} {}", notice.severity, notice.message));
        continue;
      }
      case 'Z':
        answer.ready = true;
        read.notes.emplace_back("ReadyForQuery (Z)");
        read.status = Parse::Complete;
        return read;
      case 'S':  // ParameterStatus
      case 'K':  // BackendKeyData
        continue;
      case 'v': read.notes.emplace_back("NegotiateProtocolVersion (v)"); continue;
      default: break;
    }
    // A message no server sends at this point, or an R too short to hold its code.
    answer.malformed = true;
    read.status = Parse::Malformed;
    return read;
  }
}

}  // namespace mtlsdoctor::wire
