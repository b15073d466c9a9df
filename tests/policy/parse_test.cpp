// Every parse error names file:line:column; nothing unknown is ignored.
#include <gtest/gtest.h>

#include "mtlsdoctor/policy/policy.h"
#include "support/run.h"

namespace mtlsdoctor::policy {
namespace {

struct Bad {
  const char* yaml;
  const char* where;    // "p.yaml:LINE:COLUMN"
  const char* message;  // a fragment of the message
};

class PolicyParseError : public ::testing::TestWithParam<Bad> {};

TEST_P(PolicyParseError, NamesFileLineAndColumn) {
  const auto& b = GetParam();
  auto p = parse(b.yaml, "p.yaml");
  ASSERT_FALSE(p.has_value()) << b.yaml;
  EXPECT_EQ(p.error().category, core::ErrorCategory::Parse);
  EXPECT_EQ(p.error().subject, b.where) << p.error().describe();
  EXPECT_NE(p.error().message.find(b.message), std::string::npos) << p.error().describe();
}

#define RULE "version: 1\nrules:\n  - name: r\n    action: allow\n    match:\n"

INSTANTIATE_TEST_SUITE_P(
    Policy, PolicyParseError,
    ::testing::Values(
        Bad{"", "p.yaml:1:1", "empty"}, Bad{"rules: []\n", "p.yaml:1:1", "version: 1 is missing"},
        Bad{"version: 2\n", "p.yaml:1:10", "version 2 is not supported"},
        Bad{"version: 1\nrulez: []\n", "p.yaml:2:1", "unknown key 'rulez'"},
        Bad{"version: 1\ndefault: maybe\n", "p.yaml:2:10", "not allow or deny"},
        Bad{"version: 1\nrules: {a: b}\n", "p.yaml:2:8", "must be a list"},
        Bad{"version: 1\nrules:\n  - action: allow\n", "p.yaml:3:5", "needs a name"},
        Bad{"version: 1\nrules:\n  - name: a\n", "p.yaml:3:5", "needs an action"},
        Bad{"version: 1\nrules:\n  - {name: a, action: allow}\n  - {name: a, action: deny}\n", "p.yaml:4:5",
            "used twice"},
        Bad{"version: 1\nrules:\n  - {name: a, action: allow, colour: red}\n", "p.yaml:3:30", "unknown key 'colour'"},
        Bad{"version: 1\nversion: 1\n", "p.yaml:2:1", "appears twice"},
        Bad{"version: 1\nrules: [\n", "p.yaml:3:1", "not valid YAML"},
        Bad{RULE "      subjct: {OU: x}\n", "p.yaml:6:7", "unknown key 'subjct'"},
        Bad{RULE "      subject: {XX: x}\n", "p.yaml:6:17", "unknown DN attribute 'XX'"},
        Bad{RULE "      subject: {OU: []}\n", "p.yaml:6:21", "empty list"},
        Bad{RULE "      subject: {CN: '/(unclosed/'}\n", "p.yaml:6:21", "not a valid regular expression"},
        Bad{RULE "      serial: ['12G4']\n", "p.yaml:6:16", "not hex"},
        Bad{RULE "      serial: ['20-10']\n", "p.yaml:6:16", "ends before it starts"},
        Bad{RULE "      serial: ['1*']\n", "p.yaml:6:16", "exact hex values"},
        Bad{RULE "      sha256: ['AB:CD']\n", "p.yaml:6:16", "64 hex digits"},
        Bad{RULE "      spki_sha256: ['abc=']\n", "p.yaml:6:21", "key pin"},
        Bad{RULE "      san: {dns: ['a.*.example.com']}\n", "p.yaml:6:19", "leftmost label"},
        Bad{RULE "      san: {ftp: [x]}\n", "p.yaml:6:13", "unknown key 'ftp'"},
        Bad{RULE "      san: {ip: ['10.0.0.0/33']}\n", "p.yaml:6:18", "not an IP address or network"},
        Bad{RULE "      source: ['10.0.0.300']\n", "p.yaml:6:16", "not an IP address or network"},
        Bad{RULE "      eku: [clientAuthh]\n", "p.yaml:6:13", "not an extended key usage"},
        Bad{RULE "      policy_oid: [anyPolicy]\n", "p.yaml:6:20", "not a dotted OID"},
        Bad{RULE "      key: {type: [rsa, dh]}\n", "p.yaml:6:25", "not a key type"},
        Bad{RULE "      key: {min_bits: lots}\n", "p.yaml:6:23", "not a number of bits"},
        Bad{RULE "      key: {size: 1}\n", "p.yaml:6:13", "unknown key 'size'"},
        Bad{RULE "      min_remaining: 7 days\n", "p.yaml:6:22", "not a duration"},
        Bad{RULE "      sni: {a: b}\n", "p.yaml:6:12", "non-empty string"},
        Bad{"version: 1\nrules:\n  - {name: a, action: allow, shadow: maybe}\n", "p.yaml:3:38", "true or false"}));

TEST(PolicyParse, ReadsEveryKeyOfTheContract) {
  auto p = parse(R"(version: 1
default: allow
rules:
  - name: payments-services
    action: allow
    description: services of the payments team
    match:
      subject: {OU: payments, O: "Example Corp", C: [DE, FR], CN: "svc-*"}
      issuer:  {CN: "Example Client Intermediate CA"}
      serial: ["1BA07702C4E732D0", "1000-1FFF"]
      sha256: ["3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A3F2A"]
      spki_sha256: ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]
      san: {dns: ["*.svc.example.com"], uri: ["spiffe://example.org/ns/prod/*"],
            email: ["*@example.com"], ip: ["10.0.0.0/8"]}
      eku: [clientAuth]
      policy_oid: ["1.3.6.1.4.1.99999.1"]
      key: {type: [rsa, ec, ed25519], min_bits: 2048}
      min_remaining: 7d
      source: ["10.0.0.0/8", "2001:db8::/32"]
      sni: ["api.example.com", "*.internal.example.com"]
  - name: dry-run
    action: deny
    shadow: true
)",
                 "p.yaml");
  ASSERT_TRUE(p.has_value()) << p.error().describe();
  EXPECT_EQ(p->default_action, Action::Allow);
  ASSERT_EQ(p->rules.size(), 2u);
  EXPECT_EQ(p->rules[0].where.line, 4);
  EXPECT_EQ(p->rules[0].conditions.size(), 19u);
  EXPECT_TRUE(p->rules[1].shadow);
  EXPECT_TRUE(p->rules[1].conditions.empty());
}

