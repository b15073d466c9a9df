// Round kb7 of tests/explain/wild: the retired holdout's and the tune part's classes.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

// Round kb7: the classes of the retired original holdout's failures and the tune part's
// (docs/explain.md, "Round kb7"), each with real texts of the set.
INSTANTIATE_TEST_SUITE_P(
    RoundKb7, WildText,
    testing::Values(
        // Whose log: a server names its peer by the client's ephemeral port (tornado's `SSL Error on
        // N (host, port)`, 086/218; a Go proxy's `[addr:port]`, 371), Go's server-side
        // `failed to verify client's certificate` and etcd's older `rejected connection from` (010);
        // nginx's njs `while SSL handshaking to fetch target` is nginx as a client (061).
        Wild{"tornado_server_log_alert_certificate_unknown",
             "2020-11-03 20:43:03,459 [tornado.general.WARNING] SSL Error on 15 ('10.0.9.168', 53129): [SSL: "
             "SSLV3_ALERT_CERTIFICATE_UNKNOWN] sslv3 alert certificate unknown (_ssl.c:1123)",
             "server-cert-untrusted", "client"},
        Wild{"tornado_server_log_alert_unknown_ca",
             "[2014-05-12 10:38:11,261] tornado.general - WARNING - SSL Error on 13 ('127.0.0.1', 64017): [SSL: "
             "TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:547)",
             "server-cert-untrusted", "client"},
        Wild{"go_proxy_bracketed_peer_remote_unknown_certificate",
             "WARN[0004] [192.168.199.162:61148] (4294967297): cennot finish TLS handshake: remote error: tls: "
             "unknown certificate",
             "server-cert-untrusted", "client"},
        Wild{"etcd_rejected_connection_from_client_cert_expired",
             "2024-03-18 12:54:25.584942 I | embed: rejected connection from \"127.0.0.1:37478\" (error \"tls: "
             "failed to verify client's certificate: x509: certificate has expired or is not yet valid\", "
             "ServerName \"\")",
             "client-cert-expired", "server"},
        Wild{"nginx_njs_fetch_is_nginx_as_client",
             "js http fetch SSL certificate verify error: (20:unable to get local issuer certificate) while SSL "
             "handshaking to fetch target",
             "server-cert-untrusted", "client"},
        // A proxy naming its upstream leg is the client there, whatever address it prints first
        // (mitmproxy, 047).
        Wild{"mitmproxy_server_tls_handshake_failed_is_the_client",
             "[11:28:54.204][127.0.0.1:49414] Server TLS handshake failed. Certificate verify failed: certificate "
             "has expired",
             "server-cert-expired", "client"},
        // Not TLS, from either end: Firefox's record too long (127/128), a plain-HTTP client reading a
        // TLS record (076), an OpenSSL server's `unknown protocol` under Mosquitto's server words
        // (196: not-tls turned round is the server's plaintext client).
        Wild{"firefox_rx_record_too_long", "SSL_ERROR_RX_RECORD_TOO_LONG", "not-tls", "network"},
        Wild{"firefox_record_exceeded_maximum_length",
             "Secure Connection Failed\n\nAn error occurred during a connection to django.local:8000. SSL received "
             "a record that exceeded the maximum permissible length.\n\nError code: SSL_ERROR_RX_RECORD_TOO_LONG",
             "not-tls", "network"},
        Wild{"go_http_client_malformed_response_tls_alert",
             "Get http://localhost:2376/v1.26/containers/json: malformed HTTP response "
             "\"\\x15\\x03\\x01\\x00\\x02\\x02\"",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"mosquitto_server_unknown_protocol_plaintext_client",
             "1503753981: New connection from 192.168.1.2 on port 8883.\n1503753981: OpenSSL Error: "
             "error:140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:unknown protocol\n1503753981: Socket error on "
             "client <unknown>, disconnecting.",
             "plaintext-to-tls-port", "negotiation"},
        // Explicit version and cipher words of a Go server (118, 120, 216).
        Wild{"go_server_sslv2_and_unsupported_versions",
             "2022/02/16 09:06:25 http: TLS handshake error from 195.230.103.241:51472: tls: unsupported SSLv2 "
             "handshake received\n2022/02/16 09:06:26 http: TLS handshake error from 195.230.103.241:52190: tls: "
             "client offered only unsupported versions: []",
             "protocol-version-mismatch", "negotiation"},
        Wild{"go_server_maximum_protocol_version_300",
             "tls: client offered an unsupported, maximum protocol version of 300", "protocol-version-mismatch",
             "negotiation"},
        Wild{"go_no_cipher_suite_without_tls_prefix",
             "TLS handshake error from 127.0.0.1:XXXX no cipher suite supported by both client and server",
             "no-shared-cipher", "negotiation"},
        // The server's own identity at start-up: nginx's SSL_CTX_use_PrivateKey_file (058/059), Apache's
        // [ssl:emerg] (092), a MongoDB service's own PEM check (082).
        Wild{"nginx_emerg_use_privatekey_file_key_values_mismatch",
             "2015/12/06 22:05:36 [emerg] 18678#0: SSL_CTX_use_PrivateKey_file(\"/home/letsencrypt/key.pem\") "
             "failed (SSL: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch)",
             "server-key-mismatch", "local"},
        Wild{"apache_ssl_emerg_ca_md_too_weak",
             "[Fri Dec 22 11:07:26.661144 2023] [ssl:emerg] [pid 34676:tid 484] SSL Library Error: "
             "error:0A00018E:SSL routines::ca md too weak",
             "server-own-cert-weak-digest", "local"},
        Wild{"mongodb_own_pem_cert_expired",
             "PEM cert /certs/server.om.internal.pem verification error. err=x509: certificate has expired or is "
             "not yet valid: current time 2025-10-19T13:07:03Z is after 2025-05-11T13:02:53Z",
             "server-cert-expired", "local"},
        // OpenSSL 3 refusing a server without RFC 5746 (483, 484): a protocol-feature mismatch with an
        // id of its own since round kb8 (protocol-version-mismatch, the entries' `also`, follows).
        Wild{"curl_openssl3_unsafe_legacy_renegotiation",
             "curl: (35) error:0A000152:SSL routines::unsafe legacy renegotiation disabled",
             "server-no-secure-renegotiation", "negotiation"},
        Wild{"ruby_openssl3_unsafe_legacy_renegotiation",
             "[*] Error: 137.191.225.100: OpenSSL::SSL::SSLError SSL_connect returned=1 errno=0 "
             "peeraddr=137.191.225.100:443 state=error: unsafe legacy renegotiation disabled",
             "server-no-secure-renegotiation", "negotiation"},
        // Two verify-code lines of one s_client run read as one event: 20 then 21 at depth 0, the
        // leaf sent alone (111, 161).
        Wild{"s_client_20_then_21_leaf_alone",
             "CONNECTED(00000003)\ndepth=0 CN = *.localhost.direct\nverify error:num=20:unable to get local issuer "
             "certificate\nverify return:1\ndepth=0 CN = *.localhost.direct\nverify error:num=21:unable to verify "
             "the first certificate\nverify return:1",
             "server-chain-incomplete", "client"},
        // OTP's verify result after the alert's direction: the client's (144) and the server's (032)
        // verdicts, explicit words inside a generic Handshake Failure.
        Wild{"erlang_client_alert_bad_cert_hostname_check_failed",
             "{error,{tls_alert,\"handshake failure\"}}\n=INFO REPORT==== 3-Nov-2018::16:39:07 ===\nTLS client: In "
             "state certify at ssl_handshake.erl:1373 generated CLIENT ALERT: Fatal - Handshake Failure - "
             "{bad_cert,hostname_check_failed}",
             "server-hostname-mismatch", "client"},
        Wild{"erlang_server_alert_bad_cert_invalid_ext_key_usage",
             "[notice] <0.979.0> TLS server: In state wait_cert at ssl_handshake.erl:2113 generated SERVER ALERT: "
             "Fatal - Handshake Failure\n[notice] <0.979.0> - {bad_cert,invalid_ext_key_usage}",
             "client-cert-missing-clientauth-eku", "server"},
        // A client told to verify with no CA to verify with: nginx's and HAProxy's start-up
        // refusals (062, 225).
        Wild{"nginx_no_proxy_ssl_trusted_certificate",
             "2024/02/23 11:47:58 [emerg] 1#1: no proxy_ssl_trusted_certificate for proxy_ssl_verify\nnginx: "
             "[emerg] no proxy_ssl_trusted_certificate for proxy_ssl_verify\nnginx: configuration file "
             "/srv/nginx.conf.J678NJ test failed",
             "client-trust-anchor-missing", "local"},
        Wild{"haproxy_server_verify_no_ca_file",
             "Proxy gateone, server gateone [haproxy.cfg:87] verify is enabled by default but no CA file "
             "specified. If you're running on a LAN where you're certain to trust the server's certificate, "
             "please set an explicit 'verify none' statement on the 'server' line",
             "client-trust-anchor-missing", "local"},
        // Explicit refusals after TLS: Envoy's RBAC (172), PostgreSQL's certificate authentication with
        // the user's name redacted (040).
        Wild{"envoy_rbac_access_denied", "RBAC: access denied", "client-access-denied", "server"},
        Wild{"postgres_certificate_authentication_failed_redacted_user",
             "FATAL:  certificate authentication failed for user ....", "client-access-denied", "server"},
        // A peer gone without close_notify, in an MTA's server log (508).
        Wild{"postfix_tls_library_problem_unexpected_eof",
             "Mar 15 09:57:00 mail postfix/smtps/smtpd[7282]: connect from mail.example.com[127.0.0.1]\nMar 15 "
             "09:57:00 mail postfix/smtps/smtpd[7282]: SSL_accept error from mail.example.com[127.0.0.1]: -1\nMar "
             "15 09:57:00 mail postfix/smtps/smtpd[7282]: warning: TLS library problem: error:0A000126:SSL "
             "routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:308:",
             "peer-closed-without-close-notify", "network"},
        // A broker that authorises at the MQTT layer drops the connection without CONNACK (AWS IoT
        // without a policy, 494); GnuTLS's premature termination is literally a peer gone without
        // close_notify (395).
        Wild{"mqtt_missing_connection_acknowledgement", "NoConnectionException: Missing Connection Acknowledgement",
             "client-access-denied", "server"},
        Wild{"gnutls_recv_error_non_properly_terminated",
             "GnuTLS recv error (-110): The TLS connection was non-properly terminated",
             "peer-closed-without-close-notify", "network"},
        // Kafka: the client names the broker as host/address (470).
        Wild{"kafka_client_failed_authentication_ssl",
             "Failed authentication with my-cluster-kafka-bootstrap/172.30.206.167 (SSL handshake failed)",
             "server-cert-untrusted", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
