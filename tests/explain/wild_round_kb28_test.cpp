// Session 28: classes found by the cloud load balancers', Java EE servers', VPN gateways' and
// application delivery controllers' catalogs (tests/explain/catalog/cloud.tsv, javaee.tsv, vpn.tsv,
// appliances.tsv), then by syslog's, SIP servers', Puppet's, TLS proxies' and observability tools'
// (syslog.tsv, sip.tsv, puppet.tsv, proxies.tsv, observability.tsv), then by brokers', databases' and C++
// stacks' (brokers.tsv, databases2.tsv, cpp.tsv). Each text here was read wrongly
// by the session start's binary. docs/explain.md, "Session 28".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb28, WildText,
    testing::Values(
        // A load balancer's record of the client certificate it verified holds OpenSSL's reason: the
        // load balancer judged the client (before: the client judging the server).
        Wild{"azure_appgw_ssl_client_verify_expired",
             R"({"operationName":"ApplicationGatewayAccess","properties":{"clientIP":"203.0.113.75","httpStatus":400,)"
             R"("sslClientVerify":"FAILED:certificate has expired"}})",
             "client-cert-expired", "server"},
        Wild{"cloudflare_cert_verified_unknown_issuer",
             R"({"tlsClientAuth":{"certPresented":"1","certVerified":"FAILED:unable to get local issuer certificate",)"
             R"("certRevoked":"0"}})",
             "client-cert-untrusted-issuer", "server"},
        // One code per refusal in AWS's connection logs and Google Cloud's statusDetails (before: no
        // verdict, or the last resort).
        Wild{"aws_alb_connection_log_untrusted",
             "2025-03-18T10:02:57.884512Z 198.51.100.140 33871 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - "
             "\"CN=laptop-7731.corp.example.com\" NotBefore=2024-09-01T00:00:00Z;NotAfter=2026-09-01T00:00:00Z "
             "7C2E90A41B6D3F0 Failed:ClientCertUntrusted TID_0f1e2d3c",
             "client-cert-untrusted-issuer", "server"},
        Wild{"aws_cloudfront_connection_log_revoked_crl",
             R"({"connectionStatus":"Failed:ClientCertCrlHit","clientIp":"198.51.100.62","clientPort":52137})",
             "client-cert-revoked", "server"},
        Wild{"gcp_lb_client_cert_not_provided", R"({"jsonPayload":{"statusDetails":"client_cert_not_provided"}})",
             "client-cert-missing", "server"},
        Wild{"gcp_lb_backend_san",
             R"({"httpRequest":{"status":502},"jsonPayload":{"statusDetails":)"
             R"("ssl_certificate_san_verification_failed"}})",
             "server-hostname-mismatch", "client"},
        // Cisco ASA's handshake with a remote-access client is a server's log: the alert it received
        // is the client refusing the ASA (before: the server refusing the client).
        Wild{"cisco_asa_725014_received_unknown_ca",
             "Dec 06 2026 09:41:17: %ASA-7-725014: SSL lib error. Function: SSL3_READ_BYTES Reason: tlsv1 alert "
             "unknown ca\nDec 06 2026 09:41:17: %ASA-6-725006: Device failed SSL handshake with client "
             "outside:198.51.100.7/51432 to 203.0.113.10/443",
             "server-cert-untrusted", "client"},
        Wild{"cisco_asa_717031_no_trustpoint",
             "%ASA-4-717031: Failed to find a suitable trustpoint for the issuer: cn=Corp Issuing CA 2,dc=corp,"
             "dc=example Reason: No trustpoints found",
             "client-cert-untrusted-issuer", "server"},
        // A summary line ("failed validation", "SSL_connect: ... alert") loses to the explicit reason
        // pasted with it (before: the summary's first cause).
        Wild{"cisco_asa_ocsp_revoked_then_chain_failed",
             "%ASA-3-717032: OCSP status check failed. Reason: Certificate is revoked.\n%ASA-3-717027: Certificate "
             "chain failed validation. Certificate chain is either invalid or not authorized.",
             "client-cert-revoked", "server"},
        Wild{"openfortivpn_ssl_connect_certificate_required",
             "ERROR:  SSL_connect: error:0A00045C:SSL routines::tlsv13 alert certificate required\nYou might want "
             "to try --insecure-ssl or specify a different --cipher-list",
             "client-cert-missing", "server"},
        // WebSphere's inbound handshake names the remote client: a server's log.
        Wild{"liberty_cwwko0801e_received_certificate_unknown",
             "[ERROR   ] CWWKO0801E: The SSL connection cannot be initialized from the 10.0.0.7 host and 53,712 port "
             "on the remote client to the 10.0.0.5 host and 9,443 port on the local server. Exception: "
             "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown",
             "server-cert-untrusted", "client"},
        // Java 8's and IBM JSSE's wording of a first record that is not TLS (before: the last resort).
        Wild{"java8_unrecognized_ssl_message_plaintext",
             "javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?\n\tat "
             "sun.security.ssl.InputRecord.handleUnknownRecord(InputRecord.java:710)",
             "not-tls", "network"},
        Wild{"websphere_sslc0008e_plaintext_client",
             "[3/5/24 14:22:31:123 UTC] 0000004a SSLHandshakeE E   SSLC0008E: Unable to initialize SSL connection.  "
             "Unauthorized access was denied or security settings have expired.  Exception is "
             "javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?",
             "plaintext-to-tls-port", "negotiation"},
        // Liberty's own key store is a server's identity (before: a client's).
        Wild{"liberty_cwpki0033e_keystore_password",
             "[ERROR   ] CWPKI0033E: The keystore located at /opt/ol/wlp/usr/servers/defaultServer/resources/security/"
             "key.p12 did not load because of the following error: keystore password was incorrect",
             "server-identity-unreadable", "local"},
        // OpenSSL's loaders named in an error (before: the client judging the server).
        Wild{"openssl_load_verify_locations_system_lib",
             "ERROR:  SSL_CTX_load_verify_locations: error:05880002:x509 certificate routines::system lib",
             "client-trust-anchor-missing", "local"},
        // OpenConnect's GnuTLS reasons (before: the last resort, or an untrusted issuer).
        Wild{"openconnect_netifd_signer_not_found",
             "Jan 19 04:10:52 gw netifd: corpvpn (25252): Certificate from VPN server \"vpn.example.com\" failed "
             "verification.\nJan 19 04:10:52 gw netifd: corpvpn (25252): Reason: signer not found",
             "server-cert-untrusted", "client"},
        Wild{"openconnect_not_yet_activated",
             "SSL negotiation with vpn.example.com\nServer certificate verify failed: certificate not yet activated",
             "server-cert-not-yet-valid", "client"},
        // F5 BIG-IP's tmm and mcpd (before: the last resort).
        Wild{"f5_tmm_no_shared_ciphers",
             "Mar 12 09:41:07 bigip1.example.com warning tmm1[9261]: 01260009:4: Connection error: "
             "ssl_select_suite:4133: no shared ciphers (40)",
             "no-shared-cipher", "negotiation"},
        Wild{"f5_profile_key_cert_mismatch",
             "01070317:3: profile /Common/app.example.com's key and certificate do not match", "server-key-mismatch",
             "local"},
        // Session 28, second batch (syslog.tsv, sip.tsv, puppet.tsv, proxies.tsv, observability.tsv).
        // Whose handshake: Kamailio's "TLS accept:", a PBX's pjproject handshake lines, a syslog receiver's
        // closed session or accepted connection, Unit's SSL_do_handshake(FD), a Vector source (before:
        // read the other way round).
        Wild{"kamailio_accept_verify_20",
             "Mar  5 14:22:31 sip1 /usr/sbin/kamailio[2201]: NOTICE: tls [tls_verify.c:60]: verify_callback(): tls "
             "init - verify error - num=20:unable to get local issuer certificate\nMar  5 14:22:31 sip1 "
             "/usr/sbin/kamailio[2201]: ERROR: tls [tls_util.h:49]: tls_err_ret(): TLS accept:error:0A000086:SSL "
             "routines::certificate verify failed (sni: unknown)",
             "client-cert-untrusted-issuer", "server"},
        Wild{"pjproject_pbx_received_unknown_ca",
             "[Mar  5 14:22:31] WARNING[12345]: pjproject: <?>: \t SSL SSL_ERROR_SSL (Handshake): Level: 0 err: "
             "<167773208> <error:0A000418:SSL routines::tlsv1 alert unknown ca> len: 0 peer: 198.51.100.23:50412",
             "server-cert-untrusted", "client"},
        // Words no entry had: the SIP servers', syslog daemons', proxies', Puppet's and the observability
        // tools' own refusals and files (before: the last resort, or a client's reading).
        Wild{"freeswitch_subject_mismatch_incoming",
             "tls_post_connection_check(0x7f3b2c0a1b20): Peer Subject Mismatch (incoming connection)",
             "client-access-denied", "server"},
        // The permitted-peer checks read by whose log (judged-by: writer): a receiver's access refusal,
        // a sender's name check.
        Wild{"rsyslog_receiver_peer_name_not_authorized",
             "rsyslogd: error: peer name not authorized -  not permitted to talk to it. Names: DNSname: "
             "sender07.example.com;\nrsyslogd: netstream session 0x7f3a2c00b6e0 from 10.0.0.7:51234 will be closed due "
             "to error",
             "client-access-denied", "server"},
        Wild{"rsyslog_sender_peer_name_not_authorized",
             "rsyslogd: error: peer name not authorized -  not permitted to talk to it. Names: DNSname: "
             "relay02.example.com;\nrsyslogd: action 'action-1-builtin:omfwd' suspended (module 'builtin:omfwd'), next "
             "retry is Thu Mar  5 14:23:01 2026",
             "server-hostname-mismatch", "client"},
        Wild{"rsyslog_receiver_gtls_expired",
             "rsyslogd: not permitted to talk to peer 'sender01.example.com', certificate invalid: certificate "
             "expired\nrsyslogd: netstream session 0x7f3a2c00b6e0 from 10.0.0.7:51234 will be closed due to error",
             "client-cert-expired", "server"},
        Wild{"syslog_ng_source_invalid_purpose",
             "syslog-ng[812]: Syslog connection accepted; fd='23', client='AF_INET(10.0.0.7:51234)', "
             "local='AF_INET(0.0.0.0:6514)'\nsyslog-ng[812]: Certificate validation failed (invalid purpose); "
             "subject='CN=sender01.example.com', issuer='CN=Example Issuing CA', error='unsupported certificate "
             "purpose', depth='0'",
             "client-cert-missing-clientauth-eku", "server"},
        Wild{"ghostunnel_server_principal_not_allowed",
             "[4123] 2024/03/05 14:22:31.418233 error on TLS handshake from 10.0.0.7:51234: unauthorized: invalid "
             "principal, or principal not allowed",
             "client-access-denied", "server"},
        Wild{"ghostunnel_client_principal_not_allowed",
             "[4123] 2024/03/05 14:22:31.418233 error on dial: unauthorized: invalid principal, or principal not "
             "allowed",
             "server-hostname-mismatch", "client"},
        // ghostunnel's handshake that ended at EOF is Go's health check (before: an untrusted certificate).
        Wild{"ghostunnel_handshake_eof",
             "[4123] 2024/03/05 14:22:31.418233 error on TLS handshake from 10.0.0.7:51234: EOF", "health-check-probe",
             "network"},
        Wild{"unit_received_bad_certificate",
             "2024/03/05 14:22:31 [error] 2140#2149 *17 SSL_do_handshake(31) failed (1042: sslv3 alert bad "
             "certificate) (OpenSSL: error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number 42)",
             "server-cert-untrusted", "client"},
        Wild{"trafficserver_own_key_mismatch",
             "[Mar  5 14:22:31.418] [TS_MAIN] ERROR: SSL::140245338416960:error:05800074:x509 certificate "
             "routines::key values mismatch:crypto/x509/x509_cmp.c:403",
             "server-key-mismatch", "local"},
        Wild{"puppet_server_hostname_mismatch",
             "Error: Could not retrieve catalog from remote server: Server hostname 'puppet' did not match server "
             "certificate; expected one of puppet.example.com, DNS:puppet.example.com",
             "server-hostname-mismatch", "client"},
        Wild{"puppetserver_forbidden_authenticated",
             "2024-03-05T14:22:31.418+01:00 ERROR [qtp1393828949-58] [p.t.a.rules] Forbidden request: "
             "agent02.example.com(10.0.0.8) access to /puppet/v3/catalog/agent01.example.com (method :post) "
             "(authenticated: true) denied by rule 'puppetlabs v3 catalog from agents'.",
             "client-access-denied", "server"},
        // logfmt escapes the quote in Go's "doesn't" (before: an untrusted certificate).
        Wild{"prometheus_logfmt_escaped_ip_sans",
             "time=2024-03-05T14:22:31.418Z level=DEBUG source=scrape.go:1421 msg=\"Scrape failed\" err=\"Get "
             "\\\"https://10.0.0.7:9100/metrics\\\": tls: failed to verify certificate: x509: cannot validate "
             "certificate for 10.0.0.7 because it doesn\\'t contain any IP SANs\"",
             "server-hostname-mismatch", "client"},
        Wild{"vector_source_received_unknown_ca",
             "2024-03-05T14:22:31.418271Z ERROR source{component_kind=\"source\" component_id=syslog_tls "
             "component_type=syslog}:connection{peer_addr=10.0.0.7:51234}: vector::internal_events::tcp: Connection "
             "error. error=TLS handshake failed: error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown "
             "ca:ssl/record/rec_layer_s3.c:1602:SSL alert number 48",
             "server-cert-untrusted", "client"},
        Wild{"grafana_server_key_mismatch",
             "logger=server t=2024-03-05T14:22:31.418921334Z level=error msg=\"Stopped background service\" "
             "service=*api.HTTPServer reason=\"tls: private key does not match public key\"",
             "server-key-mismatch", "local"},
        Wild{"exporter_allowed_sans",
             "2024/03/05 14:22:31 http: TLS handshake error from 10.0.0.5:51234: could not find allowed SANs in client "
             "cert, found: [prometheus.example.com]",
             "client-access-denied", "server"},
        // Session 28, third batch (brokers.tsv, databases2.tsv, cpp.tsv): the brokers' and Scylla's
        // accepting ends as servers' words; RabbitMQ's certificate login, Qt's and WinHTTP's words.
        Wild{"artemis_server_received_certificate_unknown",
             "2024-03-11 09:14:07,518 WARN  [org.apache.activemq.artemis.core.server] AMQ222208: SSL handshake failed "
             "for client from /10.0.0.7:53422: javax.net.ssl.SSLHandshakeException: Received fatal alert: "
             "certificate_unknown",
             "server-cert-untrusted", "client"},
        Wild{"activemq_transport_connection_pkix",
             "2024-03-11 09:14:07,518 | WARN  | Transport Connection to: tcp://10.0.0.7:53422 failed: PKIX path "
             "building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
             "certification path to requested target",
             "client-cert-untrusted-issuer", "server"},
        Wild{"rabbitmq_external_login_refused",
             "2024-03-11 09:14:07.518810+00:00 [error] <0.2140.0> EXTERNAL login refused: user "
             "'CN=orders-app,OU=clients,O=Example' - invalid credentials",
             "client-access-denied", "server"},
        Wild{"scylla_rpc_server_untrusted_client",
             "ERROR 2025-05-12 10:00:00,456 [shard 0:main] rpc - client 10.0.0.7:52144: server connection dropped: The "
             "certificate is NOT trusted. The certificate issuer is unknown.",
             "client-cert-untrusted-issuer", "server"},
        Wild{"qt_issuer_not_found",
             "SSL handshake failed: The issuer certificate of a locally looked up certificate could not be found",
             "server-cert-untrusted", "client"},
        Wild{"winhttp_invalid_ca_12045",
             "ERROR_WINHTTP_SECURE_INVALID_CA (12045): Indicates that a certificate chain was processed, but "
             "terminated in a root certificate that is not trusted by the trust provider.",
             "server-cert-untrusted", "client"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
