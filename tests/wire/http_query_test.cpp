// Request targets split into path and query, percent-decoded, bounded; what cannot be decoded
// is an error, never a guess.
#include "mtlsdoctor/wire/http_query.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::wire {
namespace {

TEST(HttpQuery, SplitsAndDecodes) {
  auto t = parse_http_target("/probe?target=127.0.0.1%3A8443&identity=a+b&empty=&flag&servername=x%2By");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->path, "/probe");
  EXPECT_EQ(t->get("target"), "127.0.0.1:8443");
  EXPECT_EQ(t->get("identity"), "a b");
  EXPECT_EQ(t->get("empty"), "");
  EXPECT_EQ(t->get("flag"), "");
  EXPECT_EQ(t->get("servername"), "x+y");
  EXPECT_FALSE(t->get("missing"));
  EXPECT_EQ(parse_http_target("/a%20b")->path, "/a b");
  EXPECT_EQ(parse_http_target("/x?a=1#frag")->get("a"), "1");
  EXPECT_EQ(parse_http_target("/x?a=1&a=2")->get("a"), "1");  // the first
  EXPECT_TRUE(parse_http_target("/x?&&a=1&&")->get("a"));
}

TEST(HttpQuery, RefusesWhatItCannotDecode) {
  EXPECT_FALSE(parse_http_target("probe"));
  EXPECT_FALSE(parse_http_target("*"));
  EXPECT_FALSE(parse_http_target("http://h/x"));
  EXPECT_FALSE(parse_http_target("/x?a=%4"));
  EXPECT_FALSE(parse_http_target("/x?a=%"));
  EXPECT_FALSE(parse_http_target("/x?a=%zz"));
  EXPECT_FALSE(parse_http_target("/x?a=%00"));
  EXPECT_FALSE(parse_http_target("/x?a=%0d%0a"));
  EXPECT_FALSE(parse_http_target("/x%0a"));
  std::string many = "/x?";
  for (std::size_t i = 0; i <= kMaxQueryFields; ++i) many += "a=1&";
  const auto r = parse_http_target(many);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, core::ErrorCategory::Limit);
}

}  // namespace
}  // namespace mtlsdoctor::wire
