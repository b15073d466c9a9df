// Session 27: classes found by the rounds added-2026-12-30's and -31's tuning texts (their words
// copied here) and by the MariaDB, Oracle, Haskell, s2n/AWS CRT, OpenResty/Kong/APISIX,
// Keycloak/Spring/Elytron, Teleport and SPIFFE/SPIRE catalogs (tests/explain/catalog).
// Each text here was read wrongly before. docs/explain.md, "Session 27".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb27, WildText,
    testing::Values(
        // Verify code 2 (not 20): the chain reached a certificate of the verifier's own store whose
        // issuer is not there. FreeRADIUS held only the intermediate (before: a missing intermediate).
        Wild{"freeradius_verify_2_store_lacks_root",
             "(4) eap_tls:   ERROR: (TLS) OpenSSL says error 2 : unable to get issuer certificate\n"
             "(4) eap_tls: (TLS) send TLS 1.2 Alert, fatal unknown_ca\n"
             "(4) eap_tls: ERROR: (TLS) Alert write:fatal:unknown CA\n"
             "(4) eap_tls: ERROR: (TLS) Failed reading from OpenSSL: error:14089086:SSL "
             "routines:ssl3_get_client_certificate:certificate verify failed\n",
             "client-cert-untrusted-issuer", "server"},
        // Logstash's beats input cannot use its own key: "bad certificate" in a sentence is not the
        // alert (before: a client certificate refused by the server).
        Wild{"logstash_beats_input_key",
             "[ERROR][logstash.inputs.beats    ] Looks like you either have a bad certificate, an invalid key or your "
             "private key was not in PKCS8 format.",
             "server-identity-unreadable", "local"},
        // nginx's [emerg] at start-up is the server's own chain (before: a client certificate's).
        Wild{"nginx_emerg_own_chain_ca_md_too_weak",
             "nginx: [emerg] SSL_CTX_use_certificate(\"/etc/nginx-server-certs/tls.crt\") failed (SSL: "
             "error:140AB18E:SSL routines:SSL_CTX_use_certificate:ca md too weak)",
             "server-own-cert-weak-digest", "local"},
        // rustls offers no CBC, RSA-key-exchange or DHE suite: an old server's alert 40 (before: a
        // missing client certificate).
        Wild{"rustls_alert_40_old_server",
             "error: Uncaught (in promise) TypeError: error sending request for url (https://citeseerx.ist.psu.edu/): "
             "error trying to connect: received fatal alert: HandshakeFailure",
             "no-shared-cipher", "negotiation"},
        Wild{"rustls_alert_received_40_imap",
             "ConnectTls(Custom { kind: InvalidData, error: AlertReceived(HandshakeFailure) })", "no-shared-cipher",
             "negotiation"},
        // Oracle's thin drivers check the server's name themselves (before: the last resort).
        Wild{"python_oracledb_dpy_6006",
             "oracledb.exceptions.OperationalError: DPY-6005: cannot connect to database "
             "(CONNECTION_ID=q3Zt0Hc9RkW6hM1yVbF2aQ==).\nDPY-6006: The name on the server certificate does not "
             "match the expected value: \"db.example.com\"",
             "server-hostname-mismatch", "client"},
        Wild{"node_oracledb_njs_508",
             "Error: NJS-506: connection to host db.example.com port 2484 encountered TLS handshake failure. "
             "(CONNECTION_ID=2nX7k0b3Qm6yH1vT9pLc4w==)\nNJS-508: TLS detected an invalid certificate. "
             "db.example.com  not present in certificate",
             "server-hostname-mismatch", "client"},
        // The Oracle listener's log names the remote client: its ORA-29024 judged the client's certificate
        // (before: the client refusing the server's).
        Wild{"oracle_listener_log_29024",
             "05-MAR-2024 14:22:31:418 * (ADDRESS=(PROTOCOL=tcps)(HOST=10.0.0.7)(PORT=53412)(FIREWALL=OFF)) * "
             "<unknown connect data> * 29024\nORA-29024: Certificate validation failure\n TNS-00542: SSL Handshake "
             "failed",
             "client-cert-untrusted-issuer", "server"},
        Wild{"oracle_ora_29040_ciphers",
             "oracledb.exceptions.DatabaseError: ORA-29040: There are no supported cipher suites.", "no-shared-cipher",
             "negotiation"},
        // MariaDB Connector/C's GnuTLS build names the received alert GnuTLS's way (before: the last resort).
        Wild{"mariadb_gnutls_received_ca_unknown",
             "ERROR 2026 (HY000): TLS/SSL error: fatal alert received: CA is unknown", "client-cert-untrusted-issuer",
             "server"},
        // mariadbd never fails a handshake for a missing certificate: its alert 42 judged one.
        Wild{"mariadb_alert_bad_certificate", "ERROR 2026 (HY000): TLS/SSL error: sslv3 alert bad certificate",
             "client-cert-rejected", "server"},
        Wild{"mariadb_flush_ssl_own_key", "ERROR 1105 (HY000): Failed to refresh SSL, error: Unable to get private key",
             "server-identity-unreadable", "local"},
        // Haskell's tls: crypton-x509-validation's reasons and the alerts it received.
        Wild{"haskell_name_mismatch",
             "HttpExceptionRequest Request {\n  host                 = \"api.example.com\"\n  port                 = "
             "443\n  secure               = True\n}\n (InternalException (HandshakeFailed (Error_Protocol "
             "\"certificate rejected: [NameMismatch \\\"api.example.com\\\"]\" CertificateUnknown)))",
             "server-hostname-mismatch", "client"},
        Wild{"haskell_tls13_received_unknown_ca",
             "HttpExceptionRequest Request {\n  host                 = \"api.example.com\"\n}\n (InternalException "
             "(Terminated True \"received fatal error: UnknownCa\" (Error_Protocol \"remote side fatal error\" "
             "UnknownCa)))",
             "client-cert-untrusted-issuer", "server"},
        Wild{"warp_tls_server_received_alert13",
             "HandshakeFailed (Error_Packet_unexpected \"Alert13 [(AlertLevel_Fatal,UnknownCa)]\" \" expected: "
             "handshake 13\")",
             "server-cert-untrusted", "client"},
        Wild{"warp_tls_no_keys",
             "webapp: no keys found\nCallStack (from HasCallStack):\n  error, called at "
             "Network/Wai/Handler/WarpTLS.hs:242:24 in warp-tls-3.4.14-8QZ3kLrV1nE4f2YbTqXwPa:Network.Wai.Handler."
             "WarpTLS",
             "server-identity-unreadable", "local"},
        // The second round's tuning texts: a server announcing the incoming connection it serves
        // (before: the client's verify failure).
        Wild{"pykmip_server_incoming_connection_verify",
             "2024-08-11 10:15:32,111 - kmip.server - INFO - Receiving incoming connection from: [...]\n"
             "2024-08-11 10:15:32,126 - kmip.server.session.00000013 - INFO - Failure running TLS handshake\n"
             "2024-08-11 10:15:32,128 - kmip.server.session.00000013 - ERROR - [SSL: CERTIFICATE_VERIFY_FAILED] "
             "certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)",
             "client-cert-untrusted-issuer", "server"},
        // OpenSSL's server state machine named in the error line: the client's CertificateVerify
        // failed (before: the server's key).
        Wild{"openssl_statem_srvr_bad_signature",
             "140181017206784:error:1417B07B:SSL routines:tls_process_cert_verify:bad "
             "signature:ssl/statem/statem_srvr.c:2941",
             "client-key-mismatch", "server"},
        // A received decrypt_error in Haskell's tls (before: the last resort).
        Wild{"haskell_received_decrypt_error",
             "HandshakeFailed (Error_Packet_unexpected \"Alert [(AlertLevel_Fatal,DecryptError)]\" \" expected: "
             "change cipher\")",
             "client-key-mismatch", "server"},
        // etcd's own clock warning beats the unknown-authority words beside it.
        Wild{"etcd_clock_difference_with_unknown_authority",
             "failed to check the health of member 3def585d2a259899 on https://192.168.31.102:2379: Get "
             "https://192.168.31.102:2379/health: x509: certificate signed by unknown authority\n"
             "Jul 21 04:03:36 k2 etcd[6957]: the clock difference against peer f87fd78eb2cda07d is too high "
             "[29.294774649s > 1s]",
             "clock-skew", "client"},
        // s2n and the AWS Common Runtime (tests/explain/catalog/s2n.tsv).
        Wild{"aws_crt_server_channel_untrusted_client",
             "[TRACE] [2026-09-14T10:02:11Z] [00007f1c8a7fc640] [channel-bootstrap] - id=0x55d0c3a1e2b0: Setting up "
             "server TLS on channel 0x7f1c74001230 with handler 0x7f1c74003a10 on slot 0x7f1c74003980\n"
             "[WARN] [2026-09-14T10:02:11Z] [00007f1c8a7fc640] [tls-handler] - id=0x7f1c74003a10: negotiation failed "
             "with error Certificate is untrusted (Error encountered in "
             "/home/ci/aws-crt-cpp/crt/s2n/tls/s2n_x509_validator.c:894)",
             "client-cert-untrusted-issuer", "server"},
        Wild{"aws_crt_no_default_trust_store",
             "awscrt.exceptions.AwsCrtError: AWS_IO_TLS_ERROR_DEFAULT_TRUST_STORE_NOT_FOUND: Default TLS trust store "
             "not found on this system. Trusted CA certificates must be installed, or \"override default trust "
             "store\" must be used while creating the TLS context.",
             "client-trust-anchor-missing", "local"},
        // OpenResty's cosockets, Kong and APISIX (tests/explain/catalog/openresty.tsv).
        Wild{"openresty_cosocket_host_mismatch",
             "2024/03/11 09:14:07 [error] 2071#2071: *31 lua ssl certificate does not match host "
             "\"backend.internal\", client: 203.0.113.9, server: api.example.com, request: \"GET /v1/items "
             "HTTP/1.1\"",
             "server-hostname-mismatch", "client"},
        Wild{"openresty_timer_received_expired",
             "2024/03/11 09:14:07 [error] 2071#2071: *5 SSL_do_handshake() failed (SSL: error:0A000415:SSL "
             "routines::sslv3 alert certificate expired:SSL alert number 45), context: ngx.timer",
             "client-cert-expired", "server"},
        Wild{"apisix_client_verification_not_passed",
             "2024/03/11 09:14:07 [error] 49#49: *1021 [lua] init.lua:400: verify_https_client(): client certificate "
             "verification is not passed: FAILED:unable to get local issuer certificate, client: 203.0.113.9, "
             "server: _, request: \"GET /anything HTTP/1.1\", host: \"mtls.example.com\"",
             "client-cert-untrusted-issuer", "server"},
        // nginx's handshake failure during a request is a cosocket's (the downstream handshake is over):
        // the dialled server refused the gateway's certificate (before: the client refusing nginx's).
        Wild{"openresty_request_cosocket_received_unknown_ca",
             "2024/03/11 09:14:07 [error] 2071#2071: *31 SSL_do_handshake() failed (SSL: error:0A000418:SSL "
             "routines::tlsv1 alert unknown ca:SSL alert number 48), client: 203.0.113.9, server: api.example.com, "
             "request: \"GET /v1/items HTTP/1.1\", host: \"api.example.com\"",
             "client-cert-untrusted-issuer", "server"},
        Wild{"kong_mtls_auth_failed_verification", "{\"message\":\"TLS certificate failed verification\"}",
             "client-cert-rejected", "server"},
        // Keycloak's X.509 authenticator (tests/explain/catalog/keycloak.tsv).
        Wild{"keycloak_x509_ocsp_revoked",
             "2020-05-12 14:22:31,418 ERROR [org.keycloak.services] (default task-7) Certificate's been revoked.\n"
             "KEY_COMPROMISE\nRevoked on: Mon Mar 02 10:15:00 UTC 2020",
             "client-cert-revoked", "server"},
        Wild{"keycloak_x509_no_extended_key_usage",
             "2020-05-12 14:22:31,418 ERROR [org.keycloak.services] (default task-7) Extended key usage extension is "
             "expected, but unavailable: java.security.GeneralSecurityException: Extended key usage extension is "
             "expected, but unavailable",
             "client-cert-missing-clientauth-eku", "server"},
        // Undertow's request I/O is the server's: a received alert there is the client refusing the
        // server's certificate (before: the server refusing the client's).
        Wild{"undertow_received_unknown_ca",
             "14:22:31,418 DEBUG [io.undertow.request.io] (default I/O-4) Error reading request: "
             "javax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca",
             "server-cert-untrusted", "client"},
        Wild{"keycloak_x509_no_user_identity",
             "2020-05-12 14:22:31,418 WARN  [org.keycloak.services] (default task-3) "
             "[X509ClientCertificateAuthenticator:authenticate] Unable to extract user identity from certificate.",
             "client-access-denied", "server"},
        // Teleport's TLS multiplexer is a server: a received alert there is the client refusing the
        // server's certificate (tests/explain/catalog/teleport.tsv; before: the server refusing the client).
        Wild{"teleport_multiplexer_received_unknown_ca",
             "2025-03-05T14:22:31Z WARN [MXTLS:1]   Handshake failed. error:[remote error: tls: unknown certificate "
             "authority] multiplexer/tls.go:144",
             "server-cert-untrusted", "client"},
        Wild{"teleport_ca_pin_mismatch",
             "ERROR: cluster pin does not match any provided certificate authority pin. This could have occurred if "
             "the Certificate Authority (CA) for the cluster was rotated",
             "server-cert-untrusted", "client"},
        // go-spiffe and SPIRE (tests/explain/catalog/spiffe.tsv; before: the last resort or none).
        Wild{"go_spiffe_client_peer_not_an_svid",
             "2024/03/05 14:22:31 unable to create TLS connection: spiffetls: unable to dial: x509svid: could not get "
             "leaf SPIFFE ID: certificate contains no URI SAN",
             "server-cert-untrusted", "client"},
        Wild{"go_spiffe_server_unexpected_client_id",
             "2024/03/05 14:22:31 http: TLS handshake error from 10.0.0.7:51234: unexpected ID "
             "\"spiffe://example.org/ns/default/sa/client\"",
             "client-access-denied", "server"},
        Wild{"spire_agent_bundle_and_server_disagree",
             "time=\"2024-03-05T14:22:31Z\" level=warning msg=\"Trust Bundle and Server don't agree, rebootstrapping\"",
             "server-cert-untrusted", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