TEST(PolicyParse, AHostBitCidrParsesAsItsNetwork) {
  auto p = parse("version: 1\nrules:\n  - {name: a, action: allow, match: {source: ['10.1.2.3/8']}}\n", "p.yaml");
  ASSERT_TRUE(p.has_value()) << p.error().describe();
  EXPECT_TRUE(p->rules[0].conditions[0].patterns[0].host_bits_set);
}

TEST(PolicyParse, DurationsInEveryUnit) {
  EXPECT_EQ(parse_duration("45s"), std::chrono::seconds(45));
  EXPECT_EQ(parse_duration("30m"), std::chrono::seconds(1800));
  EXPECT_EQ(parse_duration("12h"), std::chrono::seconds(43200));
  EXPECT_EQ(parse_duration("7d"), std::chrono::seconds(604800));
  EXPECT_FALSE(parse_duration("7").has_value());
  EXPECT_FALSE(parse_duration("-7d").has_value());
  EXPECT_FALSE(parse_duration("7w").has_value());
  EXPECT_FALSE(parse_duration("99999999999999999999d").has_value());
}

TEST(PolicyLoad, FilesThatCannotBeReadAreNamed) {
  testsupport::TempDir dir;
  auto missing = load((dir / "nope.yaml").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().category, core::ErrorCategory::Io);
  EXPECT_EQ(missing.error().subject, (dir / "nope.yaml").string());
  auto directory = load(dir.path().string());
  ASSERT_FALSE(directory.has_value());
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);
}

}  // namespace
}  // namespace mtlsdoctor::policy
