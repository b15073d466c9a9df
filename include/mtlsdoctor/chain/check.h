// Would a peer accept this identity? Path building as OpenSSL does it, every problem recorded
// per certificate and depth, then one verdict.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/trust_store.h"
#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/crl.h"
#include "mtlsdoctor/x509/identity.h"
#include "mtlsdoctor/x509/private_key.h"

namespace mtlsdoctor::chain {

enum class Role { Client, Server };
[[nodiscard]] std::string_view to_string(Role r) noexcept;

// The identity judged (see x509/identity.h for how it is loaded from files).
using Identity = x509::Identity;

// Who judges a certificate that is judged alone (no trusted CAs, no CRLs, nothing sent with
// it): Fastest answers from its facts where they are all OpenSSL's verifier would read
// (src/chain/lone_leaf.h); OpenSslOnly always builds OpenSSL's X509 and runs X509_verify_cert.
// The answers are the same; the tests hold them to it.
enum class Verifier { Fastest, OpenSslOnly };

struct CheckOptions {
  Role role = Role::Client;
  std::optional<std::string> host;  // server role: the name or IP the client connects to
  core::TimePoint at;
  int security_level = 2;  // OpenSSL's default: RSA ≥ 2048, no SHA-1
  std::chrono::days expiry_warning{30};
  Verifier verifier = Verifier::Fastest;
  // A certificate at rest (monitor: 10,000 of them), for which no host is ever given: no
  // hostname-not-checked finding is made (with its list of names) to be thrown away. An
  // information finding, so the verdict, every other finding and their order are the same.
  bool at_rest = false;
};

// One certificate of the built path, leaf first.
struct PathEntry {
  x509::Certificate cert;
  bool anchor = false;  // taken from the trust anchors
};

struct CheckResult {
  core::Report report;
  std::vector<PathEntry> path;  // as far as it could be built
  bool trusted = false;         // reaches an anchor
};

// Against a store made once for many checks.
[[nodiscard]] core::Result<CheckResult> check_identity(const Identity& identity, const TrustStore& trust,
                                                       const CheckOptions& options);
// For a single check: makes the store of `trust` first.
[[nodiscard]] core::Result<CheckResult> check_identity(const Identity& identity, const Trust& trust,
                                                       const CheckOptions& options);

}  // namespace mtlsdoctor::chain
