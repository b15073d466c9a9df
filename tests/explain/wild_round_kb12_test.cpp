// Round kb12 of tests/explain/wild: the classes of the tune part that failed on 1089088 (round
// added-2026-12-11 first seen) and were fixed in general form (docs/explain.md, "Round kb12"),
// each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb12, WildText,
    testing::Values(
        // A SHA-1 signature in the ecosystem's own words: the API server's insecure-sha1
        // .invalid-cert.kubernetes.io warning and Go's "cannot verify signature: insecure algorithm"
        // inside the unknown-authority message (opa#4902, 731). Before: an untrusted CA.
        Wild{"kube_apiserver_webhook_sha1_signature",
             "I0719 10:41:58.891272       1 server_cert_deprecations.go:68] insecure-sha1.invalid-cert.kubernetes.io: "
             "invalid certificate detected connecting to \"opa.opa.svc\": uses an insecure SHA-1 signature\n"
             "W0719 10:41:58.891317       1 dispatcher.go:153] Failed calling webhook, failing closed "
             "validating-webhook.openpolicyagent.org: failed calling webhook "
             "\"validating-webhook.openpolicyagent.org\": "
             "failed to call webhook: Post \"https://opa.opa.svc:443/?timeout=10s\": x509: certificate signed by "
             "unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA "
             "(temporarily override with GODEBUG=x509sha1=1)\" while trying to verify candidate authority certificate "
             "\"admission_ca\")",
             "server-cert-weak", "client"},
        // A webhook certificate without subjectAltName, in GKE's words (kthena#1368, 734).
        // Before: no verdict.
        Wild{"gke_webhook_no_subjectaltnames",
             "invalid-cert.webhook.gke.io/kthena-webhook.default.svc: \"No subjectAltNames returned from "
             "kthena-webhook.default.svc:8443\"",
             "server-hostname-mismatch", "client"},
        // A client checking the server certificate's Enhanced Key Usage itself: QuickFIX/n
        // (quickfixn#446, 747). Before: no verdict.
        Wild{"quickfixn_remote_cert_not_for_server_auth",
             "Remote certificate is not intended for server authentication", "server-cert-missing-serverauth-eku",
             "client"},
        // libmosquitto's own host name check, connecting by IP address (mosquitto#2154, 752).
        // Before: no verdict.
        Wild{"libmosquitto_host_name_verification_failed", "Error: host name verification failed.",
             "server-hostname-mismatch", "client"},
        // JSSE (Java 8) refusing the version the server chose (LittleProxy#323, 760). Before: no
        // verdict.
        Wild{"jsse_server_chose_sslv3",
             "got SSLHandshakeException: Server chose SSLv3, but that protocol version is not enabled or not "
             "supported by the client.",
             "protocol-version-mismatch", "negotiation"},
        // Firefox's (NSS) code for no cipher suite in common (fossa#296, 762). Before: only the
        // "speaks TLS" fallback, a client without a certificate.
        Wild{"firefox_no_cypher_overlap", "ssl_error_no_cypher_overlap", "no-shared-cipher", "negotiation"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
