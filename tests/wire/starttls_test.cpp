// The clear-text dialogue before TLS, fed byte by byte and in one piece: what it sends, when it
// lets TLS start, and the named error for each way a server can get it wrong.
#include "mtlsdoctor/wire/starttls.h"

#include <gtest/gtest.h>

#include "mtlsdoctor/wire/postgres.h"

namespace mtlsdoctor::wire {
namespace {

using Kind = StartTlsDialogue::Step::Kind;
using namespace std::string_literals;

// Feeds `bytes` one at a time; every step but the last must be "read on".
StartTlsDialogue::Step drip(StartTlsDialogue& d, std::string_view bytes) {
  StartTlsDialogue::Step step;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    step = d.received(bytes.substr(i, 1));
    if (i + 1 < bytes.size()) {
      EXPECT_EQ(step.kind, Kind::Receive) << "after byte " << i << " of " << bytes;
    }
  }
  return step;
}

// A started dialogue that has been fed `replies`, each taken without failing.
StartTlsDialogue after(StartTls protocol, const std::vector<std::string>& replies = {}) {
  StartTlsDialogue d(protocol);
  (void)d.start();
  for (const auto& r : replies) EXPECT_NE(d.received(r).kind, Kind::Fail) << r;
  return d;
}

TEST(StartTlsPostgres, SslRequestThenSStartsTls) {
  StartTlsDialogue d(StartTls::Postgres);
  const auto first = d.start();
  ASSERT_EQ(first.kind, Kind::Send);
  EXPECT_EQ(first.bytes, postgres_ssl_request());
  EXPECT_EQ(d.received("S").kind, Kind::StartTls);
  const auto notes = d.take_notes();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].direction, core::Direction::Sent);
  EXPECT_EQ(notes[1].direction, core::Direction::Received);
  EXPECT_TRUE(d.take_notes().empty());
}

TEST(StartTlsPostgres, NMeansNoTls) {
  auto d = after(StartTls::Postgres);
  const auto step = d.received("N");
  EXPECT_EQ(step.kind, Kind::Fail);
  EXPECT_EQ(step.error, StartTlsFailure::NotOffered);
}

TEST(StartTlsPostgres, BytesAfterSAreRefused) {
  auto d = after(StartTls::Postgres);
  const auto step = d.received("S\x16\x03\x03");
  EXPECT_EQ(step.kind, Kind::Fail);
  EXPECT_EQ(step.error, StartTlsFailure::UnexpectedProtocol);
}

TEST(StartTlsPostgres, AnErrorResponseIsReadWhole) {
  auto d = after(StartTls::Postgres);
  const std::string body = "SFATAL\0C0A000\0Munsupported frontend protocol\0\0"s;
  const auto n = static_cast<char>(body.size() + 4);
  const auto step = drip(d, "E\0\0\0"s + n + body);
  EXPECT_EQ(step.kind, Kind::Fail);
  EXPECT_EQ(step.error, StartTlsFailure::NotOffered);
  EXPECT_NE(step.text.find("unsupported frontend protocol"), std::string::npos);
}

TEST(StartTlsPostgres, AnythingElseIsNotPostgres) {
  for (const std::string& answer : std::vector<std::string>{
           "HTTP/1.1 400 Bad Request\r\n"s, "\x15\x03\x01\x00\x02\x02\x46"s, "\xff"s, "E\x7f\xff\xff\xff"s}) {
    auto d = after(StartTls::Postgres);
    const auto step = d.received(answer);
    EXPECT_EQ(step.kind, Kind::Fail) << answer;
    EXPECT_EQ(step.error, StartTlsFailure::UnexpectedProtocol) << answer;
  }
}

TEST(StartTlsPostgres, ACloseIsNamed) {
  auto d = after(StartTls::Postgres);
  const auto step = d.closed();
  EXPECT_EQ(step.kind, Kind::Fail);
  EXPECT_EQ(step.error, StartTlsFailure::UnexpectedProtocol);
  EXPECT_NE(step.text.find("SSLRequest"), std::string::npos);
}

const std::string kGreeting = "220-mail.example.org ESMTP\r\n220 no UCE\r\n";
const std::string kEhloReply = "250-mail.example.org\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n";

