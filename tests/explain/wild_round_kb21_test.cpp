// Session 23: classes the BoringSSL, browsers and Schannel catalogs (tests/explain/catalog) found
// read wrong or not at all, each with a text in the wording of the source that prints it (the
// catalog row cites the line). Who wrote the line decides most of them (docs/explain.md "Session 23").
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb21, WildText,
    testing::Values(
        // Envoy's access log names the leg: the listener's (downstream) field is a server's log, so a
        // received unknown_ca is the client refusing Envoy's certificate. Before: the server refusing
        // the client's (client-cert-untrusted-issuer, server).
        Wild{"envoy_downstream_received_unknown_ca",
             "{\"start_time\":\"2025-03-05T07:22:38.631Z\",\"downstream_remote_address\":\"10.244.0.9:46872\","
             "\"downstream_transport_failure_reason\":\"TLS_error:|268436504:SSL_routines:OPENSSL_internal:"
             "TLSV1_ALERT_UNKNOWN_CA:TLS_error_end\"}",
             "server-cert-untrusted", "client"},
        // ... and a failed verification there is Envoy refusing the client's certificate; before: the
        // client refusing Envoy's (server-cert-untrusted, client). A JSON log carries both legs'
        // fields: the one holding the error decides.
        Wild{"envoy_downstream_certificate_verify_failed",
             "{\"upstream_transport_failure_reason\":\"-\",\"downstream_transport_failure_reason\":\"TLS_error:|"
             "268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end\"}",
             "client-cert-untrusted-issuer", "server"},
        Wild{"envoy_upstream_certificate_verify_failed",
             "{\"upstream_transport_failure_reason\":\"TLS_error:|268435581:SSL_routines:OPENSSL_internal:"
             "CERTIFICATE_VERIFY_FAILED:TLS_error_end\",\"downstream_transport_failure_reason\":\"-\"}",
             "server-cert-untrusted", "client"},
        // A client SAN the listener does not admit is an access rule, not a host-name check.
        Wild{"envoy_downstream_verify_san_list",
             "{\"downstream_transport_failure_reason\":\"TLS_error:|268435581:SSL_routines:OPENSSL_internal:"
             "CERTIFICATE_VERIFY_FAILED:verify_cert_failed:_verify_SAN_list:TLS_error_end\"}",
             "client-access-denied", "server"},
        // curl prints "SSL certificate verification failed" with no reason only when its own verify
        // result is OK: the server's certificate_expired alert (lib/vtls/openssl.c). Before: curl
        // refusing the server's certificate.
        Wild{"curl_60_verification_failed_without_a_code", "curl: (60) SSL certificate verification failed",
             "client-cert-expired", "server"},
        // Only a server raises OpenSSL's and BoringSSL's HTTP_REQUEST. Before: not-tls, network.
        Wild{"boringssl_http_request", "error:1000009c:SSL routines:OPENSSL_internal:HTTP_REQUEST",
             "plaintext-to-tls-port", "negotiation"},
        // Windows: SChannel's event text for an alert, and SSPI statuses curl's Schannel backend
        // prints. Before: no verdict, or curl's generic exit 35 (client-cert-missing, server).
        Wild{"schannel_event_36888_protocol_version",
             "A fatal alert was generated and sent to the remote endpoint. This may result in termination of "
             "the connection. The TLS protocol defined fatal error code is 70. The Windows SChannel error "
             "state is 105.",
             "protocol-version-mismatch", "negotiation"},
        Wild{"curl_schannel_unsupported_function",
             "curl: (35) schannel: next InitializeSecurityContext failed: SEC_E_UNSUPPORTED_FUNCTION (0x80090302) - "
             "The function requested is not supported",
             "protocol-version-mismatch", "negotiation"},
        Wild{"curl_schannel_revoked",
             "curl: (35) schannel: next InitializeSecurityContext failed: CRYPT_E_REVOKED (0x80092010) - The "
             "certificate is revoked.",
             "server-cert-revoked", "client"},
        // IIS's detailed error page is the server's judgement of the client's certificate: its
        // HRESULT (CERT_E_UNTRUSTEDROOT) is about the client's chain. Before: server-cert-untrusted.
        Wild{"iis_403_16_page",
             "Server Error in Application \"Default Web Site\"\nHTTP Error 403.16 - Forbidden\nHRESULT: "
             "0x800b0109\nDescription of HRESULT\nYour client certificate is either not trusted or is invalid.",
             "client-cert-untrusted-issuer", "server"},
        // Firefox and Chrome codes that had no entry (no verdict, or the generic reading).
        Wild{"firefox_not_yet_valid", "MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE", "server-cert-not-yet-valid",
             "client"},
        Wild{"firefox_expired_issuer", "SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE", "server-chain-invalid", "client"},
        Wild{"chrome_weak_key", "net::ERR_CERT_WEAK_KEY", "server-cert-weak", "client"},
        // Round added-2026-12-24's tuning half: a must-staple certificate served without a stapled
        // OCSP answer (voyagermesh/voyager#531, 1075). Before: the generic TLS failure,
        // client-cert-missing server.
        Wild{"firefox_required_tls_feature_missing",
             "Today I tried to visit using Firefox one of the sites we are testing in a new kubernetes using one of "
             "those generated SSL certificates and I got this error:\nMOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING\n"
             "After a check using ssllabs.com I saw this:\nOCSP Must Staple | Supported, OCSP response not stapled",
             "server-cert-revocation-unknown", "client"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
