// Session 26: classes found by the Zabbix, XMPP (Prosody, ejabberd, Openfire), service-mesh
// (Istio, Linkerd), log-shipper (Fluent Bit, Fluentd, Telegraf) and VPN (strongSwan, OpenConnect,
// ocserv) catalogs (tests/explain/catalog).
// Each text here was read wrongly before. docs/explain.md, "Session 26".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb26, WildText,
    testing::Values(
        // A Zabbix server accepting: a received alert is the client refusing the server's certificate
        // (before: the server refusing the client's).
        Wild{"zabbix_accepting_server_received_unknown_ca",
             "2211:20240305:142231.418 failed to accept an incoming connection: from 10.0.0.7: TLS handshake set "
             "result code to 1:  file ssl/record/rec_layer_s3.c line 1602 func ssl3_read_bytes: "
             "error:0A000418:SSL routines::tlsv1 alert unknown ca: SSL alert number 48: TLS read fatal alert "
             "\"unknown CA\"",
             "server-cert-untrusted", "client"},
        // ... and its own verify words judged the client (before: the client refusing the server).
        Wild{"zabbix_accepting_server_issuer_unknown",
             "2211:20240305:142231.418 failed to accept an incoming connection: from 10.0.0.7: invalid peer "
             "certificate: The certificate is NOT trusted. The certificate issuer is unknown.",
             "client-cert-untrusted-issuer", "server"},
        // GnuTLS's "failed with fatal alert: 48 CA is unknown" on a Zabbix client: the server refused
        // its certificate (before: the last resort).
        Wild{"zabbix_client_gnutls_alert_48",
             "1874:20240305:142231.418 Unable to connect to [zabbix.example.com]:10051 [TCP successful, cannot "
             "establish TLS to [[zabbix.example.com]:10051]: zbx_tls_connect(): gnutls_handshake() failed with fatal "
             "alert: 48 CA is unknown]",
             "client-cert-untrusted-issuer", "server"},
        // Zabbix pins the server's subject as a client pins a name (before: the last resort).
        Wild{"zabbix_get_subject_pinned",
             "zabbix_get [8812]: Get value error: TCP successful, cannot establish TLS to [[10.0.0.7]:10050]: "
             "subject: peer: \"CN=web-02.example.com,O=Example Corp\", required: \"CN=web-01.example.com,O=Example "
             "Corp\"",
             "server-hostname-mismatch", "client"},
        // Prosody on an incoming server-to-server stream is the TLS server: "its certificate is not
        // trusted" is the connecting server's client certificate (before: read as a client's words).
        Wild{"prosody_s2sin_forbidding_untrusted",
             "Mar 05 14:22:31 s2sin55d1c0a47f10\twarn\tForbidding insecure connection to/from remote.example because "
             "its certificate is not trusted",
             "client-cert-untrusted-issuer", "server"},
        // ... and the other server's verdict in the stream error, on an outgoing stream: ours was refused.
        Wild{"prosody_s2sout_remote_says_expired",
             "Mar 05 14:22:31 s2sout55d1c0a3b2e0\tinfo\tOutgoing s2s stream example.org->remote.example closed: "
             "not-authorized (Your server's certificate has expired)",
             "client-cert-expired", "server"},
        // The same words on an incoming stream: the connecting server refused our server certificate
        // (before: the last resort).
        Wild{"prosody_s2sin_remote_says_not_for_name",
             "Mar 05 14:22:31 s2sin55d1c0a47f10\twarn\tSession closed by remote with error: not-authorized (Your "
             "server's certificate is not valid for this name)",
             "server-hostname-mismatch", "client"},
        // ejabberd's c2s module accepts: a received certificate_unknown is the client refusing ours.
        Wild{"ejabberd_c2s_received_certificate_unknown",
             "2024-03-05 14:22:31.418236+00:00 [warning] <0.812.0>@ejabberd_c2s:process_terminated/2:339 "
             "(tls|<0.811.0>) Failed to secure c2s connection: TLS failed: SSL_do_handshake failed: "
             "error:0A000416:SSL routines::sslv3 alert certificate unknown",
             "server-cert-untrusted", "client"},
        // Fluent Bit's input (a TLS server) refusing a client's certificate (before: the reverse).
        Wild{"fluentbit_input_verify_failed",
             "[2024/03/05 14:22:31] [error] [tls] certificate verification failed, reason: certificate has expired "
             "(X509 code: 10)\n[2024/03/05 14:22:31] [error] [input:http:http.0] could not accept new connection",
             "client-cert-expired", "server"},
        // Fluent Bit's "unexpected EOF with reason: certificate verify failed": the reason, not the EOF
        // (before: a reset).
        Wild{"fluentbit_output_eof_with_reason",
             "[2024/03/05 14:22:31] [error] [tls] error: unexpected EOF with reason: certificate verify failed\n"
             "[2024/03/05 14:22:31] [error] [output:http:http.0] no upstream connections available to "
             "logs.example.com:443",
             "server-cert-untrusted", "client"},
        // Linkerd's proxy without its own certificate, for a clock (before: the server's certificate).
        Wild{"linkerd_certify_not_valid_yet",
             "[     3.412077s] ERROR ThreadId(02) identity: linkerd_proxy_identity_client::certify: Failed to obtain "
             "identity error=invalid peer certificate: NotValidYet",
             "clock-skew", "local"},
        // strongSwan's IKE responder (it parsed the IKE_AUTH request) judging a road warrior's
        // certificate: charon's words are the same in both roles (before: the last resort).
        Wild{"strongswan_responder_no_issuer",
             "Mar  5 14:22:31 vpn charon: 11[ENC] parsed IKE_AUTH request 1 [ IDi CERT N(INIT_CONTACT) CERTREQ IDr "
             "AUTH SA TSi TSr ]\n"
             "Mar  5 14:22:31 vpn charon: 11[CFG] no issuer certificate found for \"C=US, O=Example Corp, "
             "CN=alice@example.com\"\n"
             "Mar  5 14:22:31 vpn charon: 11[CFG]   issuer is \"C=US, O=Partner Ltd, CN=Partner Issuing CA\"\n"
             "Mar  5 14:22:31 vpn charon: 11[IKE] no trusted RSA public key found for 'alice@example.com'\n"
             "Mar  5 14:22:31 vpn charon: 11[ENC] generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
             "client-cert-untrusted-issuer", "server"},
        // ... and the initiator (it parsed the IKE_AUTH response) judging the gateway's.
        Wild{"strongswan_initiator_expired",
             "Mar  5 14:22:31 laptop charon: 09[ENC] parsed IKE_AUTH response 1 [ IDr CERT AUTH SA TSi TSr ]\n"
             "Mar  5 14:22:31 laptop charon: 09[CFG] subject certificate invalid (valid from Mar 01 09:00:00 2022 to "
             "Mar 01 09:00:00 2024)\n"
             "Mar  5 14:22:31 laptop charon: 09[IKE] no trusted RSA public key found for 'vpn.example.com'",
             "server-cert-expired", "client"},
        // ocserv's worker is the TLS server: GnuTLS's verify words judged the client (before: the reverse).
        Wild{"ocserv_worker_client_cert_expired",
             "Mar  5 14:22:31 vpn ocserv[4127]: worker: 198.51.100.7 client certificate verification failed: The "
             "certificate is NOT trusted. The certificate chain uses expired certificate. ",
             "client-cert-expired", "server"},
        // Istio's STRICT inbound listener without a filter chain for plain text (before: no verdict).
        Wild{"istio_strict_filter_chain_not_found",
             "[2024-03-05T14:22:31.418Z] \"- - -\" 0 NR filter_chain_not_found - \"-\" 0 0 0 - \"-\" \"-\" \"-\" \"-\" "
             "\"-\" - - 10.244.1.17:8080 10.244.0.9:46872 - -",
             "plaintext-to-tls-port", "negotiation"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
