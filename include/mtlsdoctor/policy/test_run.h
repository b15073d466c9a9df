// `policy test` as one library call: load the policy and the identity, verify first when trust
// is given (as `serve` would: a certificate that fails verification is refused for that reason,
// not by policy), then decide, and turn the decision into the verdict contract of DIAGNOSES.md.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::policy {

struct TestRequest {
  std::string policy_file;
  x509::IdentityFiles identity;
  std::vector<std::string> cacert;  // given: verify first, as the server would
  std::vector<std::string> crl;
  std::optional<std::string> source;
  std::optional<std::string> sni;
  core::TimePoint at;
};

struct TestRun {
  Policy policy;
  x509::Identity identity;
  std::optional<chain::CheckResult> verification;  // when --cacert was given
  bool reached = true;                             // verification passed (or was not asked): the policy decided
  Decision decision;                               // what the policy says (also when verification failed first)
  core::Report report;                             // verdict: ok, client-access-denied, or the verification cause
  core::TimePoint at;
};

struct TestFailure {
  core::Error error;
  bool identity_unreadable = false;
};

[[nodiscard]] std::expected<TestRun, TestFailure> test_files(const TestRequest& request,
                                                             const x509::PasswordProvider& password);

// The report of a decision alone (no verification): ok, or client-access-denied naming the rule
// (or the default) and the near misses as fixes.
[[nodiscard]] core::Report decision_report(const Policy& policy, const Decision& decision, const x509::CertFacts& leaf);

// A live verdict (`diagnose --policy`) read against the policy the server is meant to enforce:
// an access denial gets the rule that denies and the near misses as fixes; a denial the policy
// would not make, or an acceptance it would refuse, is a finding of its own.
void annotate(core::Report& report, const Policy& policy, const Decision& decision);

// Who decided: "rule 'office' (line 13)" or "the default (no rule matches, default at line 2)".
[[nodiscard]] std::string decider_label(const Policy& policy, const Decision& decision);
// "rule payments-services would allow you if your subject.OU were payments (it is sales)"
[[nodiscard]] std::string near_miss_text(const Policy& policy, const RuleResult& miss);
// What a condition wants, as written: its values, or its number for min_bits / min_remaining.
[[nodiscard]] std::vector<std::string> wanted(const Condition& condition);

}  // namespace mtlsdoctor::policy
