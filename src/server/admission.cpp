#include "mtlsdoctor/server/admission.h"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include "mtlsdoctor/policy/test_run.h"

namespace mtlsdoctor::server {
namespace {

using core::FindingId;

// RFC 8446 §6.2 / RFC 5246 §7.2 alert descriptions.
constexpr int kHandshakeFailure = 40;
constexpr int kBadCertificate = 42;
constexpr int kUnsupportedCertificate = 43;
constexpr int kCertificateRevoked = 44;
constexpr int kCertificateExpired = 45;
constexpr int kCertificateUnknown = 46;
constexpr int kUnknownCa = 48;
constexpr int kAccessDenied = 49;
constexpr int kDecryptError = 51;
constexpr int kInternalError = 80;
constexpr int kCertificateRequired = 116;

// For the errors the causes do not name, the alert OpenSSL's own servers send (libssl's
// ssl_x509err2alert), so that a client sees what it would see from nginx or Apache.
int openssl_alert(int code) noexcept {
  switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_CERT_CHAIN_TOO_LONG:
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN: return kUnknownCa;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CRL_HAS_EXPIRED: return kCertificateExpired;
    case X509_V_ERR_CERT_REVOKED: return kCertificateRevoked;
    case X509_V_ERR_INVALID_PURPOSE: return kUnsupportedCertificate;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE: return kDecryptError;
    case X509_V_ERR_OUT_OF_MEM:
    case X509_V_ERR_STORE_LOOKUP: return kInternalError;
    case X509_V_ERR_CERT_NOT_YET_VALID:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
    case X509_V_ERR_CA_MD_TOO_WEAK:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED: return kBadCertificate;
    default: return kCertificateUnknown;
  }
}

std::string who(const x509::Certificate& leaf) {
  const auto& s = leaf.facts().subject.rfc4514;
  return s.empty() ? "(empty subject)" : s;
}

}  // namespace

std::string address_host(std::string_view address) {
  if (!address.empty() && address.front() == '[') {
    const auto close = address.find(']');
    return std::string(address.substr(1, close == std::string_view::npos ? address.size() - 1 : close - 1));
  }
  const auto colon = address.rfind(':');
  // One colon: host:port. More: an IPv6 literal without a port.
  if (colon != std::string_view::npos && address.find(':') == colon) return std::string(address.substr(0, colon));
  return std::string(address);
}

Admission admit(const Gate& gate, std::span<const x509::Certificate> sent, const Peer& peer) {
  Admission out;
  if (sent.empty()) {
    out.cause = FindingId::ClientCertMissing;
    out.reason = "no client certificate was sent";
    return out;
  }
  out.leaf = sent.front();
  const chain::PeerVerifyOptions options{chain::Role::Client, peer.at, gate.security_level};
  auto verified = chain::verify_peer(gate.trust, sent.front(), sent.subspan(1), options);
  if (!verified) {
    out.cause = FindingId::ClientCertRejected;
    out.reason = fmt::format("verification could not run: {}", verified.error().message);
    return out;
  }
  out.verification = *verified;
  if (!verified->ok) {
    out.cause = verified->cause;
    out.reason = verified->depth == 0 ? fmt::format("the certificate of {}: {}", who(sent.front()), verified->reason)
                                      : fmt::format("{} at depth {} ({}) of {}'s chain", verified->reason,
                                                    verified->depth, verified->subject, who(sent.front()));
    return out;
  }
  if (!gate.policy) {
    out.allowed = true;
    out.reason = fmt::format("{} verified; no policy", who(sent.front()));
    return out;
  }
  auto input = policy::Input::make(sent.front().facts(), {address_host(peer.address), peer.sni, peer.at});
  if (!input) {
    // The source is not an address (a Unix socket): decide without it, so a source rule fails.
    input = policy::Input::make(sent.front().facts(), {std::nullopt, peer.sni, peer.at});
  }
  if (!input) {
    out.cause = FindingId::ClientCertRejected;
    out.reason = fmt::format("the policy could not run: {}", input.error().message);
    return out;
  }
  // The hot path asks for the decision only; a denial is decided again with its trace, which
  // the log line and the 403 body explain.
  auto decision = policy::decide(*gate.policy, *input, policy::Trace::None);
  if (!decision.allowed()) decision = policy::decide(*gate.policy, *input, policy::Trace::Full);
  out.allowed = decision.allowed();
  out.cause = out.allowed ? FindingId::Ok : FindingId::ClientAccessDenied;
  out.reason = fmt::format("{} {} {}", policy::decider_label(*gate.policy, decision), out.allowed ? "allows" : "denies",
                           who(sent.front()));
  out.decision = std::move(decision);
  return out;
}

int refusal_alert(const Admission& admission, bool tls13) noexcept {
  switch (admission.cause) {
    case FindingId::Ok: return 0;
    case FindingId::ClientCertMissing: return tls13 ? kCertificateRequired : kHandshakeFailure;
    case FindingId::ClientAccessDenied: return kAccessDenied;
    case FindingId::ClientCertUntrustedIssuer:
    case FindingId::ClientChainIncomplete: return kUnknownCa;
    case FindingId::ClientCertExpired: return kCertificateExpired;
    case FindingId::ClientCertRevoked: return kCertificateRevoked;
    case FindingId::ClientCertMissingClientAuthEku:
    case FindingId::ClientCertBadKeyUsage: return kUnsupportedCertificate;
    case FindingId::ClientCertNotYetValid:
    case FindingId::ClientCertWeak: return kBadCertificate;
    default:
      return admission.verification && !admission.verification->ok ? openssl_alert(admission.verification->code)
                                                                   : kCertificateUnknown;
  }
}

}  // namespace mtlsdoctor::server
