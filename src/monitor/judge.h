// From a chain check's findings to one item state and its cause (MONITOR.md "States").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/chain/trust_store.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::monitor::detail {

struct OnlineChecks;

// The stores made of an entry's trust and the CRLs of a set of distribution points, by that set:
// thousands of certificates of one CA name the same URL, and share one store.
struct FetchedStores {
  std::map<std::string, chain::TrustStore> by_urls;
};

// What one certificate (or identity) is judged with.
struct JudgeInputs {
  const chain::TrustStore* trust = nullptr;
  bool cacert_configured = false;  // without it, trust-not-checked is information, not a warning
  bool crl_configured = false;     // likewise revocation-not-checked
  CertRole role = CertRole::Client;
  Thresholds thresholds;
  core::TimePoint at;
  int security_level = 2;
  chain::Verifier verifier = chain::Verifier::Fastest;
  // CRL distribution points and OCSP, asked once per sweep; none: not asked.
  OnlineChecks* online = nullptr;
  FetchedStores* fetched_stores = nullptr;  // none: a store is made for each certificate
};

// The state one finding stands for.
[[nodiscard]] State state_of(const core::Finding& f) noexcept;

// Fills the item's certificate, state, cause, reason and findings from a check of `identity`.
void judge(Item& item, const chain::Identity& identity, const JudgeInputs& in);

// The item could not be read or reached: state unknown, the error as its one finding.
void mark_unknown(Item& item, core::FindingId cause, const core::Error& error);

// Picks state, cause and reason from the item's findings (sorted worst first on the way).
void decide(Item& item);

// The role a certificate is judged for: CA by basicConstraints, else by its EKU.
[[nodiscard]] CertRole role_of(const x509::CertFacts& f, RoleHint hint) noexcept;

// Reads a password file's first line for PKCS#12 files and encrypted keys.
[[nodiscard]] x509::PasswordProvider password_from(const std::optional<std::filesystem::path>& file);

// The anchors and CRLs of an entry, made into a store; errors name the file.
[[nodiscard]] core::Result<chain::TrustStore> make_trust(const std::optional<std::filesystem::path>& cacert,
                                                         const std::vector<std::filesystem::path>& crls,
                                                         const x509::PasswordProvider& password);

}  // namespace mtlsdoctor::monitor::detail
