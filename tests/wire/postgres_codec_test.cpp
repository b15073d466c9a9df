// PostgreSQL's wire format as the probe writes and reads it: exact bytes out, and every way a
// server's answer can be incomplete, decisive or impossible.
#include <gtest/gtest.h>

#include "mtlsdoctor/wire/postgres.h"

namespace mtlsdoctor::wire {
namespace {

using namespace std::string_literals;

std::string message(char type, const std::string& body) {
  const auto n = static_cast<std::uint32_t>(body.size() + 4);
  return std::string(1, type) + static_cast<char>(n >> 24) + static_cast<char>((n >> 16) & 0xff) +
         static_cast<char>((n >> 8) & 0xff) + static_cast<char>(n & 0xff) + body;
}

std::string auth(std::uint32_t code, const std::string& rest = "") {
  return message('R', std::string{0, 0, static_cast<char>(code >> 8), static_cast<char>(code & 0xff)} + rest);
}

const std::string kCertFailed = message(
    'E', "SFATAL\0VFATAL\0C28000\0Mcertificate authentication failed for user \"mtls-doctor\"\0Fauth.c\0L1\0\0"s);

TEST(PostgresCodec, SslRequestIsLength8AndCode80877103) {
  EXPECT_EQ(postgres_ssl_request(), "\x00\x00\x00\x08\x04\xd2\x16\x2f"s);
}

TEST(PostgresCodec, StartupMessageCarriesProtocol30UserAndDatabase) {
  const std::string m = postgres_startup_message("alice", "db");
  const std::string body = "\x00\x03\x00\x00user\0alice\0database\0db\0application_name\0mtls-doctor\0\0"s;
  ASSERT_EQ(m.size(), body.size() + 4);
  EXPECT_EQ(static_cast<unsigned char>(m[3]), body.size() + 4);
  EXPECT_EQ(m.substr(4), body);
}

TEST(PostgresCodec, StartupMessageDropsNulBytesFromNames) {
  EXPECT_EQ(postgres_startup_message("a\0b"s, "d"), postgres_startup_message("ab", "d"));
}

TEST(PostgresCodec, BackendMessageNeedsItsWholeLength) {
  BackendMessage m;
  const std::string z = message('Z', "I");
  for (std::size_t n = 0; n < z.size(); ++n) EXPECT_EQ(next_backend_message(z.substr(0, n), m), Parse::Incomplete) << n;
  const std::string more = z + "trailing";  // `m` views into it
  ASSERT_EQ(next_backend_message(more, m), Parse::Complete);
  EXPECT_EQ(m.type, 'Z');
  EXPECT_EQ(m.body, "I");
  EXPECT_EQ(m.size, z.size());
}

TEST(PostgresCodec, ImpossibleLengthsAreMalformed) {
  BackendMessage m;
  EXPECT_EQ(next_backend_message("R\x00\x00\x00\x03"s, m), Parse::Malformed);             // shorter than itself
  EXPECT_EQ(next_backend_message("E\x7f\xff\xff\xff"s, m), Parse::Malformed);             // 2 GiB
  EXPECT_EQ(next_backend_message("HTTP/1.1 400 Bad Request\r\n"s, m), Parse::Malformed);  // "TTP/" as a length
}

TEST(PostgresCodec, ErrorFieldsArePicked) {
  BackendMessage m;
  ASSERT_EQ(next_backend_message(kCertFailed, m), Parse::Complete);
  const auto e = parse_postgres_error(m.body);
  EXPECT_EQ(e.severity, "FATAL");
  EXPECT_EQ(e.sqlstate, "28000");
  EXPECT_EQ(e.message, "certificate authentication failed for user \"mtls-doctor\"");
}

TEST(PostgresCodec, LocalizedSeverityIsUsedWhenNoV) {
  const auto e = parse_postgres_error("SFATAL\0C28000\0Mx\0\0"s);
  EXPECT_EQ(e.severity, "FATAL");
  EXPECT_EQ(parse_postgres_error("SFATAL\0VFATAL\0Munterminated"s).message, "");  // no NUL: the field is dropped
}

TEST(PostgresCodec, ErrorResponseIsDecisive) {
  PostgresAnswer a;
  const auto read = read_postgres_answer(kCertFailed, a);
  EXPECT_EQ(read.status, Parse::Complete);
  ASSERT_TRUE(a.error.has_value());
  EXPECT_EQ(a.error->sqlstate, "28000");
  EXPECT_FALSE(a.authentication.has_value());
  ASSERT_EQ(read.notes.size(), 1u);
}

TEST(PostgresCodec, AuthenticationOkReadsOnToReadyForQuery) {
  PostgresAnswer a;
  const std::string ok = auth(0);
  EXPECT_EQ(read_postgres_answer(ok, a).status, Parse::Incomplete);
  EXPECT_EQ(a.authentication, 0);
  const std::string rest =
      message('S', "server_version\0"s + "15.18\0"s) + message('K', std::string(8, '\1')) + message('Z', "I");
  const auto read = read_postgres_answer(ok + rest, a);
  EXPECT_EQ(read.status, Parse::Complete);
  EXPECT_TRUE(a.ready);
  EXPECT_FALSE(a.error.has_value());
}

TEST(PostgresCodec, AuthenticationOkThenErrorKeepsBoth) {
  PostgresAnswer a;
  const auto read =
      read_postgres_answer(auth(0) + message('E', "VFATAL\0C3D000\0Mdatabase \"x\" does not exist\0\0"s), a);
  EXPECT_EQ(read.status, Parse::Complete);
  EXPECT_EQ(a.authentication, 0);
  EXPECT_EQ(a.error->sqlstate, "3D000");
}

TEST(PostgresCodec, PasswordRequestsAreDecisive) {
  PostgresAnswer a;
  EXPECT_EQ(read_postgres_answer(auth(5, "salt"), a).status, Parse::Complete);
  EXPECT_EQ(a.authentication, 5);
  EXPECT_EQ(read_postgres_answer(auth(10, "SCRAM-SHA-256\0SCRAM-SHA-256-PLUS\0\0"s), a).status, Parse::Complete);
  EXPECT_EQ(a.authentication, 10);
  EXPECT_EQ(a.sasl_mechanisms, "SCRAM-SHA-256, SCRAM-SHA-256-PLUS");
}

TEST(PostgresCodec, UnknownMessagesAndShortAuthAreMalformed) {
  PostgresAnswer a;
  EXPECT_EQ(read_postgres_answer(message('D', "row"), a).status, Parse::Malformed);
  EXPECT_TRUE(a.malformed);
  EXPECT_EQ(read_postgres_answer(message('R', "\0"s), a).status, Parse::Malformed);
  // Reading again starts afresh.
  EXPECT_EQ(read_postgres_answer(message('Z', "I"), a).status, Parse::Complete);
  EXPECT_FALSE(a.malformed);
}

}  // namespace
}  // namespace mtlsdoctor::wire
