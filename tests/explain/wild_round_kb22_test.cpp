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
             "client-cert-untrusted-issuer", "server"},
        // Classes the OpenSSL, PHP and Perl catalogs (tests/explain/catalog) found; each failed before.
        // s_client reset before the server sent a byte: no certificate was asked for yet (before:
        // mtls-not-requested, none, from "No client certificate CA names sent").
        Wild{"s_client_reset_before_server_hello",
             "CONNECTED(00000003)\nwrite:errno=104\n---\nno peer certificate available\n---\nNo client certificate "
             "CA names sent\n---\nSSL handshake has read 0 bytes and written 317 bytes\nVerification: OK\n---\n"
             "Verify return code: 0 (ok)",
             "connection-reset", "network"},
        // OpenSSL 3's programs name whose key they could not load (before: client-cert-missing, server).
        Wild{"s_server_key_unloadable",
             "Could not open file or uri for loading server certificate private key from server.pem\n"
             "40A7C3D1E47F0000:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme",
             "server-identity-unreadable", "local"},
        // s_server loading its own weak certificate: the server's own ids (own-server-causes; before:
        // client-cert-weak).
        Wild{"s_server_own_chain_weak_digest",
             "$ openssl s_server -accept 8443 -cert sha1-server.crt -key server.key\nUsing default temp DH "
             "parameters\nerror setting certificate\n40A7C3D1E47F0000:error:0A00018E:SSL routines:ssl_security_cert:"
             "ca md too weak:ssl/ssl_rsa.c:257:",
             "server-own-cert-weak-digest", "local"},
        // `openssl verify` of a client's certificate judges the client (before: server-cert-expired, client).
        Wild{"openssl_verify_client_cert_expired",
             "$ openssl verify -CAfile client-ca.crt client.crt\nCN = laptop-anna\nerror 10 at 0 depth lookup: "
             "certificate has expired\nerror client.crt: verification failed",
             "client-cert-expired", "server"},
        // PHP's TLS server (stream_socket_accept) judging a client (before: server-cert-untrusted, client).
        Wild{"php_server_client_verify_failed",
             "PHP Warning:  stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:\n"
             "error:0A000086:SSL routines::certificate verify failed in /home/app/server.php on line 21",
             "client-cert-untrusted-issuer", "server"},
        Wild{"php_peer_cn_missing",
             "PHP Warning:  file_get_contents(): Unable to locate peer certificate CN in /var/www/html/fetch.php on "
             "line 5",
             "server-hostname-mismatch", "client"},
        Wild{"php_local_cert_unusable",
             "PHP Warning:  stream_socket_client(): Unable to set local cert chain file `/etc/ssl/client/client.pem'; "
             "Check that your cafile/capath settings include details of your certificate and its issuer",
             "client-identity-unreadable", "local"},
        // IO::Socket::SSL's reason inside LWP's 500 (before: no verdict).
        Wild{"perl_lwp_hostname_verification_failed",
             "500 Can't connect to api.example.com:443 (hostname verification failed)", "server-hostname-mismatch",
             "client"},
        Wild{"perl_lwp_ca_file_unusable",
             "500 SSL_ca_file /etc/ssl/certs/company-ca.pem can't be used: No such file or directory",
             "client-trust-anchor-missing", "local"},
        // The Ruby and Dart catalogs. Ruby's post_connection_check (before: the last resort).
        Wild{"ruby_hostname_does_not_match",
             "OpenSSL::SSL::SSLError: hostname \"api.example.com\" does not match the server certificate",
             "server-hostname-mismatch", "client"},
        // Puma's MiniSSL names the client it accepted: a server judging the client (before: the
        // client refusing the server).
        Wild{"puma_client_cert_expired",
             "2024-03-05 14:22:31 +0000 SSL error, peer: 10.0.0.7, peer cert: /CN=billing-client: "
             "#<Puma::MiniSSL::SSLError: OpenSSL certificate verification error: certificate has expired - 10>",
             "client-cert-expired", "server"},
        // dart:io says which end printed the handshake error.
        Wild{"dart_server_received_unknown_ca",
             "HandshakeException: Handshake error in server (OS Error: \n\tTLSV1_ALERT_UNKNOWN_CA(tls_record.cc:594))",
             "server-cert-untrusted", "client"},
        Wild{"dart_server_http_request",
             "HandshakeException: Handshake error in server (OS Error: \n\tHTTP_REQUEST(s3_both.cc:481))",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"dart_root_cert_file_missing", "TlsException: Failed to find root cert file (OS Error)",
             "client-trust-anchor-missing", "local"},
        // The NATS and Traefik catalogs. A NATS server's "ADDR:PORT - cid:N -" names a client it
        // accepted (before: the client refusing the server).
        Wild{"nats_server_client_unknown_authority",
             "[1] 2024/03/05 14:22:31.418236 [ERR] 10.0.0.7:51234 - cid:5 - TLS handshake error: tls: failed to verify "
             "certificate: x509: certificate signed by unknown authority",
             "client-cert-untrusted-issuer", "server"},
        // ... and says which end it plays on a route (before: client-cert-missing, server).
        Wild{"nats_route_client_peer_revoked",
             "[1] 2024/03/05 14:22:31.418236 [DBG] 10.0.0.8:6222 - rid:3 - Starting TLS route client handshake\n"
             "[1] 2024/03/05 14:22:31.418236 [ERR] 10.0.0.8:6222 - rid:3 - TLS route handshake error: bad status for "
             "OCSP Staple from Router peer: revoked",
             "server-cert-revoked", "client"},
        Wild{"nats_cert_user_not_found",
             "[1] 2024/03/05 14:22:31.418236 [DBG] 10.0.0.7:51234 - cid:5 - User in cert [\"CN=orders-svc,OU=apps,"
             "O=Example Corp\"], not found",
             "client-access-denied", "server"},
        Wild{"nats_client_secure_connection_not_available", "nats: secure connection not available",
             "starttls-not-offered", "negotiation"},
        // Traefik's TLS manager loading an entrypoint's certificate: the server's own (before: the
        // client's key).
        Wild{"traefik_own_key_mismatch",
             "2024-03-05T14:22:31Z ERR github.com/traefik/traefik/v3/pkg/tls/tlsmanager.go:137 > Unable to parse "
             "certificate /certs/app.example.com.crt error=\"unable to generate TLS certificate: tls: private key "
             "does not match public key\"",
             "server-key-mismatch", "local"},
        Wild{"traefik_strict_sni",
             "2024-03-05T14:22:31Z DBG github.com/traefik/traefik/v3/pkg/tls/tlsmanager.go:276 > TLS: strict SNI "
             "enabled - No certificate found for domain: \"\", closing connection",
             "sni-required", "negotiation"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