TEST(StartTlsSmtp, TheWholeDialogueByteByByte) {
  StartTlsDialogue d(StartTls::Smtp);
  EXPECT_EQ(d.start().kind, Kind::Receive);
  auto step = drip(d, kGreeting);
  ASSERT_EQ(step.kind, Kind::Send);
  EXPECT_EQ(step.bytes, "EHLO mtls-doctor\r\n");
  step = drip(d, kEhloReply);
  ASSERT_EQ(step.kind, Kind::Send);
  EXPECT_EQ(step.bytes, "STARTTLS\r\n");
  step = drip(d, "220 2.0.0 Ready to start TLS\r\n");
  EXPECT_EQ(step.kind, Kind::StartTls);
  std::vector<core::Direction> directions;
  for (const auto& n : d.take_notes()) directions.push_back(n.direction);
  EXPECT_EQ(directions,
            (std::vector<core::Direction>{core::Direction::Received, core::Direction::Sent, core::Direction::Received,
                                          core::Direction::Sent, core::Direction::Received}));
}

TEST(StartTlsSmtp, NoStartTlsInTheEhloReply) {
  auto d = after(StartTls::Smtp, {kGreeting});
  const auto step = d.received("250-mail.example.org\r\n250 PIPELINING\r\n");
  EXPECT_EQ(step.kind, Kind::Fail);
  EXPECT_EQ(step.error, StartTlsFailure::NotOffered);
  EXPECT_NE(step.text.find("PIPELINING"), std::string::npos);
}

TEST(StartTlsSmtp, EhloRefused) {
  auto d = after(StartTls::Smtp, {kGreeting});
  EXPECT_EQ(d.received("502 5.5.2 Error: command not recognized\r\n").error, StartTlsFailure::NotOffered);
}

TEST(StartTlsSmtp, StartTls454IsRefused) {
  auto d = after(StartTls::Smtp, {kGreeting, kEhloReply});
  const auto step = d.received("454 4.7.0 TLS not available due to local problem\r\n");
  EXPECT_EQ(step.kind, Kind::Fail);
  EXPECT_EQ(step.error, StartTlsFailure::Refused);
  EXPECT_NE(step.text.find("454"), std::string::npos);
}

TEST(StartTlsSmtp, BytesAfterThe220AreRefused) {
  auto d = after(StartTls::Smtp, {kGreeting, kEhloReply});
  EXPECT_EQ(d.received("220 go ahead\r\n250 injected\r\n").error, StartTlsFailure::UnexpectedProtocol);
}

TEST(StartTlsSmtp, A554GreetingRefusesTheSession) {
  auto d = after(StartTls::Smtp);
  EXPECT_EQ(d.received("554 5.7.1 no service for you\r\n").error, StartTlsFailure::Refused);
}

TEST(StartTlsSmtp, NotSmtpOrTooMuchIsUnexpected) {
  for (const std::string& greeting :
       std::vector<std::string>{"HTTP/1.1 400 Bad Request\r\n"s, "SSH-2.0-OpenSSH_9.2\r\n"s,
                                "\x15\x03\x03\x00\x02\x02\x46\n"s, "220 " + std::string(kSmtpMaxLine + 1, 'x')}) {
    auto d = after(StartTls::Smtp);
    EXPECT_EQ(d.received(greeting).error, StartTlsFailure::UnexpectedProtocol) << greeting.substr(0, 40);
  }
  // Many short lines: bounded by the reply's line count, then by the clear-text total.
  auto d = after(StartTls::Smtp);
  StartTlsDialogue::Step step;
  for (std::size_t i = 0; i < 100'000 && step.kind == Kind::Receive; ++i)
    step = d.received("220-" + std::string(100, 'x') + "\r\n");
  EXPECT_EQ(step.error, StartTlsFailure::UnexpectedProtocol);
}

TEST(StartTlsSmtp, CloseMidReplyIsNamed) {
  auto d = after(StartTls::Smtp, {"220-partial\r\n"});
  const auto step = d.closed();
  EXPECT_EQ(step.error, StartTlsFailure::UnexpectedProtocol);
  EXPECT_NE(step.text.find("greeting"), std::string::npos);
}

TEST(Preview, IsPrintableAndShort) {
  EXPECT_EQ(preview("HTTP/1.1 400 Bad Request\r\nServer: x"), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(preview("\x15\x03"s), "\\x15\\x03");
  EXPECT_EQ(preview(std::string(100, 'a'), 10), std::string(10, 'a') + "...");
}

}  // namespace
}  // namespace mtlsdoctor::wire
