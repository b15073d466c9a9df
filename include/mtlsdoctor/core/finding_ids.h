// The one table of finding ids. Slugs are the stable public vocabulary of
// ../shared/DIAGNOSES.md (causes) plus check ids of our own: add rows, never rename or repurpose.
//
// X(Enum, "slug", default severity, side that refuses, title)
#pragma once

#define MTLSD_FINDING_IDS(X)                                                                         \
  /* success */                                                                                      \
  X(Ok, "ok", Info, None, "accepted")                                                                \
  X(MtlsNotRequested, "mtls-not-requested", Warning, None, "the server did not ask for a client certificate") \
  /* transport and negotiation */                                                                    \
  X(DnsFailure, "dns-failure", Error, Network, "the name does not resolve")                          \
  X(ConnectionRefused, "connection-refused", Error, Network, "the connection was refused")           \
  X(ConnectionTimeout, "connection-timeout", Error, Network, "the connection timed out")             \
  X(ConnectionReset, "connection-reset", Error, Network, "the connection was reset")                 \
  X(NotTls, "not-tls", Error, Network, "the peer does not speak TLS")                                \
  X(ProtocolVersionMismatch, "protocol-version-mismatch", Error, Negotiation, "no common TLS version") \
  X(NoSharedCipher, "no-shared-cipher", Error, Negotiation, "no common cipher suite")                \
  X(SniRequired, "sni-required", Error, Negotiation, "the server requires SNI")                       \
  X(StartTlsNotOffered, "starttls-not-offered", Error, Negotiation, "the server does not offer TLS on this protocol") \
  X(StartTlsRefused, "starttls-refused", Error, Negotiation, "the server refused to start TLS")     \
  X(UnexpectedProtocol, "unexpected-protocol", Error, Network, "the peer does not speak the protocol expected") \
  /* the client rejects the server */                                                                \
  X(ServerCertUntrusted, "server-cert-untrusted", Error, Client, "server certificate not trusted")   \
  X(ServerChainIncomplete, "server-chain-incomplete", Error, Client, "server chain incomplete")       \
  X(ServerCertExpired, "server-cert-expired", Error, Client, "server certificate expired")           \
  X(ServerCertNotYetValid, "server-cert-not-yet-valid", Error, Client, "server certificate not yet valid") \
  X(ServerHostnameMismatch, "server-hostname-mismatch", Error, Client, "server certificate does not match the name") \
  X(ServerCertRevoked, "server-cert-revoked", Error, Client, "server certificate revoked")           \
  X(ServerCertMissingServerAuthEku, "server-cert-missing-serverauth-eku", Error, Client, "server certificate lacks the serverAuth EKU") \
  X(ServerCertBadKeyUsage, "server-cert-bad-key-usage", Error, Client, "server certificate key usage unfit for TLS") \
  X(ServerCertWeak, "server-cert-weak", Error, Client, "server certificate key or signature too weak") \
  X(ServerChainInvalid, "server-chain-invalid", Error, Client, "a CA certificate in the server chain is invalid") \
  X(ServerChainTooLarge, "server-chain-too-large", Error, Client, "the server's handshake is larger than clients accept") \
  X(ServerKeyMismatch, "server-key-mismatch", Error, Local, "the private key does not match the server certificate") \
  X(ServerIdentityUnreadable, "server-identity-unreadable", Error, Local, "the server identity cannot be read") \
  /* the server rejects the client */                                                                \
  X(ClientCertMissing, "client-cert-missing", Error, Server, "no client certificate was sent")       \
  X(ClientCertUntrustedIssuer, "client-cert-untrusted-issuer", Error, Server, "client certificate issuer not trusted") \
  X(ClientChainIncomplete, "client-chain-incomplete", Error, Server, "client chain incomplete")       \
  X(ClientCertExpired, "client-cert-expired", Error, Server, "client certificate expired")           \
  X(ClientCertNotYetValid, "client-cert-not-yet-valid", Error, Server, "client certificate not yet valid") \
  X(ClientCertMissingClientAuthEku, "client-cert-missing-clientauth-eku", Error, Server, "client certificate lacks the clientAuth EKU") \
  X(ClientCertBadKeyUsage, "client-cert-bad-key-usage", Error, Server, "client certificate key usage lacks digitalSignature") \
  X(ClientCertRevoked, "client-cert-revoked", Error, Server, "client certificate revoked")           \
  X(ClientCertWeak, "client-cert-weak", Error, Server, "client certificate key or signature too weak") \
  X(ClientChainInvalid, "client-chain-invalid", Error, Server, "a CA certificate in the client chain is invalid") \
  X(ClientAccessDenied, "client-access-denied", Error, Server, "valid certificate refused by an access policy") \
  X(ClientCertRejected, "client-cert-rejected", Error, Server, "client certificate refused for an unknown reason") \
  X(ServiceRefused, "service-refused", Error, Server, "TLS succeeded, then the service refused for another reason") \
  /* local */                                                                                        \
  X(ClientKeyMismatch, "client-key-mismatch", Error, Local, "the private key does not match the client certificate") \
  X(ClientKeyMissing, "client-key-missing", Error, Local, "no private key for the client certificate") \
  X(ClientIdentityUnreadable, "client-identity-unreadable", Error, Local, "the client identity cannot be read") \
  /* either side */                                                                                  \
  X(ClockSkew, "clock-skew", Warning, Local, "the clocks disagree")                                  \
  /* checks of our own: chain shape, coverage, hygiene */                                            \
  X(ChainWrongOrder, "chain-wrong-order", Warning, None, "chain certificates out of order")         \
  X(ChainUnrelatedCert, "chain-unrelated-cert", Warning, None, "certificate offered that is not part of the path") \
  X(ChainRootIncluded, "chain-root-included", Info, None, "the root certificate is sent with the chain") \
  X(ChainDuplicateCert, "chain-duplicate-cert", Info, None, "a certificate is offered twice")       \
  X(CertExpiresSoon, "cert-expires-soon", Warning, None, "a certificate expires soon")              \
  X(CertExpired, "cert-expired", Error, None, "a certificate has expired")                          \
  X(CertNotYetValid, "cert-not-yet-valid", Error, None, "a certificate is not yet valid")           \
  X(KeyWithoutCertificate, "key-without-certificate", Info, None, "a private key matches no certificate given") \
  X(RevocationNotChecked, "revocation-not-checked", Warning, None, "revocation was not checked")     \
  X(RevocationUnknown, "revocation-unknown", Warning, None, "no usable CRL for a certificate")       \
  X(TrustNotChecked, "trust-not-checked", Warning, None, "no trust anchors given: trust was not checked") \
  X(HostnameNotChecked, "hostname-not-checked", Info, None, "no host name given: the name was not checked") \
  X(KeyNotChecked, "key-not-checked", Info, None, "no private key given: key match was not checked")

namespace mtlsdoctor::core {

enum class FindingId {
#define MTLSD_ENUM(name, slug, severity, side, title) name,
  MTLSD_FINDING_IDS(MTLSD_ENUM)
#undef MTLSD_ENUM
};

}  // namespace mtlsdoctor::core
