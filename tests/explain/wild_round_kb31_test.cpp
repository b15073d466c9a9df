// Session 31: classes found by the tuning texts of round added-2027-01-11 and the catalogs
// tests/explain/catalog/gio.tsv (GIO, libsoup, GNOME) and ldapclients.tsv (LDAP clients). Each text here was read
// wrongly by the session start's binary (main c8df2ef). docs/explain.md, "Session 31".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb31, WildText,
    testing::Values(
        // gio.tsv: glib-flags-bad-identity
        Wild{"gio_glib_flags_bad_identity",
             "A calendar 'Team' cannot connect, because an SSL/TLS certificate for 'caldav.example.com' is no"
             "t trusted. Do you wish to accept it?\nReason: The certificate does not match the expected ident"
             "ity of the site that it was retrieved from.",
             "server-hostname-mismatch", "client"},
        // gio.tsv: glib-flags-not-activated
        Wild{"gio_glib_flags_not_activated",
             "Identity Verification Failed\n\n\tThe certificate’s activation time is in the future.\n\nCertif"
             "icate information:\n\tIdentity: dav.example.com\n\tVerified by: Example Internal CA\n\tExpires:"
             " 12/31/26\n\tFingerprint (SHA1): 6E 1B 3A 9F 0C 44 D2 71 8A 5B E3 90 2F 17 C4 8D 05 B9 66 E1\n"
             "\nAre you really sure you would like to continue?\n[1] Yes\n[2] No\nChoice: 2\ngio: davs://dav."
             "example.com/remote.php/webdav/: Unacceptable TLS certificate",
             "server-cert-not-yet-valid", "client"},
        // gio.tsv: glib-flags-insecure
        Wild{"gio_glib_flags_insecure",
             "Identity Verification Failed\n\n\tThe certificate’s algorithm is considered insecure.\n\nCertif"
             "icate information:\n\tIdentity: dav.example.com\n\tVerified by: Example Internal CA\n\tExpires:"
             " 12/31/26\n\tFingerprint (SHA1): 6E 1B 3A 9F 0C 44 D2 71 8A 5B E3 90 2F 17 C4 8D 05 B9 66 E1\n"
             "\nAre you really sure you would like to continue?\n[1] Yes\n[2] No\nChoice: 2\ngio: davs://dav."
             "example.com/remote.php/webdav/: Unacceptable TLS certificate",
             "server-cert-weak", "client"},
        // gio.tsv: epiphany-different-website
        Wild{"gio_epiphany_different_website",
             "Security Violation\nThis Connection is Not Secure\nThis does not look like the real https://int"
             "ranet.example.com. Attackers might be trying to steal or alter information going to or from thi"
             "s site.\nThis website presented identification that belongs to a different website.",
             "server-hostname-mismatch", "client"},
        // gio.tsv: epiphany-too-old
        Wild{"gio_epiphany_too_old",
             "Security Violation\nThis Connection is Not Secure\nThis does not look like the real https://int"
             "ranet.example.com. Attackers might be trying to steal or alter information going to or from thi"
             "s site.\nThis website’s identification is too old to trust. Check the date on your computer’s c"
             "alendar.",
             "server-cert-expired", "client"},
        // gio.tsv: epiphany-not-trusted-org
        Wild{"gio_epiphany_not_trusted_org",
             "Security Violation\nThis Connection is Not Secure\nThis does not look like the real https://int"
             "ranet.example.com. Attackers might be trying to steal or alter information going to or from thi"
             "s site.\nThis website’s identification was not issued by a trusted organization.",
             "server-cert-untrusted", "client"},
        // gio.tsv: epiphany-revoked
        Wild{"gio_epiphany_revoked",
             "Security Violation\nThis Connection is Not Secure\nThis does not look like the real https://int"
             "ranet.example.com. Attackers might be trying to steal or alter information going to or from thi"
             "s site.\nThis website’s identification has been revoked by the trusted organization that issued"
             " it.",
             "server-cert-revoked", "client"},
        // gio.tsv: gnutls-received-alert-unknown-ca
        Wild{"gio_gnutls_received_alert_unknown_ca", "error: Peer sent fatal TLS alert: CA is unknown",
             "client-cert-untrusted-issuer", "server"},
        // gio.tsv: gnutls-received-alert-expired
        Wild{"gio_gnutls_received_alert_expired", "error: Peer sent fatal TLS alert: Certificate is expired",
             "client-cert-expired", "server"},
        // gio.tsv: gnutls-received-alert-revoked
        Wild{"gio_gnutls_received_alert_revoked",
             "ERROR: from element /GstPipeline:pipeline0/GstSoupHTTPSrc:souphttpsrc0: Secure connection setup"
             " failed.\nAdditional debug info:\n../ext/soup/gstsouphttpsrc.c(1778): gst_soup_http_src_parse_s"
             "tatus (): /GstPipeline:pipeline0/GstSoupHTTPSrc:souphttpsrc0:\nPeer sent fatal TLS alert: Certi"
             "ficate was revoked (6), URL: https://media.example.com/live/index.m3u8, Redirect to: (NULL)",
             "client-cert-revoked", "server"},
        // gio.tsv: gnutls-received-alert-access-denied
        Wild{"gio_gnutls_received_alert_access_denied", "error: Peer sent fatal TLS alert: Access was denied",
             "client-access-denied", "server"},
        // gio.tsv: gnutls-received-alert-unsupported-certificate
        Wild{"gio_gnutls_received_alert_unsupported_certificate",
             "error: Peer sent fatal TLS alert: Certificate is not supported", "client-cert-missing-clientauth-eku",
             "server"},
        // gio.tsv: gnutls-received-alert-protocol-version
        Wild{"gio_gnutls_received_alert_protocol_version",
             "gio: https://legacy.example.com/files/report.pdf: Peer sent fatal TLS alert: Error in protocol "
             "version",
             "protocol-version-mismatch", "negotiation"},
        // gio.tsv: gnutls-received-alert-unrecognized-name
        Wild{"gio_gnutls_received_alert_unrecognized_name",
             "error: Peer sent fatal TLS alert: The server name sent was not recognized", "sni-required",
             "negotiation"},
        // gio.tsv: glib-unacceptable-certificate-authority
        Wild{"gio_glib_unacceptable_certificate_authority",
             "gio: https://files.example.com/reports/q3.pdf: Unacceptable TLS certificate authority",
             "client-cert-untrusted-issuer", "server"},
        // gio.tsv: glib-openssl-peer-handshake-failure
        Wild{"gio_glib_openssl_peer_handshake_failure",
             "error: Peer failed to perform TLS handshake: sslv3 alert handshake failure", "no-shared-cipher",
             "negotiation"},
        // gio.tsv: glib-tls-closed-unexpectedly
        Wild{"gio_glib_tls_closed_unexpectedly", "error: TLS connection closed unexpectedly",
             "peer-closed-without-close-notify", "network"},
        // gio.tsv: camel-starttls-not-supported
        Wild{"gio_camel_starttls_not_supported",
             "Failed to connect to IMAP server imap.example.com in secure mode: STARTTLS not supported",
             "starttls-not-offered", "negotiation"},
        // gio.tsv: glib-tls-database-empty
        Wild{"gio_glib_tls_database_empty",
             "(flatpak:4321): GLib-Net-WARNING **: 10:12:01.234: Failed to load TLS database: System trust co"
             "ntains zero trusted certificates; please investigate your GnuTLS configuration",
             "client-trust-anchor-missing", "local"},
        // gio.tsv: glib-pem-identity-unreadable
        Wild{"gio_glib_pem_identity_unreadable", "error: No PEM-encoded private key found",
             "client-identity-unreadable", "local"},
        // gio.tsv: certsd-missing-client-key
        Wild{"gio_certsd_missing_client_key",
             "error: missing key /etc/containers/certs.d/registry.example.com:5000/client.key for client cert"
             " /etc/containers/certs.d/registry.example.com:5000/client.cert. Note that CA certificates shoul"
             "d use the extension .crt",
             "client-key-missing", "local"},
        // gio.tsv: glib-openssl-server-key-problem
        Wild{"gio_glib_openssl_server_key_problem",
             "There is a problem with the certificate private key: error:05800074:x509 certificate routines::"
             "key values mismatch",
             "server-key-mismatch", "local"},
        // gio.tsv: soup-server-without-certificate
        Wild{"gio_soup_server_without_certificate", "Can’t create a TLS server without a TLS certificate",
             "server-identity-unreadable", "local"},
        // ldapclients.tsv: ldap3-hostname-not-matched
        Wild{"ldapclients_ldap3_hostname_not_matched",
             "ldap3.core.exceptions.LDAPSocketOpenError: socket ssl wrapping error: certificate {'subject': ("
             "(('commonName', 'ldap01.internal'),),), 'issuer': ((('commonName', 'Example Issuing CA'),),), '"
             "version': 3, 'serialNumber': '1F3A9C027E', 'notBefore': 'Mar  1 00:00:00 2024 GMT', 'notAfter':"
             " 'Mar  1 00:00:00 2026 GMT', 'subjectAltName': (('DNS', 'ldap01.internal'),)} doesn't match any"
             " name in ['ldap.example.com'] ",
             "server-hostname-mismatch", "client"},
        // ldapclients.tsv: ldap-starttls-unavailable
        Wild{"ldapclients_ldap_starttls_unavailable",
             "ldap3.core.exceptions.LDAPStartTLSError: startTLS failed - unavailable", "starttls-refused",
             "negotiation"},
        // ldapclients.tsv: ldap-client-ca-file-unreadable
        Wild{"ldapclients_ldap_client_ca_file_unreadable",
             "ldap3.core.exceptions.LDAPSSLConfigurationError: invalid CA public key file",
             "client-trust-anchor-missing", "local"},
        // ldapclients.tsv: ldap-client-identity-unreadable
        Wild{"ldapclients_ldap_client_identity_unreadable",
             "ldap3.core.exceptions.LDAPSocketOpenError: socket ssl wrapping error: [Errno 2] No such file or"
             " directory",
             "client-identity-unreadable", "local"},
        // ldapclients.tsv: grafana-ldap-append-ca
        Wild{"ldapclients_grafana_ldap_append_ca",
             "logger=ldap t=2024-03-05T14:22:31.418235214Z level=debug msg=\"unable to dial LDAP server\" hos"
             "t=ldap.example.com port=636 error=\"Failed to append CA certificate /etc/grafana/ldap/ca.pem\"",
             "client-trust-anchor-missing", "local"},
        // gio.tsv: a received unknown_ca in glib-networking's SERVER debug line (writer)
        Wild{"gio_glib_server_debug_received_unknown_ca",
             "GLib-Net-DEBUG: 10:12:01.234: SERVER[0x55d0c2a4b1f0]: TLS handshake has finished with error: Pe"
             "er sent fatal TLS alert: CA is unknown",
             "server-cert-untrusted", "client"},
        // round added-2027-01-11: OTP 26's nested bad_cert term
        Wild{"otp26_nested_bad_cert_hostname_check_failed",
             "** (Finch.TransportError) TLS client: In state wait_cert at ssl_handshake.erl:2178 generated CL"
             "IENT ALERT: Fatal - Handshake Failure\n {bad_cert,\n     {hostname_check_failed,\n         {req"
             "uested,\n             \"gke-****.europe-west4-a.gke.goog\"},\n         {received,\n            "
             " [{dNSName,\"*.europe-west4.gke.goog\"},\n              {dNSName,\"*.europe-west4-a.gke.goog\"}"
             ",\n              {dNSName,\"*.europe-west4-b.gke.goog\"},\n              {dNSName,\"*.europe-we"
             "st4-c.gke.goog\"}]}}}\n    (req 0.5.17) lib/req.ex:1125: Req.request!/2",
             "server-hostname-mismatch", "client"},
        // round added-2027-01-11: libvirt's GnuTLS host name check
        Wild{"libvirt_owner_does_not_match_hostname",
             "Certificate check failed\nCertificate [session] owner does not match the hostname",
             "server-hostname-mismatch", "client"},
        // round added-2027-01-11: PHP's StartTLS Connect error (generic)
        Wild{"php_ldap_start_tls_connect_error",
             "openldap    | 5ecac663 conn=1000 fd=12 ACCEPT from IP=172.30.0.3:56698 (IP=0.0.0.0:389)\nopenld"
             "ap    | 5ecac663 conn=1000 op=0 EXT oid=1.3.6.1.4.1.1466.20037\nopenldap    | 5ecac663 conn=100"
             "0 op=0 STARTTLS\nopenldap    | 5ecac663 conn=1000 op=0 RESULT oid= err=0 text=\nopenldap    | 5"
             "ecac663 conn=1000 fd=12 TLS established tls_ssf=256 ssf=256\nlam         | [Sun May 24 19:09:23"
             ".049602 2020] [php7:warn] [pid 17] [client 81.240.4.190:51074] PHP Warning:  ldap_start_tls(): "
             "Unable to start TLS: Connect error in /usr/share/ldap-account-manager/lib/account.inc on line 7"
             "33, referer: http://13.94.145.182/lam/templates/login.php\nopenldap    | 5ecac663 conn=1000 fd="
             "12 closed (connection lost)",
             "server-cert-untrusted", "client"},
        // round added-2027-01-11: rsyslog's verify line without the peer's name
        Wild{"rsyslog_gnutls_no_specific_reason",
             "rsyslogd: not permitted to talk to peer, certificate invalid: GnuTLS returned no specific reaso"
             "n",
             "server-chain-invalid", "client"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
