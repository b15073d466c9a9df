// diagnose as library calls: what the CLI (and later `monitor`) hands over — targets, an
// identity, the trust, the probe options — and what comes back: one verdict per target, or the
// identities a user holds ranked by what the server would make of them.
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/chain/trust_store.h"
#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/probe/probe.h"
#include "mtlsdoctor/x509/identity.h"
#include "mtlsdoctor/x509/inventory.h"

namespace mtlsdoctor::diagnose {

struct Request {
  std::optional<x509::IdentityFiles> identity;  // none: probe without a client certificate
  std::vector<std::string> cacert;              // anchors for the server's chain; empty: the system's
  std::vector<std::string> crl;                 // to check the client certificate's revocation
  std::string servername;                       // the name the server must hold (default: the target's host)
  probe::ProbeOptions options;                  // shared by every target (STARTTLS from a URL overrides)
  bool no_request = false;                      // no exchange after the handshake
  std::string no_proxy;                         // NO_PROXY: targets reached without options.proxy
  // Where else to look for the issuer of a certificate sent without it (docs/diagnose.md):
  std::vector<std::string> issuers;  // files or directories of the user's other certificates
  bool search_system_store = false;  // this machine's trust store (OpenSSL's default paths)
  bool fetch_issuers = false;        // the certificate behind the leaf's AIA caIssuers URL
};

// Everything shared by all targets, loaded once.
struct Prepared {
  std::optional<chain::Identity> identity;
  std::vector<x509::Certificate> anchors;
  std::string anchors_source;                     // the --cacert files, or the system bundle, for messages
  std::optional<chain::TrustStore> server_store;  // the anchors as one store, shared by every target
  std::vector<x509::Crl> crls;
  probe::ProbeOptions options;
  std::optional<probe::Credentials> credentials;
  std::optional<core::Report> refused;  // the client itself refuses the identity: nothing to send
  std::string servername;
  bool no_request = false;
  std::string no_proxy;
  IssuerSources issuer_sources;
};

struct PrepareFailure {
  core::Error error;
  bool identity_unreadable = false;  // the identity's files (vs. a CA or CRL file)
};

[[nodiscard]] std::expected<Prepared, PrepareFailure> prepare(const Request& request,
                                                              const x509::PasswordProvider& password);

// The options for one target: a postgres:// or smtp:// target brings its protocol, and a
// PostgreSQL URL its user and database.
[[nodiscard]] probe::ProbeOptions options_for(const Prepared& p, const probe::Target& target);

// One target's verdict from its probe. `client_check`: check_client() of p's identity at `now`,
// shared by many targets (nullptr: made here). `observed`: when the probe ran by this machine's
// clock, when `now` is another time (Inputs::observed_at).
[[nodiscard]] core::Result<core::Report> judge(const Prepared& p, const probe::Target& target,
                                               const core::Result<probe::Transcript>& transcript, core::TimePoint now,
                                               const chain::CheckResult* client_check = nullptr,
                                               std::optional<core::TimePoint> observed = std::nullopt);

struct TargetResult {
  core::Result<probe::Transcript> transcript;
  core::Result<core::Report> report;
};

// Every target probed on one event loop (at most `concurrency` in flight), then judged; the
// identity's offline check is made once. Results in input order.
[[nodiscard]] std::vector<TargetResult> run_targets(const Prepared& p, const std::vector<probe::Target>& targets,
                                                    std::size_t concurrency, const core::Clock& clock,
                                                    const probe::Progress& progress = {});

// "Which of my certificates will this server accept?"
struct RankedIdentity {
  chain::Identity identity;
  std::vector<core::Finding> faults;  // what would make the server refuse it, offline
  std::optional<core::Report> live;   // when tried
  // Where it was put together from: the certificate's file, then every other file its chain was
  // taken from (a client sending the certificate's file alone sends less).
  std::vector<std::string> files;
};

struct IdentityRanking {
  probe::Transcript first;  // the probe without a certificate: what the server asks for
  // Set when that probe failed before the server asked for a certificate: nothing to rank.
  std::optional<core::Report> unreachable;
  std::vector<RankedIdentity> ranked;         // fewest faults first, then the latest expiry
  std::vector<x509::FileProblem> unreadable;  // files that could not be read (a wrong PKCS#12 password)

  [[nodiscard]] bool accepted() const noexcept;
};

// Every certificate+key pair found in `paths` (files or directories), ranked against the
// server's acceptable CA names, validity, EKU and strength; the best `try_best` tried live.
[[nodiscard]] core::Result<IdentityRanking> rank_identities(const Prepared& p, const probe::Target& target,
                                                            const std::vector<std::string>& paths, int try_best,
                                                            const x509::PasswordProvider& password,
                                                            const core::Clock& clock);

}  // namespace mtlsdoctor::diagnose
