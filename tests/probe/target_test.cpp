#include "mtlsdoctor/probe/target.h"

#include <gtest/gtest.h>

#include "mtlsdoctor/probe/target_file.h"

namespace mtlsdoctor::probe {
namespace {

TEST(Target, HostPortAndHttpsAsBefore) {
  auto t = parse_target("example.org:8443");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->port, 8443);
  EXPECT_EQ(t->starttls, StartTls::None);
  t = parse_target("https://[::1]/x");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->port, 443);
  EXPECT_EQ(t->path, "/x");
  EXPECT_EQ(parse_target("example.org")->port, 443);  // issue 15: a bare host means HTTPS
  EXPECT_EQ(parse_target("[::1]")->port, 443);
}

TEST(Target, PostgresUrlsBringProtocolPortUserAndDatabase) {
  for (const char* scheme : {"postgres://", "postgresql://"}) {
    auto t = parse_target(std::string(scheme) + "alice@db.example.org/payments?sslmode=verify-full");
    ASSERT_TRUE(t.has_value()) << scheme;
    EXPECT_EQ(t->starttls, StartTls::Postgres);
    EXPECT_EQ(t->host, "db.example.org");
    EXPECT_EQ(t->port, 5432);
    EXPECT_EQ(t->user, "alice");
    EXPECT_EQ(t->database, "payments");
  }
  auto t = parse_target("postgres://127.0.0.1:6543");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->port, 6543);
  EXPECT_TRUE(t->user.empty());
  EXPECT_TRUE(t->database.empty());
  EXPECT_FALSE(parse_target("postgres://alice:secret@db/x").has_value());  // we never send a password
}

TEST(Target, SmtpUrlsDefaultToPort25) {
  auto t = parse_target("smtp://mail.example.org");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->starttls, StartTls::Smtp);
  EXPECT_EQ(t->port, 25);
  EXPECT_EQ(parse_target("smtp://mail.example.org:587")->port, 587);
  EXPECT_FALSE(parse_target("smtp://mail.example.org/inbox").has_value());
  EXPECT_FALSE(parse_target("ftp://example.org").has_value());
}

// Issue 15, L6, L15: a targets file as people write them; a key given by mistake is never echoed.
TEST(TargetList, CommentsAfterTargetsAndPemFilesAreUnderstood) {
  const auto list = parse_target_list("# all\n127.0.0.1:41230   # note\nexample.org\t# bare host\n", "t.txt");
  ASSERT_TRUE(list.has_value()) << list.error().describe();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].port, 41230);
  EXPECT_EQ((*list)[1].port, 443);
  const auto key =
      parse_target_list("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n", "k.pem");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().describe().find("BEGIN"), std::string::npos) << key.error().describe();
  EXPECT_EQ(key.error().describe().find("MIGH"), std::string::npos) << key.error().describe();
  const auto dir = read_target_file("/");
  ASSERT_FALSE(dir.has_value());
  EXPECT_NE(dir.error().message.find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace mtlsdoctor::probe
