// The one table of finding ids. Slugs are the stable public vocabulary of
// ../shared/DIAGNOSES.md (causes) plus check ids of our own: add rows, never rename or repurpose.
//
// X(Enum, "slug", default severity, side that refuses, counterpart, rank, success, title)
//
// counterpart  the same fault judged the other way round: client-cert-expired (a server judged a
//              client's certificate) <-> server-cert-expired; NoCounterpart for ids that belong to
//              one role only (server-hostname-mismatch, client-access-denied) or to neither.
// rank         among certificate faults, which one a peer that stops at the first error reports:
//              the order of OpenSSL's verify_chain (build_chain, check_extensions,
//              check_auth_level, check_id, check_revocation, internal_verify), with local
//              problems first (nothing is sent). A fault and its counterpart share a rank; lower
//              comes first; Unranked ids come after every ranked one. Both the offline check's
//              verdict and diagnose's choice among a refused client's faults use this one order.
// success      Success: the verdict means the connection succeeded (ok, mtls-not-requested);
//              Other: anything else.
#pragma once

#define MTLSD_FINDING_IDS(X)                                                                                           \
  /* success */                                                                                                        \
  X(Ok, "ok", Info, None, NoCounterpart, Unranked, Success, "accepted")                                                \
  X(MtlsNotRequested, "mtls-not-requested", Warning, None, NoCounterpart, Unranked, Success,                           \
    "the server did not ask for a client certificate")                                                                 \
  /* access policy: policy lint, policy test and the server-configuration audit */                                     \
  X(PolicyRuleShadowed, "policy-rule-shadowed", Error, None, NoCounterpart, Unranked, Other,                           \
    "an earlier rule with the other action matches every certificate this rule matches")                               \
  X(PolicyRuleUnreachable, "policy-rule-unreachable", Warning, None, NoCounterpart, Unranked, Other,                   \
    "an earlier rule with the same action matches every certificate this rule matches")                                \
  X(PolicyRuleDuplicate, "policy-rule-duplicate", Warning, None, NoCounterpart, Unranked, Other,                       \
    "a rule has the same conditions as an earlier one")                                                                \
  X(PolicySerialOverlap, "policy-serial-overlap", Warning, None, NoCounterpart, Unranked, Other,                       \
    "serial numbers or ranges of rules with different actions overlap")                                                \
  X(PolicyMatchesEverything, "policy-matches-everything", Warning, None, NoCounterpart, Unranked, Other,               \
    "a glob, regular expression or network matches any value")                                                         \
  X(PolicyConditionNeverHolds, "policy-condition-never-holds", Error, None, NoCounterpart, Unranked, Other,            \
    "a condition no certificate can meet")                                                                             \
  X(PolicyCidrHostBits, "policy-cidr-host-bits", Warning, None, NoCounterpart, Unranked, Other,                        \
    "a network is written with host bits set")                                                                         \
  X(PolicyAllowsRefused, "policy-allows-refused", Warning, None, NoCounterpart, Unranked, Other,                       \
    "the policy allows the certificate the server refused: the server does not enforce this policy")                   \
  X(PolicyDeniesAccepted, "policy-denies-accepted", Warning, None, NoCounterpart, Unranked, Other,                     \
    "the server accepted a certificate the policy denies: the server does not enforce this policy")                    \
  X(PolicyNotEvaluated, "policy-not-evaluated", Warning, None, NoCounterpart, Unranked, Other,                         \
    "an access rule of the server's configuration could not be evaluated (Lua, njs, auth_request, an unknown "         \
    "variable)")                                                                                                       \
  X(ClientIssuerNotAdvertised, "client-issuer-not-advertised", Warning, None, NoCounterpart, Unranked, Other,          \
    "the CA names the server advertises do not include the issuer of the client certificate or its chain")             \
  /* transport and negotiation */                                                                                      \
  X(DnsFailure, "dns-failure", Error, Network, NoCounterpart, Unranked, Other, "the name does not resolve")            \
  X(ConnectionRefused, "connection-refused", Error, Network, NoCounterpart, Unranked, Other,                           \
    "the connection was refused")                                                                                      \
  X(ConnectionTimeout, "connection-timeout", Error, Network, NoCounterpart, Unranked, Other,                           \
    "the connection timed out")                                                                                        \
  X(ConnectionReset, "connection-reset", Error, Network, NoCounterpart, Unranked, Other, "the connection was reset")   \
  X(NotTls, "not-tls", Error, Network, NoCounterpart, Unranked, Other, "the peer does not speak TLS")                  \
  X(ProtocolVersionMismatch, "protocol-version-mismatch", Error, Negotiation, NoCounterpart, Unranked, Other,          \
    "no common TLS version")                                                                                           \
  X(NoSharedCipher, "no-shared-cipher", Error, Negotiation, NoCounterpart, Unranked, Other, "no common cipher suite")  \
  X(SniRequired, "sni-required", Error, Negotiation, NoCounterpart, Unranked, Other, "the server requires SNI")        \
  X(StartTlsNotOffered, "starttls-not-offered", Error, Negotiation, NoCounterpart, Unranked, Other,                    \
    "the server does not offer TLS on this protocol")                                                                  \
  X(StartTlsRefused, "starttls-refused", Error, Negotiation, NoCounterpart, Unranked, Other,                           \
    "the server refused to start TLS")                                                                                 \
  X(UnexpectedProtocol, "unexpected-protocol", Error, Network, NoCounterpart, Unranked, Other,                         \
    "the peer does not speak the protocol expected")                                                                   \
  X(SourceAddressUnusable, "source-address-unusable", Error, Local, NoCounterpart, Unranked, Other,                    \
    "the local address to connect from cannot be used")                                                                \
  X(ProxyUnreachable, "proxy-unreachable", Error, Network, NoCounterpart, Unranked, Other,                             \
    "the HTTP proxy cannot be reached")                                                                                \
  X(ProxyAuthRequired, "proxy-auth-required", Error, Network, NoCounterpart, Unranked, Other,                          \
    "the HTTP proxy requires credentials (407)")                                                                       \
  X(ProxyRefused, "proxy-refused", Error, Network, NoCounterpart, Unranked, Other,                                     \
    "the HTTP proxy refused to open a tunnel to the target")                                                           \
  /* the client rejects the server */                                                                                  \
  X(ServerCertUntrusted, "server-cert-untrusted", Error, Client, ClientCertUntrustedIssuer, 3, Other,                  \
    "server certificate not trusted")                                                                                  \
  X(ServerChainIncomplete, "server-chain-incomplete", Error, Client, ClientChainIncomplete, 4, Other,                  \
    "server chain incomplete")                                                                                         \
  X(ServerCertExpired, "server-cert-expired", Error, Client, ClientCertExpired, 11, Other,                             \
    "server certificate expired")                                                                                      \
  X(ServerCertNotYetValid, "server-cert-not-yet-valid", Error, Client, ClientCertNotYetValid, 12, Other,               \
    "server certificate not yet valid")                                                                                \
  X(ServerHostnameMismatch, "server-hostname-mismatch", Error, Client, NoCounterpart, 9, Other,                        \
    "server certificate does not match the name")                                                                      \
  X(ServerCertRevoked, "server-cert-revoked", Error, Client, ClientCertRevoked, 10, Other,                             \
    "server certificate revoked")                                                                                      \
  X(ServerCertMissingServerAuthEku, "server-cert-missing-serverauth-eku", Error, Client,                               \
    ClientCertMissingClientAuthEku, 5, Other, "server certificate lacks the serverAuth EKU")                           \
  X(ServerCertBadKeyUsage, "server-cert-bad-key-usage", Error, Client, ClientCertBadKeyUsage, 6, Other,                \
    "server certificate key usage unfit for TLS")                                                                      \
  X(ServerCertWeak, "server-cert-weak", Error, Client, ClientCertWeak, 8, Other,                                       \
    "server certificate key or signature too weak")                                                                    \
  X(ServerChainInvalid, "server-chain-invalid", Error, Client, ClientChainInvalid, 7, Other,                           \
    "a CA certificate in the server chain is invalid")                                                                 \
  X(ServerChainTooLarge, "server-chain-too-large", Error, Client, NoCounterpart, Unranked, Other,                      \
    "the server's handshake is larger than clients accept")                                                            \
  X(ServerKeyMismatch, "server-key-mismatch", Error, Local, ClientKeyMismatch, 1, Other,                               \
    "the private key does not match the server certificate")                                                           \
  X(ServerIdentityUnreadable, "server-identity-unreadable", Error, Local, NoCounterpart, Unranked, Other,              \
    "the server identity cannot be read")                                                                              \
  /* the server rejects the client */                                                                                  \
  X(ClientCertMissing, "client-cert-missing", Error, Server, NoCounterpart, Unranked, Other,                           \
    "no client certificate was sent")                                                                                  \
  X(ClientCertUntrustedIssuer, "client-cert-untrusted-issuer", Error, Server, ServerCertUntrusted, 3, Other,           \
    "client certificate issuer not trusted")                                                                           \
  X(ClientChainIncomplete, "client-chain-incomplete", Error, Server, ServerChainIncomplete, 4, Other,                  \
    "client chain incomplete")                                                                                         \
  X(ClientCertExpired, "client-cert-expired", Error, Server, ServerCertExpired, 11, Other,                             \
    "client certificate expired")                                                                                      \
  X(ClientCertNotYetValid, "client-cert-not-yet-valid", Error, Server, ServerCertNotYetValid, 12, Other,               \
    "client certificate not yet valid")                                                                                \
  X(ClientCertMissingClientAuthEku, "client-cert-missing-clientauth-eku", Error, Server,                               \
    ServerCertMissingServerAuthEku, 5, Other, "client certificate lacks the clientAuth EKU")                           \
  X(ClientCertBadKeyUsage, "client-cert-bad-key-usage", Error, Server, ServerCertBadKeyUsage, 6, Other,                \
    "client certificate key usage lacks digitalSignature")                                                             \
  X(ClientCertRevoked, "client-cert-revoked", Error, Server, ServerCertRevoked, 10, Other,                             \
    "client certificate revoked")                                                                                      \
  X(ClientCertWeak, "client-cert-weak", Error, Server, ServerCertWeak, 8, Other,                                       \
    "client certificate key or signature too weak")                                                                    \
  X(ClientChainInvalid, "client-chain-invalid", Error, Server, ServerChainInvalid, 7, Other,                           \
    "a CA certificate in the client chain is invalid")                                                                 \
  X(ClientAccessDenied, "client-access-denied", Error, Server, NoCounterpart, Unranked, Other,                         \
    "valid certificate refused by an access policy")                                                                   \
  X(ClientCertRejected, "client-cert-rejected", Error, Server, NoCounterpart, Unranked, Other,                         \
    "client certificate refused for an unknown reason")                                                                \
  X(ServiceRefused, "service-refused", Error, Server, NoCounterpart, Unranked, Other,                                  \
    "TLS succeeded, then the service refused for another reason")                                                      \
  /* local */                                                                                                          \
  X(ClientKeyMismatch, "client-key-mismatch", Error, Local, ServerKeyMismatch, 1, Other,                               \
    "the private key does not match the client certificate")                                                           \
  X(ClientKeyMissing, "client-key-missing", Error, Local, NoCounterpart, 2, Other,                                     \
    "no private key for the client certificate")                                                                       \
  X(ClientIdentityUnreadable, "client-identity-unreadable", Error, Local, NoCounterpart, Unranked, Other,              \
    "the client identity cannot be read")                                                                              \
  /* either side */                                                                                                    \
  X(ClockSkew, "clock-skew", Warning, Local, NoCounterpart, Unranked, Other, "the clocks disagree")                    \
  /* checks of our own: chain shape, coverage, hygiene */                                                              \
  X(ChainWrongOrder, "chain-wrong-order", Warning, None, NoCounterpart, Unranked, Other,                               \
    "chain certificates out of order")                                                                                 \
  X(ChainUnrelatedCert, "chain-unrelated-cert", Warning, None, NoCounterpart, Unranked, Other,                         \
    "certificate offered that is not part of the path")                                                                \
  X(ChainRootIncluded, "chain-root-included", Info, None, NoCounterpart, Unranked, Other,                              \
    "the root certificate is sent with the chain")                                                                     \
  X(ChainDuplicateCert, "chain-duplicate-cert", Info, None, NoCounterpart, Unranked, Other,                            \
    "a certificate is offered twice")                                                                                  \
  X(CertExpiresSoon, "cert-expires-soon", Warning, None, NoCounterpart, Unranked, Other, "a certificate expires soon") \
  X(CertExpired, "cert-expired", Error, None, NoCounterpart, Unranked, Other, "a certificate has expired")             \
  X(CertNotYetValid, "cert-not-yet-valid", Error, None, NoCounterpart, Unranked, Other,                                \
    "a certificate is not yet valid")                                                                                  \
  X(KeyWithoutCertificate, "key-without-certificate", Info, None, NoCounterpart, Unranked, Other,                      \
    "a private key matches no certificate given")                                                                      \
  X(RevocationNotChecked, "revocation-not-checked", Warning, None, NoCounterpart, Unranked, Other,                     \
    "revocation was not checked")                                                                                      \
  X(RevocationUnknown, "revocation-unknown", Warning, None, NoCounterpart, Unranked, Other,                            \
    "no usable CRL for a certificate")                                                                                 \
  X(TrustNotChecked, "trust-not-checked", Warning, None, NoCounterpart, Unranked, Other,                               \
    "no trust anchors given: trust was not checked")                                                                   \
  X(HostnameNotChecked, "hostname-not-checked", Info, None, NoCounterpart, Unranked, Other,                            \
    "no host name given: the name was not checked")                                                                    \
  X(KeyNotChecked, "key-not-checked", Info, None, NoCounterpart, Unranked, Other,                                      \
    "no private key given: key match was not checked")                                                                 \
  /* causes added for explain's reading of real-world texts (docs/finding-ids.md) */                                   \
  X(ClientChainTooLong, "client-chain-too-long", Error, Server, NoCounterpart, Unranked, Other,                        \
    "the client chain is longer than the server's verify depth allows")                                                \
  X(ServerChainExceedsVerifyDepth, "server-chain-exceeds-verify-depth", Error, Client, NoCounterpart, Unranked, Other, \
    "the server chain is longer than the client's verify depth allows")                                                \
  X(ClientTrustAnchorMissing, "client-trust-anchor-missing", Error, Local, NoCounterpart, Unranked, Other,             \
    "the client has no CA certificates to verify the server with")                                                     \
  X(ServerCaFileUnreadable, "server-ca-file-unreadable", Error, Local, NoCounterpart, Unranked, Other,                 \
    "the server cannot load the CA file it verifies clients with")                                                     \
  X(ServerOwnCertWeakDigest, "server-own-cert-weak-digest", Error, Local, NoCounterpart, Unranked, Other,              \
    "the server's own certificate chain is signed with a digest its TLS library refuses")                              \
  X(PlaintextToTlsPort, "plaintext-to-tls-port", Error, Negotiation, NoCounterpart, Unranked, Other,                   \
    "a plaintext client (HTTP, a proxy request) spoke to a TLS port")                                                  \
  X(ProxyTlsNotEnabled, "proxy-tls-not-enabled", Error, Local, NoCounterpart, Unranked, Other,                         \
    "a proxy forwards to an https backend without TLS enabled for proxying")                                           \
  X(PeerClosedWithoutCloseNotify, "peer-closed-without-close-notify", Error, Network, NoCounterpart, Unranked, Other,  \
    "the peer closed the connection without a TLS close_notify")                                                       \
  X(CrlExpired, "crl-expired", Error, Server, NoCounterpart, Unranked, Other,                                          \
    "the CRL the verifying side checks against has expired")                                                           \
  X(CrlUnusable, "crl-unusable", Error, Server, NoCounterpart, Unranked, Other,                                        \
    "the verifying side requires a CRL it cannot find or load")                                                        \
  X(ServerCertRevocationUnknown, "server-cert-revocation-unknown", Error, Client, NoCounterpart, Unranked, Other,      \
    "the client could not learn whether the server certificate is revoked")                                            \
  X(ClientCertHostnameCheck, "client-cert-hostname-check", Error, Server, NoCounterpart, Unranked, Other,              \
    "the server checks the client certificate's names against the client's address")                                   \
  X(HealthCheckProbe, "health-check-probe", Warning, Network, NoCounterpart, Unranked, Other,                          \
    "a health check or port probe opened and dropped the connection")                                                  \
  X(ServerNoSecureRenegotiation, "server-no-secure-renegotiation", Error, Negotiation, NoCounterpart, Unranked, Other, \
    "the server does not support RFC 5746 secure renegotiation, which the client requires")                            \
  X(TlsAuthKeyMismatch, "tls-auth-key-mismatch", Error, Negotiation, NoCounterpart, Unranked, Other,                   \
    "the two ends' OpenVPN tls-auth / tls-crypt keys differ: control packets are dropped before TLS starts")           \
  X(PostHandshakeAuthUnsupported, "post-handshake-auth-unsupported", Error, Negotiation, NoCounterpart, Unranked,      \
    Other, "the server asks for the client certificate after the TLS 1.3 handshake; the client does not offer that")   \
  /* monitor: CA-list drift (MONITOR.md) */                                                                            \
  X(CaListDrift, "ca-list-drift", Warning, None, NoCounterpart, Unranked, Other,                                       \
    "the server's acceptable client-CA names do not list the CA that issued our identity")                             \
  X(CaListSuccessorMissing, "ca-list-successor-missing", Warning, None, NoCounterpart, Unranked, Other,                \
    "the server's acceptable client-CA names do not yet list the successor CA")

namespace mtlsdoctor::core {

enum class FindingId {
#define MTLSD_ENUM(name, slug, severity, side, counterpart, rank, success, title) name,
  MTLSD_FINDING_IDS(MTLSD_ENUM)
#undef MTLSD_ENUM
};

}  // namespace mtlsdoctor::core
