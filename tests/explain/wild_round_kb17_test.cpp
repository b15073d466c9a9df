// Session 19, round added-2026-12-16 of tests/explain/wild: the classes of its tune part that failed
// on first sight (d6a6ff2), one of the round before that the same class fixed, and two that the audit
// of the tuning failures found decided by their words, each with the entry's own real text
// (docs/explain.md, "Round added-2026-12-16").
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb17, WildText,
    testing::Values(
        // Android 4.4's OpenSSL 1.0 naming its state: the alert came while it waited for the ServerHello
        // (Fast-Android-Networking#329, 915). Before: a bare handshake failure, a missing client certificate.
        Wild{"android_openssl10_alert_before_server_hello",
             "com.androidnetworking.error.ANError: javax.net.ssl.SSLHandshakeException: "
             "javax.net.ssl.SSLProtocolException: SSL handshake aborted: ssl=0x7b9c42b0: Failure in SSL library, "
             "usually a protocol error\n"
             "    error:14077410:SSL routines:SSL23_GET_SERVER_HELLO:sslv3 alert handshake failure "
             "(external/openssl/ssl/s23_clnt.c:741 0x76c7cce0:0x00000000)",
             "protocol-version-mismatch", "negotiation"},
        // An old curl -v trace: the alert right after "Client hello (1):", curl forced to SSLv3
        // (proftpd#1273, 905). Before: a bare handshake failure, a missing client certificate.
        Wild{"curl_trace_alert_after_client_hello",
             "curl -3 --verbose --ftp-ssl ftp://mysrv:990/ --user 'max' -T uptime.log -k\n"
             " About to connect() to mysrv port 990\n"
             "   Trying 172.22.22.114... connected\n"
             " Connected to mysrv (172.22.22.114) port 990\n"
             "< 220 ftps server\n"
             "> AUTH SSL\n"
             "< 234 AUTH SSL successful\n"
             " successfully set certificate verify locations:\n"
             "   CAfile: /etc/pki/tls/certs/ca-bundle.crt\n"
             "  CApath: none\n"
             " SSLv3, TLS handshake, Client hello (1):\n"
             "SSLv3, TLS alert, Server hello (2):\n"
             "error:14094410:SSL routines:SSL3_READ_BYTES:sslv3 alert handshake failure\n"
             " Closing connection #0\n"
             "curl: (35) error:14094410:SSL routines:SSL3_READ_BYTES:sslv3 alert handshake failure",
             "protocol-version-mismatch", "negotiation"},
        // PHP's built-in web server given a TLS ClientHello (discovery-php#2, 918). Before: Chrome's
        // ERR_CONNECTION_CLOSED beside it, a reset by the server.
        Wild{"php_cli_server_unsupported_ssl_request",
             "[Thu Feb  4 17:40:42 2016] 127.0.0.1:51663 Invalid request (Unsupported SSL request)\n"
             "[Thu Feb  4 17:40:42 2016] 127.0.0.1:51665 Invalid request (Unsupported SSL request)\n"
             "[Thu Feb  4 17:40:42 2016] 127.0.0.1:51667 Invalid request (Unsupported SSL request)\n"
             "\n"
             "> This site can’t be reached\n"
             "> localhost unexpectedly closed the connection.\n"
             "> ERR_CONNECTION_CLOSED",
             "not-tls", "network"},
        // Envoy refusing a listener whose TLS certificate has no chain (envoy#6768, 925). Before: no verdict.
        Wild{"envoy_tls_certificate_validation_missing_chain",
             "[2019-04-26 16:32:29.677][000001][warning][config] "
             "[bazel-out/k8-opt/bin/source/common/config/_virtual_includes/grpc_mux_subscription_lib/common/config/"
             "grpc_mux_subscription_impl.h:70] gRPC config for type.googleapis.com/envoy.api.v2.Listener rejected: "
             "Proto constraint validation failed (ListenerValidationError.FilterChains[i]: [\"embedded message failed "
             "validation\"] | caused by FilterChainValidationError.TlsContext: [\"embedded message failed "
             "validation\"] | caused by DownstreamTlsContextValidationError.CommonTlsContext: [\"embedded message "
             "failed validation\"] | caused by CommonTlsContextValidationError.TlsCertificates[i]: [\"embedded message "
             "failed validation\"] | caused by TlsCertificateValidationError.CertificateChain: [\"embedded message "
             "failed validation\"] | caused by field: \"specifier\", reason: is required): name",
             "server-identity-unreadable", "local"},
        // Java 7/8's grammar, "Certificates does not conform to algorithm constraints" (validator#385, 935).
        // Before: no verdict.
        Wild{
            "java_certificates_does_not_conform_algorithm_constraints",
            "IO Error: java.security.cert.CertificateException: Certificates does not conform to algorithm constraints",
            "server-cert-weak", "client"},
        // Verify code 67, "CA certificate key too weak", read as a weak chain like code 68 and like
        // mtls-doctor check (hbmqtt, 090; from the session-19 audit). Before: a chain that is invalid.
        Wild{"openssl_verify_67_ca_key_too_weak",
             "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: CA certificate "
             "key too weak (_ssl.c:1051)\n"
             "asyncio: ERROR: SSL error in data received\n"
             "hbmqtt.client: WARNING: MQTT connection failed: SSLCertVerificationError(1, '[SSL: "
             "CERTIFICATE_VERIFY_FAILED] certificate verify failed: CA certificate key too weak (_ssl.c:1051)')",
             "server-cert-weak", "client"},
        // Chrome's older "SSL connection error" page, which names the missing client certificate itself
        // (102; from the session-19 audit). Before: ERR_SSL_PROTOCOL_ERROR alone, a refused certificate.
        Wild{"chrome_ssl_connection_error_page_no_client_cert",
             "SSL connection error\n"
             "\n"
             "Unable to make a secure connection to the server. This may be a problem with the server, or it may be "
             "requiring a client authentication certificate that you don't have.\n"
             "Error code: ERR_SSL_PROTOCOL_ERROR",
             "client-cert-missing", "server"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
