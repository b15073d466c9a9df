// Every matcher of POLICY.md, both ways, on certificates made by the openssl CLI.
#include <gtest/gtest.h>

#include "pki.h"

namespace mtlsdoctor::policy::test {
namespace {

struct Case {
  const char* match;    // the rule's match, one line of YAML flow style
  const char* matches;  // a certificate it must allow
  const char* misses;   // one it must not
};

class EveryMatcher : public ::testing::TestWithParam<Case> {};

TEST_P(EveryMatcher, MatchesOneCertificateAndNotTheOther) {
  const auto& c = GetParam();
  const Policy p = one_rule(c.match);
  ASSERT_EQ(p.rules.size(), 1u);
  EXPECT_TRUE(allows(p, Pki::get().cert(c.matches))) << c.match << " should match " << c.matches;
  EXPECT_FALSE(allows(p, Pki::get().cert(c.misses))) << c.match << " should not match " << c.misses;
}

INSTANTIATE_TEST_SUITE_P(
    Policy, EveryMatcher,
    ::testing::Values(
        // subject attributes: exact, RFC 4518 preparation (case, repeated spaces), glob, regex, lists
        Case{"subject: {OU: payments}", "pay-de", "sales"}, Case{"subject: {OU: PAYMENTS}", "spaced", "sales"},
        Case{"subject: {O: 'example corp'}", "spaced", "other-ou"}, Case{"subject: {C: [DE, FR]}", "pay-fr", "us-ops"},
        Case{"subject: {CN: 'svc-*'}", "pay-de", "sales"},
        Case{"subject: {CN: 'svc-?"
             "?"
             "?'}",
             "pay-de", "pay-fr"},
        Case{"subject: {CN: '/svc-(pay|ledger)/'}", "pay-fr", "ed"},
        Case{"subject: {OU: '/Payments/'}", "spaced", "pay-de"},  // a regex is case-sensitive
        Case{"subject: {OU: '/(?i)Payments/'}", "pay-de", "sales"},
        Case{"subject: {OU: payments}", "two-ous", "other-ou"},  // any value of a multi-valued attribute
        Case{"subject: {DC: example, UID: u1001}", "dc-uid", "pay-de"},
        Case{"subject: {serialNumber: EMP-42}", "dc-uid", "pay-de"},
        Case{"subject: {2.5.4.11: payments}", "pay-de", "sales"},  // OU by OID
        // serial: hex with colons and leading zeros, ranges
        Case{"serial: ['1B:A0:77:02:C4:E7:32:D0']", "pay-de", "pay-fr"},
        Case{"serial: ['0x001234']", "pay-fr", "pay-de"}, Case{"serial: ['1000-1FFF']", "two-ous", "sales"},
        Case{"serial: ['1000-1fff', '9000']", "dc-uid", "other-ou"},
        // sha256 and spki_sha256 are filled in by the Fingerprint tests below
        // SANs
        Case{"san: {dns: ['*.svc.example.com']}", "pay-de", "other-ou"},  // one label only
        Case{"san: {dns: ['PAY.svc.example.com.']}", "pay-de", "pay-fr"},
        Case{"san: {uri: ['spiffe://example.org/ns/prod/*']}", "pay-fr", "sales"},  // trailing /* any suffix
        Case{"san: {uri: ['spiffe://example.org/ns/*/pay']}", "pay-de", "pay-fr"},
        Case{"san: {email: ['*@example.com']}", "sales", "pay-de"},
        Case{"san: {email: ['Bob@example.com']}", "sales", "pay-de"},
        Case{"san: {ip: ['10.0.0.0/8']}", "us-ops", "pay-de"}, Case{"san: {ip: ['2001:db8::/32']}", "us-ops", "sales"},
        // EKU: absent = any purpose
        Case{"eku: [clientAuth]", "pay-de", "server-only"}, Case{"eku: [clientAuth]", "no-eku", "server-only"},
        Case{"eku: ['1.3.6.1.5.5.7.3.1']", "server-only", "pay-de"},
        Case{"policy_oid: ['1.3.6.1.4.1.99999.1']", "policy-oid", "pay-de"},
        // key
        Case{"key: {type: [ec]}", "pay-fr", "pay-de"}, Case{"key: {type: [ed25519]}", "ed", "pay-de"},
        Case{"key: {min_bits: 2048}", "pay-de", "small-rsa"},
        Case{"key: {min_bits: 300}", "us-ops", "pay-fr"},  // P-384 has 384 bits, P-256 256
        Case{"key: {min_bits: 4096}", "ed", "pay-de"},     // Ed25519 always meets it
        // validity left
        Case{"min_remaining: 7d", "pay-de", "short-life"}));

TEST(PolicyMatcher, IssuerAttributes) {
  EXPECT_TRUE(allows(one_rule("issuer: {CN: 'Policy Test Client CA', O: 'policy test'}"), Pki::get().cert("pay-de")));
  EXPECT_FALSE(allows(one_rule("issuer: {CN: 'Policy Test Root'}"), Pki::get().cert("pay-de")));
}

TEST(PolicyMatcher, MinRemainingCountsFromTheDecisionTime) {
  const auto& soon = Pki::get().cert("short-life");  // 3 days
  const Policy p = one_rule("min_remaining: 48h");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  EXPECT_TRUE(allows(p, soon, {std::nullopt, std::nullopt, now}));
  EXPECT_FALSE(allows(p, soon, {std::nullopt, std::nullopt, now + std::chrono::days(2)}));
}

std::string strip_colons_lower(std::string s) {
  std::string out;
  for (char c : s) {
    if (c != ':') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

TEST(PolicyMatcher, Sha256FingerprintInAnyNotation) {
  const auto& pay = Pki::get().cert("pay-de");
  const auto& other = Pki::get().cert("pay-fr");
  for (const auto& written : {pay.facts().sha256_fingerprint, strip_colons_lower(pay.facts().sha256_fingerprint)}) {
    const Policy p = one_rule("sha256: ['" + written + "']");
    EXPECT_TRUE(allows(p, pay)) << written;
    EXPECT_FALSE(allows(p, other)) << written;
  }
}

TEST(PolicyMatcher, SpkiPinAsBase64OrHex) {
  const auto& pay = Pki::get().cert("pay-de");
  const auto& other = Pki::get().cert("sales");
  const Policy b64 = one_rule("spki_sha256: ['" + pay.facts().spki_sha256 + "']");
  EXPECT_TRUE(allows(b64, pay));
  EXPECT_FALSE(allows(b64, other));
  // The same pin in hex, as `openssl pkey -pubout -outform DER | openssl sha256` prints it.
  auto r = testsupport::run_program(
      "sh", {"-c", "openssl x509 -in '" + Pki::get().cert_file("pay-de").string() +
                       "' -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r | cut -c1-64"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  std::string hex = r.out.substr(0, 64);
  const Policy h = one_rule("spki_sha256: ['" + hex + "']");
  EXPECT_TRUE(allows(h, pay)) << hex;
  EXPECT_FALSE(allows(h, other));
}

TEST(PolicyMatcher, SourceNetworks) {
  const auto& c = Pki::get().cert("pay-de");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Policy p = one_rule("source: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']");
  EXPECT_TRUE(allows(p, c, {"10.200.1.1", std::nullopt, now}));
  EXPECT_TRUE(allows(p, c, {"::ffff:10.9.9.9", std::nullopt, now}));  // IPv4-mapped is IPv4
  EXPECT_TRUE(allows(p, c, {"2001:db8:1::5", std::nullopt, now}));
  EXPECT_TRUE(allows(p, c, {"192.0.2.7", std::nullopt, now}));
  EXPECT_FALSE(allows(p, c, {"192.0.2.8", std::nullopt, now}));
  EXPECT_FALSE(allows(p, c, {"11.0.0.1", std::nullopt, now}));
  EXPECT_FALSE(allows(p, c, {std::nullopt, std::nullopt, now}));  // unknown source: the rule cannot hold
  EXPECT_FALSE(Input::make(c.facts(), {"not-an-ip", std::nullopt, now}).has_value());
}

TEST(PolicyMatcher, SniFollowsTheDnsRule) {
  const auto& c = Pki::get().cert("pay-de");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Policy p = one_rule("sni: ['api.example.com', '*.internal.example.com']");
  EXPECT_TRUE(allows(p, c, {std::nullopt, "API.example.com", now}));
  EXPECT_TRUE(allows(p, c, {std::nullopt, "x.internal.example.com", now}));
  EXPECT_FALSE(allows(p, c, {std::nullopt, "a.b.internal.example.com", now}));
  EXPECT_FALSE(allows(p, c, {std::nullopt, std::nullopt, now}));
}

TEST(PolicyMatcher, AnAbsentAttributeNeverMatchesEvenAGlobStar) {
  EXPECT_FALSE(allows(one_rule("subject: {OU: '*'}"), Pki::get().cert("dc-uid")));
  EXPECT_TRUE(allows(one_rule("subject: {OU: '*'}"), Pki::get().cert("pay-de")));
}

TEST(PolicyMatcher, AllConditionsMustHold) {
  const Policy p = one_rule("{subject: {OU: payments}, key: {type: [ec]}}");
  EXPECT_TRUE(allows(p, Pki::get().cert("pay-fr")));
  EXPECT_FALSE(allows(p, Pki::get().cert("pay-de")));  // payments, but RSA
}

}  // namespace
}  // namespace mtlsdoctor::policy::test
