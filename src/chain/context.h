// Shared state while one identity is judged: inputs, the built path, and the findings so far.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/hint.h"
#include "mtlsdoctor/core/shell_quote.h"
#include "role.h"
#include "verify.h"

namespace mtlsdoctor::chain::detail {

struct Context {
  const Identity& identity;
  const Trust& trust;
  const CheckOptions& options;
  VerifyOutcome verify;
  std::vector<core::Finding> findings;
  std::map<core::FindingId, core::Confidence> confidence;  // where less than certain

  [[nodiscard]] const x509::CertFacts& leaf() const { return identity.leaf.facts(); }
  // A fault named by its client id, as this role reports it (id_for).
  [[nodiscard]] core::FindingId id(core::FindingId client_id) const noexcept { return id_for(options.role, client_id); }
  [[nodiscard]] core::Subject subject() const noexcept { return subject_for(options.role); }
  [[nodiscard]] std::string cert_file() const {
    return identity.cert_file.empty() ? std::string("cert.pem") : identity.cert_file;
  }
  // The same, as one word of a suggested shell command.
  [[nodiscard]] std::string cert_arg() const { return core::shell_quote(cert_file()); }
  // "CN=Lab Client Root" or "CN=A, CN=B" — the anchors, for messages.
  [[nodiscard]] std::string anchor_names() const;
  // The certificate at `depth` of the built path, if it was built that far.
  [[nodiscard]] const x509::Certificate* at_depth(int depth) const;
  core::Finding& add(core::FindingId id, core::Subject subject, std::string message);
};

// Basic facts of one certificate as evidence.
[[nodiscard]] core::Evidence cert_evidence(const x509::CertFacts& f);
// The finding concerns this certificate, at this depth of the path when it is on it (typed fields).
void about(core::Finding& finding, const x509::CertFacts& cert, std::optional<int> depth);

// OpenSSL's verification errors, turned into findings.
void add_verify_findings(Context& ctx);
// Extended and plain key usage, read from the leaf's facts.
void add_usage_findings(Context& ctx);
// Key match, chain order, strays, roots, coverage of what could not be checked, expiry soon.
void add_hygiene_findings(Context& ctx);

}  // namespace mtlsdoctor::chain::detail
