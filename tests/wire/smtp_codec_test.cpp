// SMTP replies: multi-line, split anywhere, bare LF, and the ways they cannot be SMTP.
#include <gtest/gtest.h>

#include "mtlsdoctor/wire/smtp.h"

namespace mtlsdoctor::wire {
namespace {

const std::string kEhlo =
    "250-mail.example.org Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME\r\n";

TEST(SmtpCodec, MultiLineReplyEndsAtTheSpaceLine) {
  const auto r = read_smtp_reply(kEhlo + "leftover");
  ASSERT_EQ(r.status, Parse::Complete);
  EXPECT_EQ(r.reply.code, 250);
  EXPECT_EQ(r.reply.lines.size(), 5u);
  EXPECT_EQ(r.reply.lines.front(), "mail.example.org Hello");
  EXPECT_EQ(r.consumed, kEhlo.size());
  EXPECT_TRUE(smtp_offers(r.reply, "STARTTLS"));
  EXPECT_TRUE(smtp_offers(r.reply, "starttls"));
  EXPECT_FALSE(smtp_offers(r.reply, "AUTH"));
}

TEST(SmtpCodec, EveryPrefixIsIncomplete) {
  for (std::size_t n = 0; n < kEhlo.size(); ++n)
    EXPECT_EQ(read_smtp_reply(kEhlo.substr(0, n)).status, Parse::Incomplete) << n;
}

TEST(SmtpCodec, BareLfAndCodeAloneAreAccepted) {
  const auto r = read_smtp_reply("220\n");
  ASSERT_EQ(r.status, Parse::Complete);
  EXPECT_EQ(r.reply.code, 220);
  EXPECT_EQ(r.reply.lines, std::vector<std::string>{""});
}

TEST(SmtpCodec, TheGreetingLineIsNotAnExtension) {
  const auto r = read_smtp_reply("250 STARTTLS\r\n");
  ASSERT_EQ(r.status, Parse::Complete);
  EXPECT_FALSE(smtp_offers(r.reply, "STARTTLS"));
}

TEST(SmtpCodec, NotSmtpIsMalformed) {
  for (const std::string& bad :
       std::vector<std::string>{"HTTP/1.1 400 Bad Request\r\n", "SSH-2.0-OpenSSH_9.2\r\n", "600 no\r\n", "25\r\n",
                                "220x\r\n", std::string("\x15\x03\x03\x00\x02\x02\x32\n", 8)}) {
    const auto r = read_smtp_reply(bad);
    EXPECT_EQ(r.status, Parse::Malformed) << bad;
    EXPECT_FALSE(r.error.empty());
  }
}

TEST(SmtpCodec, CodesMustAgreeAcrossLines) {
  EXPECT_EQ(read_smtp_reply("250-a\r\n251 b\r\n").status, Parse::Malformed);
}

TEST(SmtpCodec, LinesAndRepliesAreBounded) {
  EXPECT_EQ(read_smtp_reply("220 " + std::string(kSmtpMaxLine + 10, 'a')).status, Parse::Malformed);  // no newline yet
  EXPECT_EQ(read_smtp_reply("220 " + std::string(kSmtpMaxLine + 10, 'a') + "\r\n").status, Parse::Malformed);
  std::string many;
  for (std::size_t i = 0; i <= kSmtpMaxLines; ++i) many += "250-x\r\n";
  EXPECT_EQ(read_smtp_reply(many).status, Parse::Malformed);
}

}  // namespace
}  // namespace mtlsdoctor::wire
