// Session 19 (round added-2026-12-15 of tests/explain/wild): the classes of its tune part that
// failed on first sight (31c800a) and were fixed in general form (docs/explain.md, "Round
// added-2026-12-15"), each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb16, WildText,
    testing::Values(
        // Apache's 400 page for plain HTTP sent to its TLS port (PHP-Login#237, 896). Before: the generic
        // "TLS words" fallback, a missing client certificate.
        Wild{"apache_plain_http_to_ssl_port",
             "Bad Request\n"
             "Your browser sent a request that this server could not understand.\n"
             "Reason: You're speaking plain HTTP to an SSL-enabled server port.\n"
             "Instead use the HTTPS scheme to access this URL, please.\n"
             "Additionally, a 400 Bad Request error was encountered while trying to use an ErrorDocument to handle the "
             "request.",
             "plaintext-to-tls-port", "negotiation"},
        // grpc-java refusing a server that did not select h2 by ALPN (grpc-java#11744, 897). Before: no
        // verdict.
        Wild{"grpc_java_failed_alpn_negotiation", "Failed ALPN negotiation: Unable to find compatible protocol.",
             "unexpected-protocol", "network"},
        // Tomcat unable to load the keystore of its own certificate (spring-boot#21482, 899). Before: no
        // verdict.
        Wild{"tomcat_keystore_load_failed",
             "Caused by: java.io.IOException: Failed to load keystore type [JKS] with path [springbootssl:keyStore] "
             "due to [Illegal char <:> at index 13: springbootssl:keyStore]",
             "server-identity-unreadable", "local"},
        // rustls 0.20 with webpki's enum name, "invalid peer certificate: CertExpired" (poem#290, 901),
        // beside the server's received BadCertificate. Before: the alert, an untrusted client issuer.
        Wild{"rustls_020_invalid_peer_certificate_cert_expired",
             "---- listener::rustls::tests::tls_listener stdout ----\n"
             "thread 'listener::rustls::tests::tls_listener' panicked at 'called `Result::unwrap()` on an `Err` value: "
             "Custom { kind: InvalidData, error: InvalidCertificateData(\"invalid peer certificate: CertExpired\") }', "
             "poem/src/listener/rustls.rs:455:70\n"
             "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
             "thread 'listener::rustls::tests::tls_listener' panicked at 'called `Result::unwrap()` on an `Err` value: "
             "Custom { kind: InvalidData, error: AlertReceived(BadCertificate) }', poem/src/listener/rustls.rs:460:44",
             "server-cert-expired", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
