// Every lint finding fires where it should, names the rule and the line, and stays quiet on a
// policy without the problem.
#include "mtlsdoctor/policy/lint.h"

#include <gtest/gtest.h>

#include "pki.h"

namespace mtlsdoctor::policy::test {
namespace {

using core::FindingId;

std::vector<LintFinding> lint_of(const std::string& rules) {
  return lint(parse_ok("version: 1\nrules:\n" + rules));
}

bool has(const std::vector<LintFinding>& fs, FindingId id, const std::string& rule, int line) {
  for (const auto& f : fs) {
    if (f.id == id && f.rule == rule && f.where.line == line) return true;
  }
  return false;
}

std::string dump(const std::vector<LintFinding>& fs) {
  std::string out;
  for (const auto& f : fs)
    out += std::string(core::slug(f.id)) + " " + f.rule + ":" + std::to_string(f.where.line) + " " + f.message + "\n";
  return out;
}

TEST(PolicyLint, AWiderEarlierRuleOfTheOtherActionShadowsALaterOne) {
  const auto fs = lint_of(R"(  - name: all-payments
    action: allow
    match: {subject: {OU: payments}}
  - name: no-contractors
    action: deny
    match: {subject: {OU: payments, CN: "contractor-*"}}
)");
  ASSERT_TRUE(has(fs, FindingId::PolicyRuleShadowed, "no-contractors", 6)) << dump(fs);
  EXPECT_EQ(fs.front().other_rule, "all-payments");
  // The other order is what the author meant: nothing to say.
  EXPECT_TRUE(lint_of(R"(  - name: no-contractors
    action: deny
    match: {subject: {OU: payments, CN: "contractor-*"}}
  - name: all-payments
    action: allow
    match: {subject: {OU: payments}}
)")
                  .empty());
}

TEST(PolicyLint, SameActionCoverageIsUnreachableAndEqualRulesAreDuplicates) {
  const auto fs = lint_of(R"(  - name: eu
    action: allow
    match: {subject: {C: [DE, FR, IT]}}
  - name: de
    action: allow
    match: {subject: {C: de}, source: ["10.1.0.0/16"]}
  - name: eu-again
    action: allow
    match: {subject: {C: [IT, FR, DE]}}
  - name: internal
    action: allow
    match: {san: {dns: ["*.svc.example.com"]}}
  - name: pay-svc
    action: allow
    match: {san: {dns: ["pay.svc.example.com", "x*.svc.example.com"]}}
  - name: ten
    action: allow
    match: {source: ["10.0.0.0/8"]}
  - name: ten-one
    action: allow
    match: {source: ["10.1.0.0/16"], subject: {OU: x}}
  - name: range
    action: allow
    match: {serial: ["1000-2FFF"]}
  - name: in-range
    action: allow
    match: {serial: ["0x1A00", "2000-2100"]}
)");
  EXPECT_TRUE(has(fs, FindingId::PolicyRuleUnreachable, "de", 6)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyRuleDuplicate, "eu-again", 9)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyRuleUnreachable, "pay-svc", 15)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyRuleUnreachable, "ten-one", 21)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyRuleUnreachable, "in-range", 27)) << dump(fs);
  EXPECT_FALSE(has(fs, FindingId::PolicyRuleUnreachable, "internal", 12)) << dump(fs);
}

TEST(PolicyLint, DifferentRegexesAndNarrowerEarlierRulesAreNotShadowing) {
  EXPECT_TRUE(lint_of(R"(  - name: a
    action: allow
    match: {subject: {CN: "/svc-[a-z]+/"}}
  - name: b
    action: deny
    match: {subject: {CN: "/svc-pay/"}}
  - name: c
    action: deny
    match: {source: ["10.1.0.0/16"]}
  - name: d
    action: allow
    match: {source: ["10.0.0.0/8"]}
  - name: e
    action: allow
    match: {key: {min_bits: 3072}}
  - name: f
    action: deny
    match: {key: {min_bits: 2048}}
)")
                  .empty());
}

TEST(PolicyLint, ShadowRulesNeitherShadowNorAreShadowed) {
  EXPECT_TRUE(lint_of(R"(  - name: dry
    action: deny
    shadow: true
  - name: a
    action: allow
    match: {subject: {OU: x}}
  - name: dry2
    action: deny
    shadow: true
    match: {subject: {OU: x}}
)")
                  .empty());
}

