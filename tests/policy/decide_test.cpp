// First match decides; the trace names every rule tried and what failed; near misses; shadow.
#include <gtest/gtest.h>

#include "mtlsdoctor/policy/test_run.h"
#include "pki.h"

namespace mtlsdoctor::policy::test {
namespace {

const char* kPolicy = R"(version: 1
default: deny
rules:
  - name: block-sales
    action: deny
    match:
      subject: {OU: sales}
      serial: ["2000"]
  - name: payments-services
    action: allow
    match:
      subject: {OU: payments, CN: "svc-*"}
      key: {type: [rsa, ec], min_bits: 2048}
  - name: dry-run-deny-fr
    action: deny
    shadow: true
    match:
      subject: {C: FR}
  - name: sales-office
    action: allow
    match:
      subject: {OU: sales}
      source: ["10.0.0.0/8"]
)";

Decision decide_for(const Policy& p, const std::string& cert, std::optional<std::string> source = {}) {
  auto in = Input::make(
      Pki::get().cert(cert).facts(),
      {std::move(source), std::nullopt, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())});
  EXPECT_TRUE(in.has_value());
  return decide(p, *in, Trace::Full);
}

TEST(PolicyDecide, FirstMatchingRuleDecidesAndTheTraceStopsThere) {
  const Policy p = parse_ok(kPolicy);
  const Decision d = decide_for(p, "pay-de");
  EXPECT_TRUE(d.allowed());
  ASSERT_TRUE(d.rule.has_value());
  EXPECT_EQ(p.rules[*d.rule].name, "payments-services");
  EXPECT_EQ(p.rules[*d.rule].where.line, 9);
  ASSERT_EQ(d.evaluated.size(), 2u);  // block-sales, payments-services; nothing after the decider
  EXPECT_FALSE(d.evaluated[0].matched);
  EXPECT_TRUE(d.evaluated[1].matched);
  EXPECT_TRUE(d.near_misses.empty());
}

TEST(PolicyDecide, TheFailedConditionsSayWhatWasWantedAndWhatWasThere) {
  const Policy p = parse_ok(kPolicy);
  const Decision d = decide_for(p, "small-rsa");  // payments, but 1024-bit RSA
  EXPECT_FALSE(d.allowed());
  EXPECT_FALSE(d.rule.has_value());  // the default decided
  ASSERT_EQ(d.evaluated.size(), 4u);
  const auto& pay = d.evaluated[1];
  ASSERT_EQ(pay.failed.size(), 1u);
  const auto& cond = p.rules[1].conditions[pay.failed[0].condition];
  EXPECT_EQ(cond.name, "key.min_bits");
  EXPECT_EQ(pay.failed[0].got, std::vector<std::string>{"RSA 1024"});
}

TEST(PolicyDecide, NearMissesAreTheAllowRulesMissedByTheFewestConditions) {
  const Policy p = parse_ok(kPolicy);
  // bob of sales (serial 2000 → block-sales matches) is denied by that rule: no near miss can
  // help past a matching deny rule... except allow rules before it: none here.
  const Decision blocked = decide_for(p, "sales", "10.1.1.1");
  EXPECT_FALSE(blocked.allowed());
  ASSERT_TRUE(blocked.rule.has_value());
  EXPECT_EQ(p.rules[*blocked.rule].name, "block-sales");
  EXPECT_TRUE(blocked.near_misses.empty());

  // two-ous (OU sales and payments, serial 1FFF, RSA 2048, CN svc-two) from outside 10/8:
  // payments-services matches; from research: other-ou misses payments-services by OU and CN,
  // sales-office by OU and source: both are missed by two conditions.
  const Decision other = decide_for(p, "other-ou", "192.0.2.1");
  EXPECT_FALSE(other.allowed());
  ASSERT_EQ(other.near_misses.size(), 2u);
  EXPECT_EQ(p.rules[other.near_misses[0].rule].name, "payments-services");
  EXPECT_EQ(other.near_misses[0].failed.size(), 2u);

  // us-ops (OU ops, P-384): payments-services fails on OU and CN; sales-office on OU and source.
  const Decision ops = decide_for(p, "us-ops", "10.0.0.1");
  // from inside 10/8 sales-office is missed by the OU alone: the nearest miss.
  ASSERT_EQ(ops.near_misses.size(), 1u);
  EXPECT_EQ(p.rules[ops.near_misses[0].rule].name, "sales-office");
  EXPECT_EQ(near_miss_text(p, ops.near_misses[0]),
            "rule sales-office (line 19) would allow you if your subject.OU were sales (it is ops)");
}

