#include "mtlsdoctor/probe/target.h"

#include <gtest/gtest.h>

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
  EXPECT_FALSE(parse_target("example.org").has_value());
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

}  // namespace
}  // namespace mtlsdoctor::probe
