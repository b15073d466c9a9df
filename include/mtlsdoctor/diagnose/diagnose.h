// Live diagnosis: the transcript of one probe, read together with offline checks of the
// identity the client holds, becomes one verdict — who refused and why.
//
// Real servers rarely say why (../shared/SERVER-BEHAVIOUR.md): Go sends bad_certificate for
// everything, Java certificate_unknown, gnutls access_denied, Node closes, nginx answers HTTP
// 400. The alert or status narrows the candidates; the identity's own faults decide.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/chain/system_store.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/diagnose/issuer_fetch.h"
#include "mtlsdoctor/explain/knowledge_base.h"
#include "mtlsdoctor/probe/transcript.h"

namespace mtlsdoctor::diagnose {

// Where else to look for the issuer of a certificate sent without it, beyond what the client
// sends and the anchors (docs/diagnose.md, "A leaf sent without its issuer").
struct IssuerSources {
  std::vector<x509::Certificate> held;       // the user's other certificates (--issuers, --proxy-cacert)
  std::optional<chain::SystemStore> system;  // this machine's trust store; none: not searched
  std::shared_ptr<IssuerFetcher> fetcher;    // the AIA caIssuers download; null: nothing fetched (--no-fetch)
};

struct Inputs {
  const probe::Transcript& transcript;
  std::optional<chain::Identity> client;  // what the client presented (or would have)
  std::vector<x509::Crl> client_crls;     // to check the client certificate's revocation
  chain::Trust server_trust;              // anchors for the server's chain
  std::string server_name;                // the name the server must hold
  core::TimePoint now;
  int security_level = 2;  // the level the server is assumed to judge at (OpenSSL's default)
  // How alerts and verify codes are read (explain's table); nullptr: the built-in one.
  const explain::KnowledgeBase* knowledge = nullptr;
  // check_client(*client, client_crls, now, security_level), made once for many targets;
  // nullptr: diagnose() makes it.
  const chain::CheckResult* client_check = nullptr;
  // The store of server_trust, made once for many targets; nullptr: diagnose() makes it.
  const chain::TrustStore* server_store = nullptr;
  // When the probe ran by this machine's clock, for the clock skew against the server's Date
  // header; unset: `now`. Differs from `now` when validity is judged at another time (monitor
  // run --at): the server's clock is compared with ours, not with the pinned time.
  std::optional<core::TimePoint> observed_at;
  // nullptr: the issuer of a leaf sent alone is looked for only in what the client sends and
  // in the anchors.
  const IssuerSources* issuer_sources = nullptr;
};

// The offline check of the client identity that diagnose() reads (no trust anchors: the
// server's acceptable CA names stand in for them). It does not depend on the target, so a run
// over many targets makes it once.
[[nodiscard]] core::Result<chain::CheckResult> check_client(const chain::Identity& identity,
                                                            const std::vector<x509::Crl>& crls, core::TimePoint now,
                                                            int security_level);

[[nodiscard]] core::Result<core::Report> diagnose(const Inputs& in);

// What would make the server refuse `identity`, judged offline against what the transcript
// shows of the server (its acceptable CA names): empty when nothing is wrong. For ranking the
// identities a user holds ("which of my certificates will this server accept?").
[[nodiscard]] std::vector<core::Finding> identity_faults(const probe::Transcript& t, const chain::Identity& identity,
                                                         core::TimePoint now);

// The transcript as the JSON `handshake` member of the verdict contract.
[[nodiscard]] nlohmann::ordered_json transcript_json(const probe::Transcript& t);

}  // namespace mtlsdoctor::diagnose