TEST(PolicyLint, OverlappingSerialsOfRulesWithDifferentActions) {
  const auto fs = lint_of(R"(  - name: revoked-batch
    action: deny
    match: {serial: ["1000-1FFF"], subject: {OU: payments}}
  - name: payments-batch
    action: allow
    match: {serial: ["1800-27FF"]}
  - name: single
    action: allow
    match: {serial: ["3000", "1F00"], subject: {O: x}}
)");
  EXPECT_TRUE(has(fs, FindingId::PolicySerialOverlap, "payments-batch", 8)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicySerialOverlap, "single", 11)) << dump(fs);
  EXPECT_EQ(std::count_if(fs.begin(), fs.end(), [](const auto& f) { return f.id == FindingId::PolicySerialOverlap; }),
            2);
  // Adjacent ranges do not overlap; the same serial in both does.
  const auto adjacent = lint_of(R"(  - name: a
    action: deny
    match: {serial: ["1000-1FFF"], subject: {OU: p}}
  - name: b
    action: allow
    match: {serial: ["2000-2FFF"]}
  - name: c
    action: deny
    match: {serial: ["2000"], subject: {O: x}}
)");
  EXPECT_FALSE(has(adjacent, FindingId::PolicySerialOverlap, "b", 8)) << dump(adjacent);
  EXPECT_TRUE(has(adjacent, FindingId::PolicySerialOverlap, "c", 11)) << dump(adjacent);
}

TEST(PolicyLint, PatternsThatMatchEverything) {
  const auto fs = lint_of(R"(  - name: any-cn
    action: allow
    match: {subject: {CN: "*"}}
  - name: any-uri
    action: allow
    match: {san: {uri: ["/.*/"]}, source: ["0.0.0.0/0"]}
)");
  EXPECT_TRUE(has(fs, FindingId::PolicyMatchesEverything, "any-cn", 5)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyMatchesEverything, "any-uri", 8)) << dump(fs);
  EXPECT_EQ(
      std::count_if(fs.begin(), fs.end(), [](const auto& f) { return f.id == FindingId::PolicyMatchesEverything; }), 3);
  EXPECT_TRUE(lint_of("  - {name: a, action: allow, match: {subject: {CN: 'svc-*'}}}\n").empty());
}

TEST(PolicyLint, ConditionsThatCanNeverHold) {
  const auto fs = lint_of(R"(  - name: country
    action: allow
    match: {subject: {C: [DE, DEU]}}
  - name: forever
    action: allow
    match: {min_remaining: 4000d, subject: {OU: a}}
  - name: huge-ec
    action: allow
    match: {key: {type: [ec], min_bits: 1024}, subject: {OU: b}}
  - name: huge
    action: allow
    match: {key: {min_bits: 20000}, subject: {OU: c}}
)");
  EXPECT_TRUE(has(fs, FindingId::PolicyConditionNeverHolds, "country", 5)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyConditionNeverHolds, "forever", 8)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyConditionNeverHolds, "huge-ec", 11)) << dump(fs);
  EXPECT_TRUE(has(fs, FindingId::PolicyConditionNeverHolds, "huge", 14)) << dump(fs);
  EXPECT_EQ(fs.size(), 4u) << dump(fs);
  EXPECT_TRUE(lint_of(R"(  - name: fine
    action: allow
    match: {subject: {C: [DE]}, min_remaining: 30d, key: {type: [ec, rsa], min_bits: 2048}}
)")
                  .empty());
}

TEST(PolicyLint, ACidrWithHostBits) {
  const auto fs = lint_of("  - {name: office, action: allow, match: {source: ['10.1.2.3/8', '10.0.0.0/8']}}\n");
  ASSERT_EQ(fs.size(), 1u) << dump(fs);
  EXPECT_EQ(fs[0].id, FindingId::PolicyCidrHostBits);
  EXPECT_EQ(fs[0].where.line, 3);
  EXPECT_NE(fs[0].message.find("10.0.0.0/8"), std::string::npos);
}

}  // namespace
}  // namespace mtlsdoctor::policy::test
