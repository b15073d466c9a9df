// Whether `serve` lets a client in, and the alert that names why not: verification first (trust,
// validity, clientAuth, revocation — what an OpenSSL server checks), then the policy on a
// certificate that passed. Pure: certificates and connection facts in, a decision out; the TLS
// library and the sockets are the server's.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "mtlsdoctor/chain/peer_verify.h"
#include "mtlsdoctor/chain/trust_store.h"
#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/finding_ids.h"
#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::server {

// What a connection is judged against; replaced whole on reload.
struct Gate {
  chain::TrustStore trust;
  std::optional<policy::Policy> policy;  // none: every verified certificate is allowed
  int security_level = 2;
};

// The connection around the certificate.
struct Peer {
  std::string address;  // "192.0.2.7:51234", "[2001:db8::7]:51234"
  std::optional<std::string> sni;
  bool tls13 = true;
  core::TimePoint at;
};

struct Admission {
  bool allowed = false;
  core::FindingId cause = core::FindingId::Ok;  // ok, client-cert-missing, …, client-access-denied
  std::string reason;                           // one sentence: why
  std::optional<x509::Certificate> leaf;        // the certificate sent, when one was
  std::optional<chain::PeerVerification> verification;
  std::optional<policy::Decision> decision;  // when the policy ran (full trace for a denial)
};

// `sent`: the client's Certificate message, leaf first; empty when it sent none.
[[nodiscard]] Admission admit(const Gate& gate, std::span<const x509::Certificate> sent, const Peer& peer);

// The TLS alert that names a refusal's cause (RFC 8446 §6.2 numbers): 116/40 no certificate,
// 48 unknown CA, 45 expired, 44 revoked, 43 no clientAuth, 42 not yet valid or weak,
// 49 access denied, and OpenSSL's own choice (ssl_x509err2alert) for the rest.
[[nodiscard]] int refusal_alert(const Admission& admission, bool tls13) noexcept;

// The host part of "192.0.2.7:51234" / "[::1]:51234".
[[nodiscard]] std::string address_host(std::string_view address);

}  // namespace mtlsdoctor::server
