// Session 24: the last resort (a text with TLS, certificate or HTTP words and nothing more gets the
// usual hypotheses, never "not recognised"), and PHP's own reading of a server's no shared cipher
// (round added-2026-12-25, entry 1085). docs/explain.md, "Session 24".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb22, WildText,
    testing::Values(
        // Texts that name TLS or a certificate and no fault; before: no verdict at all.
        Wild{"words_only_x509", "x509 chain for the gateway looks different since Tuesday", "client-cert-missing",
             "server"},
        Wild{"words_only_mtls", "mTLS between the payments service and the ledger stopped working after the rotation",
             "client-cert-missing", "server"},
        Wild{"words_only_truststore", "Updated the truststore on the broker, clients still cannot get in",
             "client-cert-missing", "server"},
        // phpsocket.io#128: PHP's TLS server says why no cipher suite fitted: it has no certificate (a
        // local_cert path that led nowhere). Before: no-shared-cipher, negotiation.
        Wild{"php_server_no_local_cert",
             "Warning: stream_socket_enable_crypto(): SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used. "
             "\n This could be because the server is missing an SSL certificate (local_cert context option) in \n"
             "phps/vendor/workerman/workerman/Connection/TcpConnection.php on line 567",
             "server-identity-unreadable", "local"},
        // Erlang/OTP before 22 logs an alert with the place it was made: ssl_alert.erl for one the
        // peer sent, the refusing module for one this end raised. With a client's call in the text
        // (HTTPoison.get) that end is the client refusing the server; before: read as a received
        // alert, the server refusing the client (wild 640, hackney via HTTPoison).
        Wild{"otp_old_own_alert_in_a_client",
             "iex(1)> HTTPoison.get(\"https://app.promoter.io\")\n[error] SSL: :certify: ssl_handshake.erl:1401:Fatal "
             "error: unknown ca\n\n{:error, %HTTPoison.Error{id: nil, reason: {:tls_alert, 'unknown ca'}}}",
             "server-cert-untrusted", "client"},
        // ... and without words of either end it stays as written (a RabbitMQ server's own line,
        // docker-library/rabbitmq#144: the server refused the client's certificate).
        Wild{"otp_old_own_alert_alone", "SSL: certify: ssl_handshake.erl:1606:Fatal error: unknown ca",
             "client-cert-untrusted-issuer", "server"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
