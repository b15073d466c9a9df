// policy export: the generated text (refusals, escaping of hostile values and names) and the
// patterns the servers evaluate, checked against DN strings that the openssl CLI prints in RFC
// 2253 form (as nginx, Apache and HAProxy do) for the openssl-made certificates. The servers
// themselves run in roundtrip_test.cpp.
#include "mtlsdoctor/policy/export.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cinttypes>
#include <random>

#include "export_regex.h"
#include "pki.h"
#include "values.h"

namespace mtlsdoctor::policy::test {
namespace {

constexpr Server kServers[] = {Server::Nginx, Server::Apache, Server::Haproxy};

// The patterns are PCRE; RE2 reads the subset they use ((?:…), (?i:…), \xHH, classes) alike.
bool full_match(const std::string& pattern, const std::string& text) {
  const RE2 re(pattern);
  EXPECT_TRUE(re.ok()) << pattern << ": " << re.error();
  return RE2::PartialMatch(text, re);  // the patterns anchor themselves (^…$)
}

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%" PRIX64, v);
  return buf;
}

TEST(PolicyExportHexRange, MatchesExactlyTheNumbersInTheRange) {
  std::mt19937_64 rng(12);
  for (int round = 0; round < 400; ++round) {
    const int low_bits = static_cast<int>(rng() % 64), span_bits = static_cast<int>(rng() % 64);
    std::uint64_t low = rng() >> (63 - low_bits) >> 1;
    std::uint64_t high = low + (rng() >> (63 - span_bits) >> 1);
    if (high < low) high = ~0ull;
    const std::string re = "^0*(?:" + detail::hex_range_regex(hex(low), hex(high)) + ")$";
    SCOPED_TRACE(hex(low) + "-" + hex(high) + ": " + re);
    std::vector<std::uint64_t> probes = {low, high, rng(), rng() >> 32, rng() >> 48, low + (high - low) / 2};
    if (low > 0) probes.push_back(low - 1);
    if (high < ~0ull) probes.push_back(high + 1);
    for (auto v : probes) {
      const bool inside = v >= low && v <= high;
      EXPECT_EQ(full_match(re, hex(v)), inside) << hex(v);
      EXPECT_EQ(full_match(re, "0" + hex(v)), inside) << "0" << hex(v);  // whole bytes: one leading zero
    }
  }
}

TEST(PolicyExportHexRange, SplitsAcrossWidthsAndDigitClasses) {
  EXPECT_EQ(detail::hex_range_regex("7", "C"), "[7-9A-C]");
  EXPECT_EQ(detail::hex_range_regex("1000", "1FFF"), "1[0-9A-F]{3}");
  EXPECT_EQ(detail::hex_range_regex("F", "10"), "F|10");
}

// The subject DN of a fixture certificate as the openssl CLI prints it in RFC 2253 form.
std::string printed_dn(const std::string& cert, const std::string& which = "-subject") {
  static std::map<std::string, std::string> printed;  // openssl runs once per certificate and DN
  if (auto it = printed.find(cert + which); it != printed.end()) return it->second;
  auto r = testsupport::run_program(
      "openssl", {"x509", "-in", Pki::get().cert_file(cert).string(), "-noout", which, "-nameopt", "RFC2253"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  const auto eq = r.out.find('=');
  std::string dn = r.out.substr(eq + 1);
  while (!dn.empty() && (dn.back() == '\n' || dn.back() == '\r')) dn.pop_back();
  return printed[cert + which] = dn;
}

const std::vector<std::string> kClients = {"pay-de", "pay-fr",     "sales",  "us-ops", "two-ous",  "short-life", "ed",
                                           "no-eku", "policy-oid", "dc-uid", "spaced", "other-ou", "small-rsa"};

// For every subject condition below and every fixture certificate: the exported pattern over the
// DN the server prints holds exactly when the policy's own matcher says the condition holds.
TEST(PolicyExportDn, AgreesWithThePolicyOnEveryFixtureCertificate) {
  const std::vector<std::string> matches = {"subject: {OU: payments}",
                                            "subject: {OU: PAYMENTS}",
                                            "subject: {OU: [sales, ops]}",
                                            "subject: {O: example corp}",
                                            "subject: {O: 'Example Corp'}",
                                            "subject: {CN: 'svc-*'}",
                                            "subject: {CN: 'svc-??"
                                            "?'}",
                                            "subject: {CN: '*a*'}",
                                            "subject: {C: 'D?'}",
                                            "subject: {DC: example}",
                                            "subject: {UID: u1001}",
                                            "subject: {serialNumber: EMP-42}",
                                            "subject: {CN: Jane Doe}",
                                            "subject: {CN: jane  DOE}",
                                            "subject: {CN: 'Jane*'}",
                                            "subject: {O: '*Corp'}",
                                            "subject: {L: x}",
                                            "issuer: {CN: policy test client ca}",
                                            "issuer: {O: 'Policy*'}",
                                            "issuer: {CN: Policy Test Root}"};
  for (const auto& m : matches) {
    const Policy p = one_rule(m);
    const Condition& c = p.rules[0].conditions[0];
    const std::string re = detail::dn_regex(c);
    for (const auto& name : kClients) {
      SCOPED_TRACE(m + " / " + name + ": " + re);
      const std::string dn = printed_dn(name, c.field == Field::Issuer ? "-issuer" : "-subject");
      EXPECT_EQ(full_match(re, dn), allows(p, Pki::get().cert(name))) << dn;
    }
  }
}

// DN strings no fixture has: escaped separators inside values, multi-valued RDNs, escaped
// leading and trailing spaces, a leading '#'.
TEST(PolicyExportDn, ReadsEscapesAndSeparatorsAsOpensslWritesThem) {
  const auto ou = detail::dn_regex(one_rule("subject: {OU: payments}").rules[0].conditions[0]);
  EXPECT_TRUE(full_match(ou, "CN=a,OU=payments,C=DE"));
  EXPECT_TRUE(full_match(ou, "CN=a+OU=payments"));    // multi-valued RDN
  EXPECT_TRUE(full_match(ou, R"(OU=\ payments\ )"));  // spaces RFC 4518 drops
  EXPECT_TRUE(full_match(ou, R"(OU=\  Payments)"));
  EXPECT_FALSE(full_match(ou, R"(CN=x\,OU=payments,C=DE)"));  // inside CN's value
  EXPECT_FALSE(full_match(ou, R"(CN=x\\\,OU=payments)"));     // still inside: \\ then \,
  EXPECT_TRUE(full_match(ou, R"(CN=x\\,OU=payments)"));       // CN ends in a backslash
  EXPECT_FALSE(full_match(ou, R"(OU=payments\, Inc)"));
  EXPECT_FALSE(full_match(ou, "OU=paymentsX"));
  EXPECT_FALSE(full_match(ou, "XOU=payments"));
  const auto hostile =
      detail::dn_regex(one_rule(R"(subject: {CN: "#a,b+c\"d\\e<f>g;h $x {y} 'z'"})").rules[0].conditions[0]);
  EXPECT_TRUE(full_match(hostile, R"(CN=\#a\,b\+c\"d\\e\<f\>g\;h $x {y} 'z',O=o)"));
  EXPECT_FALSE(full_match(hostile, R"(CN=\#a,b\+c\"d\\e\<f\>g\;h $x {y} 'z')"));  // ',' unescaped: a separator
}

TEST(PolicyExportDn, NeverHoldsACharacterAServerQuotingReads) {
  const Policy p = one_rule(R"(subject: {CN: ["a\"b", "c'd", "e;f}", "g{h", "$i", "j\\k", "l#m", "n o", "p%q"]})");
  for (const auto& re : {detail::dn_regex(p.rules[0].conditions[0])}) {
    EXPECT_EQ(re.find_first_of("\"'; {}#%\n"), std::string::npos) << re;
    EXPECT_EQ(re.find('$'), re.size() - 2) << re;  // only the end anchor in "(?:[,+]|$)"
  }
}

TEST(PolicyExportSerial, ExactValuesAndRangesWithLeadingZeros) {
  const auto re =
      detail::serial_regex(one_rule("serial: ['1b:a0', '1000-1FFF', '0x00A000-1F000']").rules[0].conditions[0]);
  for (const char* yes : {"1BA0", "01BA0", "1000", "1FFF", "A000", "01F000", "1ba0"})
    EXPECT_TRUE(full_match(re, yes)) << yes;
  for (const char* no : {"2BA0", "0FFF", "2000", "9FFF", "01F001", "1F0000", ""})
    EXPECT_FALSE(full_match(re, no)) << no;
}

TEST(PolicyExportSni, CaseInsensitiveOneLabelWildcardsOneTrailingDot) {
  const auto re =
      detail::sni_regex(one_rule("sni: [api.example.com, '*.internal.example.com']").rules[0].conditions[0]);
  for (const char* yes : {"api.example.com", "API.Example.COM", "api.example.com.", "x.internal.example.com"}) {
    EXPECT_TRUE(full_match(re, yes)) << yes;
  }
  for (const char* no :
       {"apixexample.com", "a.b.internal.example.com", "internal.example.com", "api.example.com..", ""}) {
    EXPECT_FALSE(full_match(re, no)) << no;
  }
}

std::string refusal(const std::string& match, Server server) {
  auto r = export_config(one_rule(match), server);
  return r ? std::string() : r.error().describe();
}

TEST(PolicyExport, RefusesWhatAServerCannotExpressNamingRuleConditionAndPlace) {
  const std::string fp = "sha256: ['" + std::string(64, 'A') + "']";
  EXPECT_NE(refusal(fp, Server::Nginx).find("SHA-1"), std::string::npos) << refusal(fp, Server::Nginx);
  EXPECT_NE(refusal(fp, Server::Apache), "");
  EXPECT_EQ(refusal(fp, Server::Haproxy), "");
  for (const std::string& m :
       {"spki_sha256: ['" + std::string(64, 'B') + "']", std::string("san: {dns: [a.example.com]}"),
        std::string("san: {ip: [10.0.0.0/8]}"), std::string("eku: [clientAuth]"), std::string("policy_oid: [1.2.3.4]"),
        std::string("key: {type: rsa}"), std::string("key: {min_bits: 2048}"), std::string("min_remaining: 7d"),
        std::string("subject: {CN: '/svc-.*/'}"), std::string("sni: ['/.*/']"), std::string("subject: {1.2.3.4.5: x}"),
        std::string("subject: {CN: \"caf\\u00e9\"}"), std::string("subject: {CN: \"a\\nb\"}")}) {
    for (auto s : kServers) {
      SCOPED_TRACE(m + " to " + std::string(to_string(s)));
      const std::string why = refusal(m, s);
      EXPECT_NE(why.find("p.yaml:6:"), std::string::npos) << why;  // file:line:column of the condition
      EXPECT_NE(why.find("rule 'r'"), std::string::npos) << why;
      EXPECT_NE(why.find(std::string("cannot be exported to ") + std::string(to_string(s))), std::string::npos) << why;
    }
  }
}

TEST(PolicyExport, ListsEveryRefusalNotOnlyTheFirst) {
  const Policy p =
      parse_ok("version: 1\nrules:\n  - name: a\n    action: allow\n    match: {sha256: ['" + std::string(64, 'A') +
               "']}\n  - name: b\n    action: deny\n    match: {san: {dns: [x.example.com]}, eku: [clientAuth]}\n");
  auto r = export_config(p, Server::Nginx);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().category, core::ErrorCategory::Unsupported);
  EXPECT_EQ(r.error().subject, "p.yaml:5:13");
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_NE(r.error().details[0].find("rule 'b': san.dns"), std::string::npos) << r.error().details[0];
  EXPECT_NE(r.error().details[1].find("rule 'b': eku"), std::string::npos) << r.error().details[1];
}

TEST(PolicyExport, ShadowRulesAreSkippedEvenWhenTheServerCouldNotExpressThem) {
  const Policy p = parse_ok(
      "version: 1\nrules:\n  - name: dry\n    action: deny\n    shadow: true\n    match: {eku: [clientAuth]}\n"
      "  - name: ok\n    action: allow\n    match: {subject: {OU: payments}}\n");
  for (auto s : kServers) {
    auto r = export_config(p, s);
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_NE(r->find("rule 1 'dry' (line 3): a shadow rule"), std::string::npos) << *r;
    EXPECT_EQ(r->find("mtlsd_r1_"), std::string::npos) << *r;
  }
}

// A rule name and a file name that try to end the comment they are written in.
TEST(PolicyExport, NamesInCommentsCannotStartALine) {
  auto p = parse_ok(
      "version: 1\nrules:\n  - name: \"x\\n}\\nserver { listen 1; }\\r\\\\\"\n    action: allow\n    match: "
      "{subject: {OU: payments}}\n");
  p.file = "evil\nhttp {";
  for (auto s : kServers) {
    auto r = export_config(p, s);
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    EXPECT_EQ(r->find("\nserver {"), std::string::npos) << *r;
    EXPECT_EQ(r->find("\nhttp {"), std::string::npos) << *r;
    EXPECT_EQ(r->find('\r'), std::string::npos) << *r;
    EXPECT_NE(r->find(R"(x\x0a}\x0aserver { listen 1; }\x0d\x5c)"), std::string::npos) << *r;
  }
}

TEST(PolicyExport, EachServerGetsItsOwnConstructs) {
  const Policy p = parse_ok(
      "version: 1\ndefault: allow\nrules:\n  - name: d\n    action: deny\n    match: {source: [10.1.2.3/8], sni: "
      "[api.example.com]}\n  - name: a\n    action: allow\n    match: {serial: ['1000-1FFF']}\n  - name: all\n"
      "    action: deny\n");
  auto nginx = export_config(p, Server::Nginx);
  ASSERT_TRUE(nginx.has_value());
  EXPECT_NE(nginx->find("geo $remote_addr $mtlsd_r1_c1 {\n    default 0;\n    10.0.0.0/8 1;\n}"), std::string::npos)
      << *nginx;
  EXPECT_NE(nginx->find("map \"$mtlsd_r1_c1$mtlsd_r1_c2:$mtlsd_r2_c1::\" $mtlsd_policy_decision {\n    default allow;\n"
                        "    \"~^1*:\" deny;"),
            std::string::npos)
      << *nginx;
  EXPECT_NE(nginx->find("\"~^(?:[01]*:){2}1*:\" deny;"), std::string::npos) << *nginx;
  auto apache = export_config(p, Server::Apache);
  ASSERT_TRUE(apache.has_value());
  EXPECT_NE(apache->find("Require expr \"(%{SSL_CLIENT_M_SERIAL} =~ m#^0*(?i:1[0-9A-F]{3})$#) && !((-R "
                         "'10.0.0.0/8') && %{SSL_TLS_SNI} =~ m#"),
            std::string::npos)
      << *apache;
  EXPECT_NE(apache->find("Require expr \"true && !("), std::string::npos) << *apache;  // the default allow
  EXPECT_NE(apache->find(" && !true\"\n</RequireAny>"), std::string::npos) << *apache;
  auto haproxy = export_config(p, Server::Haproxy);
  ASSERT_TRUE(haproxy.has_value());
  EXPECT_NE(haproxy->find("acl mtlsd_r1_c1 src 10.0.0.0/8"), std::string::npos) << *haproxy;
  EXPECT_NE(haproxy->find("http-request deny if mtlsd_r1_c1 mtlsd_r1_c2\n"), std::string::npos) << *haproxy;
  EXPECT_NE(haproxy->find("# rule 3 'all' (line 10)\nhttp-request deny\n"), std::string::npos) << *haproxy;
  EXPECT_TRUE(haproxy->ends_with("# the default\nhttp-request allow\n")) << *haproxy;
}

TEST(PolicyExport, ServerNames) {
  for (auto s : kServers) EXPECT_EQ(parse_server(to_string(s)), s);
  EXPECT_EQ(parse_server("envoy"), std::nullopt);
}

}  // namespace
}  // namespace mtlsdoctor::policy::test
