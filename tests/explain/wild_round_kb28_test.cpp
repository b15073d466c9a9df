// Session 28: classes found by the cloud load balancers', Java EE servers', VPN gateways' and
// application delivery controllers' catalogs (tests/explain/catalog/cloud.tsv, javaee.tsv, vpn.tsv,
// appliances.tsv). Each text here was read wrongly before. docs/explain.md, "Session 28".
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
             "local"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
