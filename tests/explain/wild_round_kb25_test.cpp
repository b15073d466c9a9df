// Session 25: classes found by the etcd/CockroachDB, HashiCorp, stunnel/Wget, mail (Postfix, Dovecot,
// Exim), Caddy/Squid, ClickHouse/lighttpd, Docker, FreeRADIUS/hostap and Java servers' catalogs
// (tests/explain/catalog), and SSSD's form of libldap's errors (wild 1111, a tuning text). Each text
// here was read wrongly before. docs/explain.md, "Session 25".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb25, WildText,
    testing::Values(
        // SSSD logs ldap_install_tls's failure as "[Connect error] [<diagnostic>]"; the GnuTLS build's
        // "(unknown error code)" is a refused server certificate (before: the last resort's hypotheses).
        Wild{"sssd_ldap_install_tls_unknown_error_code",
             "[sss_ldap_init_sys_connect_done] (0x0020): ldap_install_tls failed: [Connect error] [(unknown error "
             "code)]",
             "server-cert-untrusted", "client"},
        // libldap's GnuTLS build says "does not match CN" (before: a generic TLS failure).
        Wild{"sssd_ldap_hostname_does_not_match_cn",
             "sssd[be[ldap]][17206]: Could not start TLS encryption. TLS: hostname does not match CN in peer "
             "certificate",
             "server-hostname-mismatch", "client"},
        // stunnel's verify lines judge whichever end stunnel checked: with client = yes (SSL_connect,
        // "TLS connected") the server's certificate (before: the client's, read as a server's log).
        Wild{"stunnel_client_mode_expired_server_cert",
             "2024.03.05 14:22:31 LOG5[3]: Service [backend-tls] accepted connection from 127.0.0.1:40512\n"
             "2024.03.05 14:22:31 LOG5[3]: s_connect: connected 192.0.2.10:8443\n"
             "2024.03.05 14:22:31 LOG4[3]: CERT: Pre-verification error: certificate has expired\n"
             "2024.03.05 14:22:31 LOG4[3]: Rejected by CERT at depth=0: C=US, O=Example Corp, CN=api.example.com\n"
             "2024.03.05 14:22:31 LOG3[3]: SSL_connect: tls_post_process_server_certificate@ssl/statem/"
             "statem_clnt.c:1889: error:0A000086:SSL routines::certificate verify failed",
             "server-cert-expired", "client"},
        // ... and in server mode the client's (unchanged).
        Wild{"stunnel_server_mode_expired_client_cert",
             "2024.03.05 14:22:31 LOG5[7]: Service [mtls-in] accepted connection from 192.0.2.50:51234\n"
             "2024.03.05 14:22:31 LOG4[7]: CERT: Pre-verification error: certificate has expired\n"
             "2024.03.05 14:22:31 LOG4[7]: Rejected by CERT at depth=0: C=US, O=Example Corp, CN=laptop-anna\n"
             "2024.03.05 14:22:31 LOG3[7]: SSL_accept: tls_process_client_certificate@ssl/statem/"
             "statem_srvr.c:3530: error:0A000086:SSL routines::certificate verify failed",
             "client-cert-expired", "server"},
        // checkHost failing on a stunnel client is the server's name (before: server-cert-untrusted).
        Wild{"stunnel_client_mode_subject_checks",
             "2024.03.05 14:22:31 LOG5[3]: s_connect: connected 192.0.2.10:8443\n"
             "2024.03.05 14:22:31 LOG4[3]: CERT: Subject checks failed\n"
             "2024.03.05 14:22:31 LOG4[3]: Rejected by CERT at depth=0: C=US, O=Example Corp, CN=www.example.com\n"
             "2024.03.05 14:22:31 LOG3[3]: SSL_connect: tls_post_process_server_certificate@ssl/statem/"
             "statem_clnt.c:1889: error:0A000086:SSL routines::certificate verify failed",
             "server-hostname-mismatch", "client"},
        // A received alert after "TLS connected" on a stunnel client: the server refused stunnel's
        // certificate (before: read as a server's log, the client refusing the server).
        Wild{"stunnel_client_mode_certificate_required",
             "2024.03.05 14:22:31 LOG5[3]: Service [backend-tls] accepted connection from 127.0.0.1:40512\n"
             "2024.03.05 14:22:31 LOG6[3]: TLS connected: new session negotiated\n"
             "2024.03.05 14:22:31 LOG3[3]: SSL_read: ssl3_read_bytes@ssl/record/rec_layer_s3.c:1602: "
             "error:0A00045C:SSL routines::tlsv13 alert certificate required: SSL alert number 116",
             "client-cert-missing", "server"},
        // A Vault or Nomad listener's own identity files (before: the client's).
        Wild{"nomad_agent_own_key_mismatch",
             "==> Error starting agent: server setup failed: Failed to load cert/key pair: Failed to load cert/key "
             "pair: tls: private key does not match public key",
             "server-key-mismatch", "local"},
        // Nomad's and Consul's RPC servers' handshake lines are a server's (before: the client refusing).
        Wild{"consul_rpc_server_client_cert_expired",
             "2024-03-05T14:22:31.418Z [ERROR] agent.server.rpc: failed to read byte: conn=from=10.0.0.7:51234 "
             "error=\"tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current "
             "time 2024-03-05T14:22:31Z is after 2024-03-01T00:00:00Z\"",
             "client-cert-expired", "server"},
        // etcd's JSON log escapes the quotes of its SAN check (before: client-cert-missing).
        Wild{"etcd_json_peer_san_check",
             "{\"level\":\"warn\",\"msg\":\"rejected connection on peer endpoint\",\"remote-addr\":\"10.0.0.12:40122\","
             "\"error\":\"tls: \\\"10.0.0.12\\\" does not match any of DNSNames [\\\"etcd-2.example.com\\\"]\"}",
             "client-cert-hostname-check", "server"},
        // An etcd listener that cannot start is the server's own identity (before: the client's).
        Wild{"etcd_listener_failed_own_key",
             "{\"level\":\"fatal\",\"caller\":\"etcdmain/etcd.go:219\",\"msg\":\"listener failed\",\"error\":\"tls: "
             "private key does not match public key\"}",
             "server-key-mismatch", "local"},
        // Mail servers' logs are a server's: Postfix's smtpd verifying a client (before: the client
        // refusing the server) ...
        Wild{"postfix_smtpd_client_untrusted_issuer",
             "Mar  5 14:22:31 mail postfix/smtpd[2817]: certificate verification failed for "
             "client.example.org[192.0.2.45]: untrusted issuer /C=US/O=Example Corp/CN=Example Client CA\n"
             "Mar  5 14:22:31 mail postfix/smtpd[2817]: NOQUEUE: abort: TLS from client.example.org[192.0.2.45]: "
             "Client certificate not trusted",
             "client-cert-untrusted-issuer", "server"},
        // ... and Exim receiving a client's alert (before: the server refusing the client).
        Wild{"exim_server_received_unknown_ca",
             "2024-03-05 14:22:31 TLS error on connection from client.example.org [192.0.2.45] (gnutls_handshake): "
             "rxd alert: CA is unknown",
             "server-cert-untrusted", "client"},
        // Dovecot 2.3 names the setting in its own key error (before: the last resort).
        Wild{"dovecot_key_for_different_cert_setting",
             "dovecot: imap-login: Error: SSL context initialization failed, disabling SSL: Can't load SSL private key "
             "(ssl_key setting): Key is for a different cert than ssl_cert",
             "server-key-mismatch", "local"},
        // Squid 6 accepting: its X509_V_ERR_* name judges the client (before: the client refusing the
        // server) ...
        Wild{"squid6_accept_client_cert_expired",
             "2024/03/05 14:22:31 kid1| ERROR: failure while accepting a TLS connection on conn4821 "
             "local=10.0.0.1:443 remote=192.0.2.50:51234 FD 14 flags=1: X509_V_ERR_CERT_HAS_EXPIRED+broken_cert",
             "client-cert-expired", "server"},
        // ... and its packed OpenSSL code names a plaintext client (before: the last resort).
        Wild{"squid6_accept_http_request",
             "2024/03/05 14:22:31 kid1| ERROR: failure while accepting a TLS connection on conn4821 "
             "local=10.0.0.1:443 remote=192.0.2.50:51234 FD 14 flags=1: SQUID_TLS_ERR_ACCEPT+TLS_LIB_ERR=A00009C+"
             "TLS_IO_ERR=1",
             "plaintext-to-tls-port", "negotiation"},
        // Caddy loading its sites' certificates is its own identity (before: the client's).
        Wild{"caddy_provision_tls_own_key_mismatch",
             "Error: loading initial config: loading new config: loading http app module: provision http: getting "
             "tls app: loading tls app module: provision tls: loading certificates: tls: private key does not match "
             "public key",
             "server-key-mismatch", "local"},
        // A server that sent the alert: its own verify words judged the client (FreeRADIUS; before:
        // the client refusing the server).
        Wild{"freeradius_verify_then_alert_written",
             "(8) eap_tls:   ERROR: (TLS) OpenSSL says error 10 : certificate has expired\n"
             "(8) eap_tls: ERROR: (TLS) TLS - Alert write:fatal:certificate expired",
             "client-cert-expired", "server"},
        // ... and an alert it received is the supplicant refusing the server (before: the server refusing).
        Wild{"freeradius_client_informs_expired",
             "(5) eap_ttls: (TLS) TTLS - The client is informing us that it believes that the server certificate has "
             "expired.  Either renew the server certificate, or check the time on the client.\n"
             "(5) eap_ttls: ERROR: (TLS) TTLS - Alert read:fatal:certificate expired",
             "server-cert-expired", "client"},
        // slapd's TLS trace writing the alert is the server refusing the client (unchanged by the above).
        Wild{"slapd_trace_alert_written",
             "TLS trace: SSL_accept:SSLv3/TLS read client certificate\nTLS trace: SSL3 alert write:fatal:unknown "
             "CA\nTLS trace: SSL_accept:error in error",
             "client-cert-untrusted-issuer", "server"},
        // hostapd loads its own server certificate with tls_global_client_cert (before: the client's).
        Wild{"hostapd_tls_global_own_weak_digest",
             "OpenSSL: tls_global_client_cert - Failed to load client certificate error:140AB18E:SSL "
             "routines:SSL_CTX_use_certificate:ca md too weak\nTLS: Failed to set global parameters",
             "server-own-cert-weak-digest", "local"},
        // Tomcat's handshake log is a server's (before: the client refusing the server) ...
        Wild{"tomcat_handshake_failed_client_cert_revoked",
             "05-Mar-2024 14:22:31.418 FINE [https-jsse-nio-8443-exec-4] org.apache.tomcat.util.net."
             "NioEndpoint$SocketProcessor.doRun Handshake failed for client connection from IP address [10.0.0.7] "
             "and port [51234]\n\tjavax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
             "java.security.cert.CertPathValidatorException: Certificate has been revoked, reason: KEY_COMPROMISE",
             "client-cert-revoked", "server"},
        // ... and a connector that cannot start is the server's own identity (before: the last resort).
        Wild{"tomcat_connector_alias_not_a_key_entry",
             "SEVERE [main] org.apache.catalina.util.LifecycleBase.handleSubClassException Failed to initialize "
             "component [Connector[HTTP/1.1-8443]]\n\torg.apache.catalina.LifecycleException: Protocol handler "
             "initialization failed\nCaused by: java.io.IOException: Alias name [tomcat] does not identify a key entry",
             "server-identity-unreadable", "local"},
        // Wget's own host-name check (before: the last resort).
        Wild{"wget_no_san_matches",
             "ERROR: no certificate subject alternative name matches\n\trequested host name ‘api.example.com’.",
             "server-hostname-mismatch", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
