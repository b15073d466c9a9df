// Apache's expression language as the audit evaluates it: every operator both ways, and what it
// cannot compute is Unknown — unless the rest of the expression decides without it.
#include "apache_expr.h"

#include <gtest/gtest.h>

#include <map>

namespace mtlsdoctor::servercfg {
namespace {

Truth eval(const std::string& text) {
  static const std::map<std::string, std::string, std::less<>> vars = {{"SSL_CLIENT_S_DN_OU", "payments"},
                                                                       {"SSL_CLIENT_S_DN_CN", "svc-pay"},
                                                                       {"SSL_CLIENT_M_SERIAL", "1BA07702C4E732D0"},
                                                                       {"SSL_CLIENT_VERIFY", "SUCCESS"},
                                                                       {"REMOTE_ADDR", "10.1.2.3"},
                                                                       {"N", "42"}};
  return evaluate_apache_expr(text,
                              [](std::string_view name) -> std::optional<std::string> {
                                auto it = vars.find(name);
                                if (it == vars.end()) return std::nullopt;
                                return it->second;
                              })
      .truth;
}

TEST(ApacheExpr, OperatorsBothWays) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"%{SSL_CLIENT_S_DN_OU} == 'payments'", "%{SSL_CLIENT_S_DN_OU} == 'sales'"},
      {"%{SSL_CLIENT_S_DN_OU} != \"sales\"", "%{SSL_CLIENT_S_DN_OU} != \"payments\""},
      {"%{SSL_CLIENT_S_DN_OU} in {'ops', 'payments'}", "%{SSL_CLIENT_S_DN_OU} in {'ops', 'sales'}"},
      {"%{SSL_CLIENT_S_DN_CN} =~ /^svc-/", "%{SSL_CLIENT_S_DN_CN} =~ /^SVC-/"},
      {"%{SSL_CLIENT_S_DN_CN} =~ m#^SVC-#i", "%{SSL_CLIENT_S_DN_CN} !~ m#^SVC-#i"},
      {"%{REMOTE_ADDR} -ipmatch '10.0.0.0/8'", "%{REMOTE_ADDR} -ipmatch '192.168.0.0/16'"},
      {"-R '10.1.0.0/16'", "-R '10.2.0.0/16'"},
      {"%{N} -gt 7", "%{N} lt 7"},
      {"%{N} -eq '42'", "%{N} ne 42"},
      {"%{SSL_CLIENT_S_DN_CN} -strmatch 'svc-*'", "%{SSL_CLIENT_S_DN_CN} -strmatch 'SVC-*'"},
      {"%{SSL_CLIENT_S_DN_CN} -strcmatch 'SVC-*'", "-z %{SSL_CLIENT_S_DN_CN}"},
      {"toupper(%{SSL_CLIENT_S_DN_OU}) == 'PAY' . 'MENTS'", "tolower(%{SSL_CLIENT_S_DN_OU}) == 'PAYMENTS'"},
      {"'%{SSL_CLIENT_S_DN_OU}-x' == 'payments-x'", "\"%{SSL_CLIENT_S_DN_OU}\" == 'x'"},
      {"true && !false", "true and not true"},
      {"false || (true && %{SSL_CLIENT_VERIFY} == 'SUCCESS')", "false or (true && %{SSL_CLIENT_VERIFY} != 'SUCCESS')"},
  };
  for (const auto& [yes, no] : cases) {
    EXPECT_EQ(eval(yes), Truth::True) << yes;
    EXPECT_EQ(eval(no), Truth::False) << no;
  }
}

TEST(ApacheExpr, WhatItCannotComputeIsUnknownUnlessDecidedWithoutIt) {
  EXPECT_EQ(eval("%{UNKNOWN_VAR} == 'x'"), Truth::Unknown);
  EXPECT_EQ(eval("false && %{UNKNOWN_VAR} == 'x'"), Truth::False);
  EXPECT_EQ(eval("true || %{UNKNOWN_VAR} == 'x'"), Truth::True);
  EXPECT_EQ(eval("true && %{UNKNOWN_VAR} == 'x'"), Truth::Unknown);
  EXPECT_EQ(eval("md5(%{N}) == 'x'"), Truth::Unknown);
  EXPECT_EQ(eval("%{N} =~ /(?<=a)b/"), Truth::Unknown);  // a PCRE lookbehind: RE2 cannot
  EXPECT_EQ(eval("-f '/etc/passwd'"), Truth::Unknown);
  EXPECT_EQ(eval("%{N} in PeerExtList('1.2.3')"), Truth::Unknown);
  // Syntax errors and hostile nesting: Unknown, with a reason.
  for (const std::string& bad : std::vector<std::string>{"%{N} ==", "(true", "'unterminated", "%{N} === 1",
                                                         std::string(5000, '('), std::string(5000, '!') + "true"}) {
    auto r = evaluate_apache_expr(bad, [](std::string_view) { return std::optional<std::string>("1"); });
    EXPECT_EQ(r.truth, Truth::Unknown) << bad.substr(0, 20);
    EXPECT_FALSE(r.why.empty()) << bad.substr(0, 20);
  }
}

}  // namespace
}  // namespace mtlsdoctor::servercfg