TEST(PolicyDecide, AShadowRuleNeverDecidesButIsReportedWhenItDisagrees) {
  const Policy p = parse_ok(kPolicy);
  const Decision d = decide_for(p, "pay-de");  // allowed by payments-services before the shadow rule
  EXPECT_TRUE(d.allowed());
  EXPECT_FALSE(d.shadow.has_value());  // evaluated in its place: after the decider, never reached

  // An FR certificate that no rule before the shadow allows: the shadow matches and disagrees?
  // It says deny and the default denies too: no disagreement.
  const Decision ledger = decide_for(p, "sales", "10.9.9.9");  // FR, block-sales decides first
  EXPECT_FALSE(ledger.shadow.has_value());

  const Policy allow_default =
      parse_ok(std::string(kPolicy).replace(std::string(kPolicy).find("default: deny"), 13, "default: allow"));
  const Decision fr = decide_for(allow_default, "spaced");  // DE → shadow does not match
  EXPECT_FALSE(fr.shadow.has_value());
  const Decision ed = decide_for(allow_default, "policy-oid");
  EXPECT_FALSE(ed.shadow.has_value());
}

TEST(PolicyDecide, ShadowRuleThatWouldHaveDeniedIsNamed) {
  const Policy p = parse_ok(R"(version: 1
default: allow
rules:
  - name: would-deny-payments
    action: deny
    shadow: true
    match: {subject: {OU: payments}}
)");
  const Decision d = decide_for(p, "pay-de");
  EXPECT_TRUE(d.allowed());
  ASSERT_TRUE(d.shadow.has_value());
  EXPECT_EQ(p.rules[*d.shadow].name, "would-deny-payments");
  EXPECT_FALSE(decide_for(p, "sales").shadow.has_value());
}

TEST(PolicyDecide, TheFastPathDecidesTheSameWithoutATrace) {
  const Policy p = parse_ok(kPolicy);
  for (const char* name : {"pay-de", "pay-fr", "sales", "us-ops", "two-ous", "small-rsa", "ed", "other-ou"}) {
    for (const char* src : {"10.1.1.1", "192.0.2.1"}) {
      auto in = Input::make(
          Pki::get().cert(name).facts(),
          {std::string(src), std::nullopt, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())});
      ASSERT_TRUE(in.has_value());
      const Decision fast = decide(p, *in, Trace::None);
      const Decision full = decide(p, *in, Trace::Full);
      EXPECT_EQ(fast.action, full.action) << name << " " << src;
      EXPECT_EQ(fast.rule, full.rule) << name << " " << src;
      EXPECT_TRUE(fast.evaluated.empty());
    }
  }
}

TEST(PolicyDecide, RulesLookedUpByFingerprintOrSerialKeepTheirOrder) {
  auto& pki = Pki::get();
  const std::string pay = pki.cert("pay-de").facts().sha256_fingerprint;
  const std::string pin = pki.cert("pay-fr").facts().spki_sha256;
  const std::string yaml =
      "version: 1\nrules:\n"
      "  - {name: serial-sales, action: deny, match: {serial: ['2000', '7000']}}\n"
      "  - {name: ops, action: allow, match: {subject: {OU: ops}}}\n"
      "  - {name: fp-pay, action: allow, match: {sha256: ['" +
      pay +
      "']}}\n"
      "  - {name: pin-fr, action: deny, match: {spki_sha256: ['" +
      pin +
      "']}}\n"
      "  - {name: payments, action: deny, match: {subject: {OU: payments}}}\n"
      "  - {name: serial-sales-again, action: allow, match: {serial: ['2000', '1234']}}\n"
      "  - {name: eu, action: allow, match: {subject: {C: [FR, DE]}}}\n";
  const Policy p = parse_ok(yaml);
  const std::map<std::string, std::string> expected = {{"sales", "serial-sales"},
                                                       {"us-ops", "ops"},
                                                       {"pay-de", "fp-pay"},
                                                       {"pay-fr", "pin-fr"},
                                                       {"two-ous", "payments"},
                                                       {"server-only", "serial-sales"},
                                                       {"dc-uid", ""},
                                                       {"other-ou", ""}};
  for (const auto& [cert, rule] : expected) {
    for (Trace trace : {Trace::None, Trace::Full}) {
      auto in = Input::make(
          pki.cert(cert).facts(),
          {std::nullopt, std::nullopt, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())});
      ASSERT_TRUE(in.has_value());
      const Decision d = decide(p, *in, trace);
      EXPECT_EQ(d.rule ? p.rules[*d.rule].name : "", rule) << cert;
    }
  }
}

TEST(PolicyDecide, AnEmptyMatchMatchesEveryCertificate) {
  const Policy p = parse_ok("version: 1\nrules:\n  - name: everyone\n    action: allow\n");
  EXPECT_TRUE(decide_for(p, "other-ou").allowed());
}

}  // namespace
}  // namespace mtlsdoctor::policy::test
