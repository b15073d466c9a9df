#include "mtlsdoctor/core/shell_quote.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::core {
namespace {

// Issue 15, L1: suggested commands keep a file name one shell word.
TEST(ShellQuote, SafeWordsStayAndOthersAreSingleQuoted) {
  EXPECT_EQ(shell_quote("/etc/ssl/client-good.crt"), "/etc/ssl/client-good.crt");
  EXPECT_EQ(shell_quote("with space é ü.pem"), "'with space é ü.pem'");
  EXPECT_EQ(shell_quote("it's.pem"), "'it'\\''s.pem'");
  EXPECT_EQ(shell_quote("$(rm -rf ~).pem"), "'$(rm -rf ~).pem'");
  EXPECT_EQ(shell_quote(""), "''");
}

}  // namespace
}  // namespace mtlsdoctor::core
