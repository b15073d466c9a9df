// Session 31: classes found by the session's catalogs (tests/explain/catalog/gio.tsv, ldapclients.tsv,
// winclients.tsv, searchlogs.tsv, beam.tsv, embedded.tsv, virt.tsv, openstack.tsv, gitops.tsv, k8sdistros.tsv,
// goapps.tsv) and by the tuning texts of round added-2027-01-11. Each text here was read wrongly by the session
// start's binary (main c8df2ef). docs/explain.md, "Session 31".
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
             "server-chain-invalid", "client"},
        // winclients.tsv: powershell-thumbprint-not-valid
        Wild{"winclients_powershell_thumbprint_not_valid",
             "Invoke-WebRequest: Unable to retrieve certificates because the thumbprint is not valid. Verify "
             "the thumbprint and retry. ",
             "client-identity-unreadable", "local"},
        // winclients.tsv: dotnet-trace-isc-algorithm-mismatch
        Wild{"winclients_dotnet_trace_isc_algorithm_mismatch",
             "System.Net Information: 0 : [4712] InitializeSecurityContext(In-Buffers count=2, Out-Buffer len"
             "gth=0, returned code=AlgorithmMismatch).\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequ"
             "est#47530006::GetResponse - The request was aborted: Could not create SSL/TLS secure channel..",
             "no-shared-cipher", "negotiation"},
        // winclients.tsv: dotnet-trace-isc-untrusted-root
        Wild{"winclients_dotnet_trace_isc_untrusted_root",
             "System.Net Information: 0 : [4712] InitializeSecurityContext(In-Buffers count=2, Out-Buffer len"
             "gth=0, returned code=UntrustedRoot).\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequest#"
             "47530006::GetResponse - The request was aborted: Could not create SSL/TLS secure channel..",
             "client-cert-untrusted-issuer", "server"},
        // winclients.tsv: dotnet-trace-isc-cert-expired
        Wild{"winclients_dotnet_trace_isc_cert_expired",
             "System.Net Information: 0 : [4712] InitializeSecurityContext(In-Buffers count=2, Out-Buffer len"
             "gth=0, returned code=CertExpired).\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequest#47"
             "530006::GetResponse - The request was aborted: Could not create SSL/TLS secure channel..",
             "client-cert-expired", "server"},
        // winclients.tsv: dotnet-trace-isc-cert-unknown
        Wild{"winclients_dotnet_trace_isc_cert_unknown",
             "System.Net Information: 0 : [4712] InitializeSecurityContext(In-Buffers count=2, Out-Buffer len"
             "gth=0, returned code=CertUnknown).\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequest#47"
             "530006::GetResponse - The request was aborted: Could not create SSL/TLS secure channel..",
             "client-cert-rejected", "server"},
        // winclients.tsv: dotnet-trace-isc-logon-denied
        Wild{"winclients_dotnet_trace_isc_logon_denied",
             "System.Net Information: 0 : [4712] InitializeSecurityContext(In-Buffers count=2, Out-Buffer len"
             "gth=0, returned code=LogonDenied).\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequest#47"
             "530006::GetResponse - The request was aborted: Could not create SSL/TLS secure channel..",
             "client-access-denied", "server"},
        // winclients.tsv: dotnet-trace-remote-cert-name-mismatch
        Wild{"winclients_dotnet_trace_remote_cert_name_mismatch",
             "System.Net Information: 0 : [4712] SecureChannel#31534420 - Remote certificate has errors:\nSys"
             "tem.Net Information: 0 : [4712] SecureChannel#31534420 - \tCertificate name mismatch.\nSystem.N"
             "et Error: 0 : [4712] Exception in HttpWebRequest#47530006::GetResponse - The underlying connect"
             "ion was closed: Could not establish trust relationship for the SSL/TLS secure channel..",
             "server-hostname-mismatch", "client"},
        // winclients.tsv: dotnet-trace-remote-cert-chain-not-built
        Wild{"winclients_dotnet_trace_remote_cert_chain_not_built",
             "System.Net Information: 0 : [4712] SecureChannel#31534420 - Remote certificate has errors:\nSys"
             "tem.Net Information: 0 : [4712] SecureChannel#31534420 - \tA certificate chain could not be bui"
             "lt to a trusted root authority.\n\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequest#475"
             "30006::GetResponse - The underlying connection was closed: Could not establish trust relationsh"
             "ip for the SSL/TLS secure channel..",
             "server-chain-incomplete", "client"},
        // winclients.tsv: dotnet-trace-remote-cert-expired
        Wild{"winclients_dotnet_trace_remote_cert_expired",
             "System.Net Information: 0 : [4712] SecureChannel#31534420 - Remote certificate has errors:\nSys"
             "tem.Net Information: 0 : [4712] SecureChannel#31534420 - \tA required certificate is not within"
             " its validity period when verifying against the current system clock or the timestamp in the si"
             "gned file.\n\nSystem.Net Error: 0 : [4712] Exception in HttpWebRequest#47530006::GetResponse - "
             "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS se"
             "cure channel..",
             "server-cert-expired", "client"},
        // winclients.tsv: dotnet-trace-remote-cert-revoked
        Wild{"winclients_dotnet_trace_remote_cert_revoked",
             "System.Net Information: 0 : [4712] SecureChannel#31534420 - Remote certificate has errors:\nSys"
             "tem.Net Information: 0 : [4712] SecureChannel#31534420 - \tThe certificate is revoked.\n\nSyste"
             "m.Net Error: 0 : [4712] Exception in HttpWebRequest#47530006::GetResponse - The underlying conn"
             "ection was closed: Could not establish trust relationship for the SSL/TLS secure channel..",
             "server-cert-revoked", "client"},
        // winclients.tsv: dotnet-trace-client-cert-key-not-found
        Wild{"winclients_dotnet_trace_client_cert_key_not_found",
             "System.Net Information: 0 : [4712] SecureChannel#31534420 - Left with 1 client certificates to "
             "choose from.\nSystem.Net Information: 0 : [4712] SecureChannel#31534420 - Trying to find a matc"
             "hing certificate in the certificate store.\nSystem.Net Information: 0 : [4712] SecureChannel#31"
             "534420 - Cannot find the certificate in either the LocalMachine store or the CurrentUser store.",
             "client-key-missing", "local"},
        // winclients.tsv: dotnet-winhttp-security-error
        Wild{"winclients_dotnet_winhttp_security_error",
             "System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> System."
             "Net.Http.WinHttpException (0x80072F8F): Error 12175 calling WINHTTP_CALLBACK_STATUS_REQUEST_ERR"
             "OR, 'A security error occurred'.",
             "server-cert-untrusted", "client"},
        // winclients.tsv: dotnet-tls-alert-certificate-required
        Wild{"winclients_dotnet_tls_alert_certificate_required",
             "System.ServiceModel.Security.SecurityNegotiationException: Could not establish trust relationsh"
             "ip for the SSL/TLS secure channel with authority 'api.example.com'.\n ---> System.Net.Http.Http"
             "RequestException: The SSL connection could not be established, see inner exception.\n ---> Syst"
             "em.Security.Authentication.AuthenticationException: Authentication failed because the remote pa"
             "rty sent a TLS alert: 'CertificateRequired'.\n ---> Interop+OpenSsl+SslException: SSL Handshake"
             " failed with OpenSSL error - SSL_ERROR_SSL.\n ---> Interop+Crypto+OpenSslCryptographicException"
             ": error:0A00045C:SSL routines::tlsv13 alert certificate required",
             "client-cert-missing", "server"},
        // winclients.tsv: wcf-cannot-find-x509-certificate
        Wild{"winclients_wcf_cannot_find_x509_certificate",
             "System.InvalidOperationException: Cannot find the X.509 certificate using the following search "
             "criteria: StoreName 'My', StoreLocation 'CurrentUser', FindType 'FindByThumbprint', FindValue '"
             "3f2a9c1b7d4e8f60a1b2c3d4e5f60718293a4b5c'.",
             "client-identity-unreadable", "local"},
        // winclients.tsv: wcf-key-not-capable-of-key-exchange
        Wild{"winclients_wcf_key_not_capable_of_key_exchange",
             "System.ArgumentException: It is likely that certificate 'CN=svc01.example.com' may not have a p"
             "rivate key that is capable of key exchange or the process may not have access rights for the pr"
             "ivate key. Please see inner exception for detail. ---> System.Security.Cryptography.Cryptograph"
             "icException: Keyset does not exist",
             "server-identity-unreadable", "local"},
        // winclients.tsv: git-custom-ca-bundle-not-found
        Wild{"winclients_git_custom_ca_bundle_not_found",
             "fatal: Custom certificate bundle not found at path: /etc/ssl/certs/corp-ca-bundle.pem",
             "client-trust-anchor-missing", "local"},
        // winclients.tsv: wininet-hresult-invalid-ca
        Wild{"winclients_wininet_hresult_invalid_ca",
             "Updating source: winget...\nAn unexpected error occurred while executing the command: \nInterne"
             "tOpenUrl() failed.\n0x80072f0d : unknown error",
             "server-cert-untrusted", "client"},
        // winclients.tsv: wininet-hresult-date-invalid
        Wild{"winclients_wininet_hresult_date_invalid",
             "Updating source: winget...\nAn unexpected error occurred while executing the command: \nInterne"
             "tOpenUrl() failed.\n0x80072f05 : unknown error",
             "server-cert-expired", "client"},
        // winclients.tsv: wininet-hresult-cn-invalid
        Wild{"winclients_wininet_hresult_cn_invalid",
             "Updating source: winget...\nAn unexpected error occurred while executing the command: \nInterne"
             "tOpenUrl() failed.\n0x80072f06 : unknown error",
             "server-hostname-mismatch", "client"},
        // winclients.tsv: wininet-hresult-revoked
        Wild{"winclients_wininet_hresult_revoked",
             "Updating source: winget...\nAn unexpected error occurred while executing the command: \nInterne"
             "tOpenUrl() failed.\n0x80072f8a : unknown error",
             "server-cert-revoked", "client"},
        // winclients.tsv: wininet-hresult-rev-failed
        Wild{"winclients_wininet_hresult_rev_failed",
             "Updating source: winget...\nAn unexpected error occurred while executing the command: \nInterne"
             "tOpenUrl() failed.\n0x80072f19 : unknown error",
             "server-cert-revocation-unknown", "client"},
        // winclients.tsv: wininet-hresult-client-auth-cert-needed
        Wild{"winclients_wininet_hresult_client_auth_cert_needed",
             "Updating source: winget...\nAn unexpected error occurred while executing the command: \nInterne"
             "tOpenUrl() failed.\n0x80072f0c : unknown error",
             "client-cert-missing", "server"},
        // winclients.tsv: winget-pinned-certificate-mismatch
        Wild{"winclients_winget_pinned_certificate_mismatch",
             "Failed when searching source: msstore\nAn unexpected error occurred while executing the command"
             ": \n0x8a15005e : The server certificate did not match any of the expected values.",
             "server-cert-untrusted", "client"},
        // winclients.tsv: winrm-server-cert-unknown-ca
        Wild{"winclients_winrm_server_cert_unknown_ca",
             "Enter-PSSession : Connecting to remote server srv01.example.com failed with the following error"
             " message : The server certificate on the destination computer (srv01.example.com:5986) has the "
             "following errors:\nThe SSL certificate is signed by an unknown certificate authority. For more "
             "information, see the about_Remote_Troubleshooting Help topic.\nAt line:1 char:1\n+ Enter-PSSess"
             "ion -ComputerName srv01.example.com -UseSSL\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"
             "~~~~~~~\n    + CategoryInfo          : InvalidArgument: (srv01.example.com:String) [Enter-PSSes"
             "sion], PSRemotingTransportException\n    + FullyQualifiedErrorId : CreateRemoteRunspaceFailed",
             "server-cert-untrusted", "client"},
        // winclients.tsv: winrm-server-cert-cn-mismatch
        Wild{"winclients_winrm_server_cert_cn_mismatch",
             "Enter-PSSession: Connecting to remote server 10.20.0.15 failed with the following error message"
             " : The server certificate on the destination computer (10.20.0.15:5986) has the following error"
             "s:\nThe SSL certificate contains a common name (CN) that does not match the hostname. For more "
             "information, see the about_Remote_Troubleshooting Help topic.",
             "server-hostname-mismatch", "client"},
        // winclients.tsv: scom-certificate-cn-does-not-match
        Wild{"winclients_scom_certificate_cn_does_not_match",
             "The certificate Common Name (CN) does not match. Please resolve the issue, and then run\n\nThe "
             "server certificate on the destination computer (rhel01.example.com:1270) has the following erro"
             "rs:\nThe SSL certificate is signed by an unknown certificate authority.\nThe SSL certificate co"
             "ntains a common name (CN) that does not match the hostname.",
             "server-hostname-mismatch", "client"},
        // winclients.tsv: winrm-server-cert-revocation
        Wild{"winclients_winrm_server_cert_revocation",
             "ERROR:Updating hybrid configuration failed with error 'System.Management.Automation.Remoting.PS"
             "RemotingTransportException: Connecting to remote server failed with the following error message"
             " : The server certificate on the destination computer (ps.outlook.com:443) has the following er"
             "rors: The SSL certificate could not be checked for revocation. The server used to check for rev"
             "ocation might be unreachable. For more information, see the about_Remote_Troubleshooting Help t"
             "opic.\n   at System.Management.Automation.Runspaces.AsyncResult.EndInvoke()",
             "server-cert-revocation-unknown", "client"},
        // searchlogs.tsv: netty-server-not-ssl-record
        Wild{"searchlogs_netty_server_not_ssl_record",
             "[2024-03-05T14:22:31,418][ERROR][o.o.t.n.s.SecureNetty4Transport] [node-1] Exception during est"
             "ablishing a SSL connection: io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: "
             "45530000004e000000000000000108080000020b0d\nio.netty.handler.ssl.NotSslRecordException: not an "
             "SSL/TLS record: 45530000004e000000000000000108080000020b0d\n\tat io.netty.handler.ssl.SslHandle"
             "r.decodeJdkCompatible(SslHandler.java:1313) ~[netty-handler-4.1.125.Final.jar:4.1.125.Final]",
             "plaintext-to-tls-port", "negotiation"},
        // searchlogs.tsv: java-received-unknown-ca
        Wild{"searchlogs_java_received_unknown_ca",
             "[2024-03-05T14:22:31,418][ERROR][o.o.h.n.s.SecureNetty4HttpServerTransport] [node-1] Exception "
             "during establishing a SSL connection: javax.net.ssl.SSLHandshakeException: Received fatal alert"
             ": unknown_ca\njavax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca\n\tat sun.s"
             "ecurity.ssl.Alert.createSSLException(Alert.java:131) ~[?:?]\n\tat sun.security.ssl.Alert.create"
             "SSLException(Alert.java:117) ~[?:?]",
             "server-cert-untrusted", "client"},
        // searchlogs.tsv: java-received-certificate-unknown
        Wild{"searchlogs_java_received_certificate_unknown",
             "[2024-03-05T14:22:31,418][ERROR][o.o.h.n.s.SecureNetty4HttpServerTransport] [node-1] Exception "
             "during establishing a SSL connection: javax.net.ssl.SSLHandshakeException: Received fatal alert"
             ": certificate_unknown\njavax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_u"
             "nknown\n\tat sun.security.ssl.Alert.createSSLException(Alert.java:131) ~[?:?]\n\tat sun.securit"
             "y.ssl.Alert.createSSLException(Alert.java:117) ~[?:?]",
             "server-cert-untrusted", "client"},
        // searchlogs.tsv: opensearch-non-server-node
        Wild{"searchlogs_opensearch_non_server_node",
             "[2024-03-05T14:22:31,418][ERROR][o.o.s.t.SecurityRequestHandler] [node-1] Internal or shard req"
             "uests (internal:cluster/coordination/join) not allowed from a non-server node for transport typ"
             "e transport",
             "client-access-denied", "server"},
        // searchlogs.tsv: opensearch-node-not-in-nodes-dn
        Wild{"searchlogs_opensearch_node_not_in_nodes_dn",
             "[2024-03-05T14:22:31,418][ERROR][o.o.s.t.SecurityRequestHandler] [node-1] OpenSearchException[N"
             "ode presenting certificate with SSL Principal {CN=node-4.example.com,OU=ops,O=Example Corp,C=DE"
             "} could not securely connect to the cluster. Please ensure the principal is correct and present"
             " in the nodes_dn list.]",
             "client-access-denied", "server"},
        // searchlogs.tsv: opensearch-cert-revoked-or-path-invalid
        Wild{"searchlogs_opensearch_cert_revoked_or_path_invalid",
             "[2024-03-05T14:22:31,418][ERROR][o.o.s.s.u.SSLRequestHelper] [node-1] Certificate is revoked or"
             " path invalid for 'CN=app01.example.com, OU=apps, O=Example Corp, C=DE' (reason: REVOKED)\n[202"
             "4-03-05T14:22:31,418][ERROR][o.o.s.f.SecurityRestFilter] [node-1] No ssl info\njavax.net.ssl.SS"
             "LPeerUnverifiedException: Certificate has been revoked, reason: KEY_COMPROMISE, revocation date"
             ": Mon Feb 26 10:11:12 UTC 2024, authority: CN=Example Issuing CA, O=Example Corp, extension OID"
             "s: []",
             "client-cert-revoked", "server"},
        // searchlogs.tsv: opensearch-crl-unreachable
        Wild{"searchlogs_opensearch_crl_unreachable",
             "[2024-03-05T14:22:31,418][WARN ][o.o.s.s.u.SSLRequestHelper] [node-1] CRL/OCSP infrastructure u"
             "nreachable (check CRL file path or OCSP/CRLDP network access): /usr/share/opensearch/config/crl"
             ".pem (No such file or directory)",
             "crl-unusable", "server"},
        // searchlogs.tsv: opensearch-rest-no-client-certificate
        Wild{"searchlogs_opensearch_rest_no_client_certificate",
             "[2024-03-05T14:22:31,418][WARN ][o.o.s.d.r.a.RestApiAuthorizationEvaluator] [node-1] No client "
             "TLS certificate found in request\n[2024-03-05T14:22:31,418][ERROR][o.o.s.d.r.a.AbstractApiActio"
             "n] [node-1] No permission to access REST API: User admin with Security roles [own_index, readal"
             "l] does not have any role privileged for admin access. No client TLS certificate found in reque"
             "st",
             "client-access-denied", "server"},
        // searchlogs.tsv: opensearch-not-an-admin
        Wild{"searchlogs_opensearch_not_an_admin",
             "[2024-03-05T14:22:31,418][WARN ][o.o.s.d.r.a.RestApiAuthorizationEvaluator] [node-1] Security a"
             "dmin permissions required but CN=app01.example.com,OU=apps,O=Example Corp,C=DE is not an admin"
             "\n[2024-03-05T14:22:31,418][ERROR][o.o.s.d.r.a.AbstractApiAction] [node-1] No permission to acc"
             "ess REST API: User app01.example.com with Security roles [own_index] does not have any role pri"
             "vileged for admin access. Security admin permissions required but CN=app01.example.com,OU=apps,"
             "O=Example Corp,C=DE is not an admin",
             "client-access-denied", "server"},
        // searchlogs.tsv: opensearch-unable-to-read-file
        Wild{"searchlogs_opensearch_unable_to_read_file",
             "uncaught exception in thread [main]\njava.lang.IllegalStateException: failed to load plugin cla"
             "ss [org.opensearch.security.OpenSearchSecurityPlugin]\nLikely root cause: OpenSearchException[U"
             "nable to read the file esnode-key.pem. Please make sure this files exists and is readable regar"
             "ding to permissions]",
             "server-identity-unreadable", "local"},
        // searchlogs.tsv: dataprepper-failed-to-load-trust-store
        Wild{"searchlogs_dataprepper_failed_to_load_trust_store",
             "2024-03-05T14:22:31,418 [log-pipeline-sink-worker-2-thread-1] WARN  org.opensearch.dataprepper."
             "plugins.sink.opensearch.OpenSearchSink - Failed to initialize OpenSearch sink with a retryable "
             "exception. \njava.lang.RuntimeException: Failed to load trust store\n\tat org.opensearch.datapr"
             "epper.plugins.sink.opensearch.ConnectionConfiguration.getCAStrategy(ConnectionConfiguration.jav"
             "a:546) ~[opensearch-2.16.0.jar:?]\nCaused by: java.lang.RuntimeException: Failed to load trust "
             "store\n\tat org.opensearch.dataprepper.plugins.sink.opensearch.ConnectionConfiguration.loadTrus"
             "tStore(ConnectionConfiguration.java:497) ~[opensearch-2.16.0.jar:?]\nCaused by: java.nio.file.N"
             "oSuchFileException: /usr/share/data-prepper/config/root-ca.pem",
             "client-trust-anchor-missing", "local"},
        // searchlogs.tsv: dataprepper-source-certificate-unreadable
        Wild{"searchlogs_dataprepper_source_certificate_unreadable",
             "2024-03-05T14:22:31,418 [main] ERROR org.opensearch.dataprepper.plugins.certificate.file.FileCe"
             "rtificateProvider - Error encountered while reading the certificate.\njava.nio.file.NoSuchFileE"
             "xception: /usr/share/data-prepper/certs/http-source.crt\n\tat sun.nio.fs.UnixException.translat"
             "eToIOException(UnixException.java:92) ~[?:?]",
             "server-identity-unreadable", "local"},
        // searchlogs.tsv: java-pkix-path-building
        Wild{"searchlogs_java_pkix_path_building",
             "[2024-03-05T14:22:31,418][INFO ][org.logstash.beats.BeatsHandler] [local: 10.0.0.5:5044, remote"
             ": 10.0.0.7:51234] Handling exception: io.netty.handler.codec.DecoderException: javax.net.ssl.SS"
             "LHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuild"
             "erException: unable to find valid certification path to requested target (caused by: sun.securi"
             "ty.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to re"
             "quested target)",
             "client-cert-untrusted-issuer", "server"},
        // searchlogs.tsv: java-cert-expired
        Wild{"searchlogs_java_cert_expired",
             "[2024-03-05T14:22:31,418][INFO ][org.logstash.beats.BeatsHandler] [local: 10.0.0.5:5044, remote"
             ": 10.0.0.7:51234] Handling exception: io.netty.handler.codec.DecoderException: javax.net.ssl.SS"
             "LHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException"
             ": validity check failed (caused by: java.security.cert.CertificateExpiredException: NotAfter: T"
             "ue Mar 05 00:00:00 UTC 2024)",
             "client-cert-expired", "server"},
        // searchlogs.tsv: java-received-bad-certificate
        Wild{"searchlogs_java_received_bad_certificate",
             "[2024-03-05T14:22:31,418][INFO ][org.logstash.beats.BeatsHandler] [local: 10.0.0.5:5044, remote"
             ": 10.0.0.7:51234] Handling exception: io.netty.handler.codec.DecoderException: javax.net.ssl.SS"
             "LHandshakeException: Received fatal alert: bad_certificate (caused by: javax.net.ssl.SSLHandsha"
             "keException: Received fatal alert: bad_certificate)",
             "server-cert-untrusted", "client"},
        // searchlogs.tsv: logstash-beats-protocol-22
        Wild{"searchlogs_logstash_beats_protocol_22",
             "[2024-03-05T14:22:31,418][INFO ][org.logstash.beats.BeatsHandler] [local: 10.0.0.5:5044, remote"
             ": 10.0.0.7:51234] Handling exception: io.netty.handler.codec.DecoderException: org.logstash.bea"
             "ts.InvalidFrameProtocolException: Invalid version of beats protocol: 22 (caused by: org.logstas"
             "h.beats.InvalidFrameProtocolException: Invalid version of beats protocol: 22)",
             "not-tls", "network"},
        // searchlogs.tsv: logstash-beats-certificate-file-unreadable
        Wild{"searchlogs_logstash_beats_certificate_file_unreadable",
             "[2024-03-05T14:22:31,418][ERROR][logstash.inputs.beats    ][main][beats-tls] SSL configuration "
             "invalid {:exception=>Java::JavaLang::IllegalArgumentException, :message=>\"Certificate file can"
             "not be read. Please confirm the user running Logstash has permissions to read: /etc/logstash/ce"
             "rts/logstash.crt\"}",
             "server-identity-unreadable", "local"},
        // searchlogs.tsv: grpc-java-netty-identity-invalid
        Wild{"searchlogs_grpc_java_netty_identity_invalid",
             "[2024-03-05T14:22:31,418][ERROR][logstash.inputs.beats    ][main][beats-tls] SSL configuration "
             "invalid {:exception=>Java::JavaLang::IllegalArgumentException, :message=>\"File does not contai"
             "n valid private key: /etc/logstash/certs/logstash.key\", :cause=>{:exception=>Java::JavaSecurit"
             "ySpec::InvalidKeySpecException, :message=>\"Neither RSA, DSA nor EC worked\"}}",
             "server-identity-unreadable", "local"},
        // searchlogs.tsv: graylog-input-general-opensslengine-problem
        Wild{"searchlogs_graylog_input_general_opensslengine_problem",
             "2024-03-05T14:22:31.418Z ERROR [AbstractTcpTransport] Error in Input [Syslog TCP/Syslog TLS 651"
             "4/65e6f0a1b2c3d4e5f6a7b8c9] (channel [id: 0x5f2a9c31, L:/10.0.0.5:6514 - R:/10.0.0.7:51234]) (c"
             "ause io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: General Open"
             "SslEngine problem)",
             "client-cert-rejected", "server"},
        // searchlogs.tsv: okhttp-hostname-not-verified
        Wild{"searchlogs_okhttp_hostname_not_verified",
             "2024-03-05T14:22:31.418Z ERROR [VersionProbe] Unable to retrieve version from indexer node: Hos"
             "tname 10.0.0.21 not verified:\n    certificate: sha256/x4QzPSC810K5/cMjb05Qm4k3Bw5zBn4lTdO/nEW/"
             "Td4=\n    DN: CN=datanode1\n    subjectAltNames: [datanode1, datanode1.example.com]. - Hostname"
             " 10.0.0.21 not verified:\n    certificate: sha256/x4QzPSC810K5/cMjb05Qm4k3Bw5zBn4lTdO/nEW/Td4="
             "\n    DN: CN=datanode1\n    subjectAltNames: [datanode1, datanode1.example.com].",
             "server-hostname-mismatch", "client"},
        // searchlogs.tsv: go-key-mismatch
        Wild{"searchlogs_go_key_mismatch",
             "error generating http tls config: failed to load X509KeyPair: tls: private key does not match p"
             "ublic key\nerror initialising module: server\ngithub.com/grafana/dskit/modules.(*Manager).initM"
             "odule\n\t/src/loki/vendor/github.com/grafana/dskit/modules/modules.go:138\ngithub.com/grafana/d"
             "skit/modules.(*Manager).InitModuleServices\n\t/src/loki/vendor/github.com/grafana/dskit/modules"
             "/modules.go:108\ngithub.com/grafana/loki/v3/pkg/loki.(*Loki).Run\n\t/src/loki/pkg/loki/loki.go:"
             "565\nmain.main\n\t/src/loki/cmd/loki/main.go:149",
             "server-key-mismatch", "local"},
        // searchlogs.tsv: go-open-ca-file
        Wild{"searchlogs_go_open_ca_file",
             "error generating http tls config: open /etc/loki/tls/client-ca.crt: no such file or directory\n"
             "error initialising module: server\ngithub.com/grafana/dskit/modules.(*Manager).initModule\n\t/s"
             "rc/loki/vendor/github.com/grafana/dskit/modules/modules.go:138\ngithub.com/grafana/dskit/module"
             "s.(*Manager).InitModuleServices\n\t/src/loki/vendor/github.com/grafana/dskit/modules/modules.go"
             ":108\ngithub.com/grafana/loki/v3/pkg/loki.(*Loki).Run\n\t/src/loki/pkg/loki/loki.go:565\nmain.m"
             "ain\n\t/src/loki/cmd/loki/main.go:149",
             "server-ca-file-unreadable", "local"},
        // beam.tsv: elixir-ca-file-error
        Wild{"beam_elixir_ca_file_error",
             "** (File.Error) could not read file \"/etc/ssl/certs/internal-ca.pem\": no such file or directo"
             "ry",
             "client-trust-anchor-missing", "local"},
        // beam.tsv: erlang-client-bad-cert-expired
        Wild{"beam_erlang_client_bad_cert_expired",
             "{:error, %HTTPoison.Error{reason: {:tls_alert, {:handshake_failure, ~c\"TLS client: In state ce"
             "rtify at ssl_handshake.erl:2113 generated CLIENT ALERT: Fatal - Handshake Failure\\n {bad_cert,"
             "root_cert_expired}\"}}, id: nil}}",
             "server-cert-expired", "client"},
        // beam.tsv: postgrex-ssl-not-available
        Wild{"beam_postgrex_ssl_not_available",
             "09:14:07.512 [error] Postgrex.Protocol (#PID<0.2913.0>) failed to connect: ** (Postgrex.Error) "
             "ssl not available",
             "starttls-not-offered", "negotiation"},
        // beam.tsv: myxql-hello-bad-record-mac
        Wild{"beam_myxql_hello_bad_record_mac",
             "09:14:07.512 [error] MyXQL.Connection (#PID<0.412.0>) failed to connect: ** (DBConnection.Conne"
             "ctionError) (db.example.com:3306) TLS client: In state hello received SERVER ALERT: Fatal - Bad"
             " Record MAC\n\n\nYou might be using TLS version not supported by the server.\nProtocol versions"
             " reported by the :ssl application: [:\"tlsv1.3\", :\"tlsv1.2\"].\nSet `:ssl_opts` in `MyXQL.sta"
             "rt_link/1` to force specific protocol versions.\n - {:tls_alert, {:bad_record_mac, ~c\"TLS clie"
             "nt: In state hello received SERVER ALERT: Fatal - Bad Record MAC\\n\"}}",
             "protocol-version-mismatch", "negotiation"},
        // beam.tsv: otp-verify-peer-without-cacerts
        Wild{"beam_otp_verify_peer_without_cacerts",
             "09:14:07.512 [error] Connection #PID<0.300.0> failed to connect to Redis at cache.example.com:6"
             "380: {:options, :incompatible, [verify: :verify_peer, cacerts: :undefined]}",
             "client-trust-anchor-missing", "local"},
        // beam.tsv: tortoise-no-cacertfile
        Wild{"beam_tortoise_no_cacertfile",
             "09:14:07.512 [warning] [Tortoise311] Connection failed: :no_cacertfile_specified, %{clean_sessi"
             "on: true, client_id: \"sensor-42\", host: ~c\"mqtt.example.com\", keep_alive: 60, port: 8883, p"
             "rotocol: \"MQTT\", protocol_version: 4, status: :down, subscriptions: %Tortoise311.Package.Subs"
             "cribe{__META__: %Tortoise311.Package.Meta{opcode: 8, flags: 2}, identifier: nil, topics: []}, t"
             "ransport: Tortoise311.Transport.SSL}. Retrying in 100 msecs.",
             "client-trust-anchor-missing", "local"},
        // beam.tsv: beam-mqtt-not-authorized
        Wild{"beam_beam_mqtt_not_authorized",
             "09:14:07.512 [warning] [Tortoise311] Connection refused: :not_authorized, %{clean_session: true"
             ", client_id: \"sensor-42\", host: ~c\"mqtt.example.com\", keep_alive: 60, port: 8883, protocol:"
             " \"MQTT\", protocol_version: 4, status: :down, subscriptions: %Tortoise311.Package.Subscribe{__"
             "META__: %Tortoise311.Package.Meta{opcode: 8, flags: 2}, identifier: nil, topics: []}, transport"
             ": Tortoise311.Transport.SSL}",
             "client-access-denied", "server"},
        // beam.tsv: bandit-tls-on-clear-channel
        Wild{"beam_bandit_tls_on_clear_channel",
             "09:14:07.512 [warning] Connection that looks like TLS received on a clear channel", "not-tls", "network"},
        // beam.tsv: plug-ssl-identity-file-missing
        Wild{"beam_plug_ssl_identity_file_missing",
             "** (RuntimeError) Plug.SSL.configure/1 encountered error: the file /srv/app/priv/cert/selfsigne"
             "d_key.pem required by SSL's :keyfile either does not exist, or the application does not have pe"
             "rmission to access it",
             "server-identity-unreadable", "local"},
        // beam.tsv: plug-ssl-ca-file-missing
        Wild{"beam_plug_ssl_ca_file_missing",
             "** (ArgumentError) could not start Cowboy2 adapter, the file /srv/app/priv/cert/client-ca.pem r"
             "equired by SSL's :cacertfile either does not exist, or the application does not have permission"
             " to access it",
             "server-ca-file-unreadable", "local"},
        // beam.tsv: emqx-bad-ssl-config-identity
        Wild{"beam_emqx_bad_ssl_config_identity",
             "2024-03-11T09:14:07.512304+00:00 [error] msg: bad_ssl_config, which_option: keyfile, type: ssl,"
             " pem_check: eacces, name: default, file_path: /etc/emqx/certs/key.pem",
             "server-identity-unreadable", "local"},
        // beam.tsv: emqx-bad-ssl-config-ca
        Wild{"beam_emqx_bad_ssl_config_ca",
             "2024-03-11T09:14:07.512304+00:00 [error] msg: bad_ssl_config, which_option: cacertfile, type: s"
             "sl, pem_check: enoent, name: default, file_path: /etc/emqx/certs/cacert.pem",
             "server-ca-file-unreadable", "local"},
        // beam.tsv: openssl-verify-10-cert-has-expired
        Wild{"beam_openssl_verify_10_cert_has_expired",
             "2026-03-05 14:22:31.418236+00:00 [warning] <0.1502.0>@mod_mqtt_session:tls_auth/2:1256 TLS veri"
             "fy failed: certificate has expired",
             "client-cert-expired", "server"},
        // beam.tsv: openssl-verify-20-unable-to-get-issuer-cert-locally
        Wild{"beam_openssl_verify_20_unable_to_get_issuer_cert_locally",
             "2026-03-05 14:22:31.418236+00:00 [warning] <0.1502.0>@mod_mqtt_session:tls_auth/2:1256 TLS veri"
             "fy failed: unable to get local issuer certificate",
             "client-cert-untrusted-issuer", "server"},
        // embedded.tsv: bearssl-expired
        Wild{"embedded_bearssl_expired",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Certificate is expired or not yet valid.'",
             "server-cert-expired", "client"},
        // embedded.tsv: bearssl-server-name
        Wild{"embedded_bearssl_server_name",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Expected server name was not found in the chain.'",
             "server-hostname-mismatch", "client"},
        // embedded.tsv: bearssl-weak-key
        Wild{"embedded_bearssl_weak_key",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Public key found in certificate is too small.'",
             "server-cert-weak", "client"},
        // embedded.tsv: bearssl-key-usage
        Wild{"embedded_bearssl_key_usage",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Key Usage extension prohibits intended usage.'",
             "server-cert-bad-key-usage", "client"},
        // embedded.tsv: bearssl-not-a-ca
        Wild{"embedded_bearssl_not_a_ca",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Not a CA, or path length constraint violation.'",
             "server-chain-invalid", "client"},
        // embedded.tsv: bearssl-no-authentication-method
        Wild{"embedded_bearssl_no_authentication_method",
             "BSSL:_connectSSL: start connection\nBSSL:Connection *will* fail, no authentication method is se"
             "tup\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Error = 'Chain could not be linke"
             "d to a trust anchor.'",
             "client-trust-anchor-missing", "local"},
        // embedded.tsv: bearssl-not-tls
        Wild{"embedded_bearssl_not_tls",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Incoming protocol or record version is unsupported.'",
             "not-tls", "network"},
        // embedded.tsv: bearssl-handshake-timeout
        Wild{"embedded_bearssl_handshake_timeout",
             "BSSL:_connectSSL: start connection\nBSSL:_run_until: Timeout\nBSSL:_wait_for_handshake: failed"
             "\nBSSL:Couldn't connect. Error = 'OK'",
             "connection-timeout", "network"},
        // embedded.tsv: bearssl-alert-48-unknown-ca
        Wild{"embedded_bearssl_alert_48_unknown_ca",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Invalid date/time representation.'",
             "client-cert-untrusted-issuer", "server"},
        // embedded.tsv: bearssl-alert-45-expired
        Wild{"embedded_bearssl_alert_45_expired",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: BOOLEAN value has invalid length.'",
             "client-cert-expired", "server"},
        // embedded.tsv: bearssl-alert-42-bad-certificate
        Wild{"embedded_bearssl_alert_42_bad_certificate",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: expected constructed element, but is primitiv"
             "e.'",
             "client-cert-rejected", "server"},
        // embedded.tsv: bearssl-alert-44-revoked
        Wild{"embedded_bearssl_alert_44_revoked",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: BIT STRING length is not multiple of 8.'",
             "client-cert-revoked", "server"},
        // embedded.tsv: bearssl-alert-49-access-denied
        Wild{"embedded_bearssl_alert_49_access_denied",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Certificate contains unsupported features that cannot be igno"
             "red.'",
             "client-access-denied", "server"},
        // embedded.tsv: bearssl-alert-43-unsupported-certificate
        Wild{"embedded_bearssl_alert_43_unsupported_certificate",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: expected primitive element, but is constructe"
             "d.'",
             "client-cert-missing-clientauth-eku", "server"},
        // embedded.tsv: bearssl-alert-46-certificate-unknown
        Wild{"embedded_bearssl_alert_46_certificate_unknown",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: value is off-limits.'",
             "client-cert-rejected", "server"},
        // embedded.tsv: bearssl-alert-40-handshake-failure
        Wild{"embedded_bearssl_alert_40_handshake_failure",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: extraneous element.'",
             "no-shared-cipher", "negotiation"},
        // embedded.tsv: mbedtls-pk-key-unreadable
        Wild{"embedded_mbedtls_pk_key_unreadable",
             "[  2210][E][ssl_client.cpp:36] _handle_error(): [start_ssl_client():286]: (-15616) PK - Invalid"
             " key tag or value\n[  2218][E][NetworkClientSecure.cpp:159] connect(): start_ssl_client: connec"
             "t failed: -15616",
             "client-identity-unreadable", "local"},
        // embedded.tsv: esp-select-timeout
        Wild{"embedded_esp_select_timeout",
             "[ 35312][I][ssl_client.cpp:133] start_ssl_client(): select returned due to timeout 30000 ms for"
             " fd 48\n[ 35320][E][NetworkClientSecure.cpp:159] connect(): start_ssl_client: connect failed: -"
             "1",
             "connection-timeout", "network"},
        // embedded.tsv: esp-tls-ca-parse-failed
        Wild{"embedded_esp_tls_ca_parse_failed",
             "E (3920) esp-tls-mbedtls: mbedtls_x509_crt_parse of CA cert returned -0x2180\nE (3920) esp-tls-"
             "mbedtls: Failed to set client configurations, returned [0x8015] (ESP_ERR_MBEDTLS_X509_CRT_PARSE"
             "_FAILED)\nE (3930) esp-tls: create_ssl_handle failed\nE (3930) esp-tls: Failed to open new conn"
             "ection\nE (3930) transport_base: Failed to open a new connection\nE (3940) mqtt_client: Error t"
             "ransport connect\nI (3940) mqtts_example: MQTT_EVENT_ERROR\nE (3950) mqtts_example: Last error "
             "reported from esp-tls: 0x8015\nE (3950) mqtts_example: Last error reported from tls stack: 0x21"
             "80\nI (3960) mqtts_example: Last errno string (Success)",
             "client-trust-anchor-missing", "local"},
        // embedded.tsv: esp-tls-identity-parse-failed
        Wild{"embedded_esp_tls_identity_parse_failed",
             "E (3920) esp-tls-mbedtls: mbedtls_pk_parse_keyfile returned -0x3D00\nE (3920) esp-tls-mbedtls: "
             "Failed to set client pki context\nE (3930) esp-tls-mbedtls: Failed to set client configurations"
             ", returned [0x8019] (ESP_ERR_MBEDTLS_PK_PARSE_KEY_FAILED)\nE (3930) esp-tls: create_ssl_handle "
             "failed\nE (3940) esp-tls: Failed to open new connection\nE (3940) transport_base: Failed to ope"
             "n a new connection\nE (3950) mqtt_client: Error transport connect\nI (3950) mqtts_example: MQTT"
             "_EVENT_ERROR\nE (3960) mqtts_example: Last error reported from esp-tls: 0x8019\nE (3960) mqtts_"
             "example: Last error reported from tls stack: 0x3d00\nI (3970) mqtts_example: Last errno string "
             "(Success)",
             "client-identity-unreadable", "local"},
        // embedded.tsv: esp-tls-getaddrinfo-failed
        Wild{"embedded_esp_tls_getaddrinfo_failed",
             "E (5020) esp-tls: couldn't get hostname for :mqtt.example.com: getaddrinfo() returns 202, addri"
             "nfo=0x0\nE (5020) esp-tls: Failed to open new connection\nE (5020) transport_base: Failed to op"
             "en a new connection\nE (5030) mqtt_client: Error transport connect\nI (5030) mqtts_example: MQT"
             "T_EVENT_ERROR\nE (5040) mqtts_example: Last error reported from esp-tls: 0x8001\nI (5050) mqtts"
             "_example: Last errno string (Success)",
             "dns-failure", "network"},
        // embedded.tsv: esp-mqtt-not-authorized
        Wild{"embedded_esp_mqtt_not_authorized",
             "W (7310) mqtt_client: Connection refused, not authorized\nE (7310) mqtt_client: MQTT connect fa"
             "iled\nI (7320) mqtts_example: MQTT_EVENT_ERROR\nI (7320) mqtts_example: Connection refused erro"
             "r: 0x5",
             "client-access-denied", "server"},
        // embedded.tsv: esp-https-server-client-verify-failed
        Wild{"embedded_esp_https_server_client_verify_failed",
             "I (23410) esp_https_server: performing session handshake\nE (23540) esp-tls-mbedtls: mbedtls_ss"
             "l_handshake returned -0x2700\nE (23540) esp_https_server: esp_tls_create_server_session failed,"
             " 0x2700",
             "client-cert-rejected", "server"},
        // embedded.tsv: mbedtls-invalid-record
        Wild{"embedded_mbedtls_invalid_record",
             "[00:00:04.512,000] <err> net_sock_tls: TLS handshake error: -7200\nError: connect(sock, res->ai"
             "_addr, res->ai_addrlen)",
             "not-tls", "network"},
        // embedded.tsv: mbedtls-protocol-version
        Wild{"embedded_mbedtls_protocol_version",
             "[00:00:04.512,000] <err> net_sock_tls: TLS handshake error: -6e80\nError: connect(sock, res->ai"
             "_addr, res->ai_addrlen)",
             "protocol-version-mismatch", "negotiation"},
        // embedded.tsv: mbedtls-no-ca-chain
        Wild{"embedded_mbedtls_no_ca_chain",
             "[00:00:04.731,000] <err> net_sock_tls: TLS handshake error: -7680\nError: connect(sock, res->ai"
             "_addr, res->ai_addrlen)",
             "client-trust-anchor-missing", "local"},
        // embedded.tsv: mbedtls-no-cipher-chosen
        Wild{"embedded_mbedtls_no_cipher_chosen",
             "[00:01:12.034,000] <err> net_sock_tls: TLS handshake error: -7380\n[00:01:12.034,000] <err> net"
             "_echo_server_sample: IPv4 accept error (-113)",
             "no-shared-cipher", "negotiation"},
        // embedded.tsv: altcp-tls-server-key-unreadable
        Wild{"embedded_altcp_tls_server_key_unreadable", "mbedtls_pk_parse_public_key failed: -15616",
             "server-identity-unreadable", "local"},
        // virt.tsv: virt-cert-unknown-issuer
        Wild{"virt_virt_cert_unknown_issuer",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate failed validation: The certificate hasn't got"
             " a known issuer.\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate fa"
             "iled validation: The certificate hasn't got a known issuer.\nMar 05 14:22:31 kvm01 libvirtd[123"
             "4]: authentication failed: Failed to verify peer's certificate",
             "client-cert-untrusted-issuer", "server"},
        // virt.tsv: virt-cert-revoked
        Wild{"virt_virt_cert_revoked",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate failed validation: The certificate has been r"
             "evoked.\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate failed vali"
             "dation: The certificate has been revoked.\nMar 05 14:22:31 kvm01 libvirtd[1234]: authentication"
             " failed: Failed to verify peer's certificate",
             "client-cert-revoked", "server"},
        // virt.tsv: virt-cert-insecure-algorithm
        Wild{"virt_virt_cert_insecure_algorithm",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate failed validation: The certificate uses an in"
             "secure algorithm\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate fa"
             "iled validation: The certificate uses an insecure algorithm\nMar 05 14:22:31 kvm01 libvirtd[123"
             "4]: authentication failed: Failed to verify peer's certificate",
             "client-cert-weak", "server"},
        // virt.tsv: virt-no-client-certificate
        Wild{"virt_virt_no_client_certificate",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Unable to verify TLS peer: No certificate was found.\nMar"
             " 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Unable to verify TLS peer: No certi"
             "ficate was found.\nMar 05 14:22:31 kvm01 libvirtd[1234]: authentication failed: Failed to verif"
             "y peer's certificate",
             "client-cert-missing", "server"},
        // virt.tsv: virt-dn-not-allowed
        Wild{"virt_virt_dn_not_allowed",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Client's Distinguished Name is not on the list of allowed"
             " clients (tls_allowed_dn_list).  Use 'virt-pki-query-dn clientcert.pem' to view the Distinguish"
             "ed Name field in the client certificate, or run this daemon with --verbose option.\nMar 05 14:2"
             "2:31 kvm01 libvirtd[1234]: Certificate check failed Client's Distinguished Name is not on the l"
             "ist of allowed clients (tls_allowed_dn_list).  Use 'virt-pki-query-dn clientcert.pem' to view t"
             "he Distinguished Name field in the client certificate, or run this daemon with --verbose option"
             ".\nMar 05 14:22:31 kvm01 libvirtd[1234]: authentication failed: Failed to verify peer's certifi"
             "cate",
             "client-access-denied", "server"},
        // virt.tsv: virt-purpose-not-tls-client
        Wild{"virt_virt_purpose_not_tls_client",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate [session] purpose does not allow use for with"
             " a TLS client\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate [sess"
             "ion] purpose does not allow use for with a TLS client\nMar 05 14:22:31 kvm01 libvirtd[1234]: au"
             "thentication failed: Failed to verify peer's certificate",
             "client-cert-missing-clientauth-eku", "server"},
        // virt.tsv: virt-unexpected-tls-packet
        Wild{"virt_virt_unexpected_tls_packet",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: authentication failed: TLS handshake failed An unexpected"
             " TLS packet was received.",
             "plaintext-to-tls-port", "negotiation"},
        // virt.tsv: virt-cannot-read-ca
        Wild{"virt_virt_cannot_read_ca",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Cannot read CA certificate '/etc/pki/CA/cacert.pem': No s"
             "uch file or directory",
             "server-ca-file-unreadable", "local"},
        // virt.tsv: virt-cannot-read-identity
        Wild{"virt_virt_cannot_read_identity",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Cannot read certificate '/etc/pki/libvirt/servercert.pem'"
             ": No such file or directory",
             "server-identity-unreadable", "local"},
        // virt.tsv: virt-own-server-cert-expired
        Wild{"virt_virt_own_server_cert_expired",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: The server certificate /etc/pki/libvirt/servercert.pem ha"
             "s expired",
             "server-cert-expired", "local"},
        // virt.tsv: virt-own-cert-untrusted
        Wild{"virt_virt_own_cert_untrusted",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Our own certificate /etc/pki/libvirt/servercert.pem faile"
             "d validation against /etc/pki/CA/cacert.pem: The certificate hasn't got a known issuer.",
             "server-cert-untrusted", "local"},
        // virt.tsv: gnutls-key-mismatch
        Wild{"virt_gnutls_key_mismatch",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Unable to set x509 key and certificate: /etc/pki/libvirt/"
             "private/serverkey.pem, /etc/pki/libvirt/servercert.pem: The certificate and the given key do no"
             "t match.",
             "server-key-mismatch", "local"},
        // virt.tsv: virt-crl-unusable
        Wild{"virt_virt_crl_unusable",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Unable to set x509 certificate revocation list: /etc/pki/"
             "CA/cacrl.pem: Base64 decoding error.",
             "crl-unusable", "local"},
        // virt.tsv: gnutls-app-owner-hostname-mismatch
        Wild{"virt_gnutls_app_owner_hostname_mismatch",
             "2024-03-05 14:22:31.418+0000: 3183: info : libvirt version: 9.0.0, package: 9.0.0-4+deb12u2 (De"
             "bian)\n2024-03-05 14:22:31.418+0000: 3183: info : hostname: admin01\n2024-03-05 14:22:31.418+00"
             "00: 3183: warning : virNetTLSContextCheckCertificate:1086 : Certificate check failed Certificat"
             "e [session] owner does not match the hostname 192.0.2.10\nerror: failed to connect to the hyper"
             "visor\nerror: authentication failed: Failed to verify peer's certificate",
             "server-hostname-mismatch", "client"},
        // virt.tsv: virt-purpose-not-tls-server
        Wild{"virt_virt_purpose_not_tls_server",
             "2024-03-05 14:22:31.418+0000: 3183: warning : virNetTLSContextCheckCertificate:1086 : Certifica"
             "te check failed Certificate [session] purpose does not allow use for with a TLS server\nerror: "
             "failed to connect to the hypervisor\nerror: authentication failed: Failed to verify peer's cert"
             "ificate",
             "server-cert-missing-serverauth-eku", "client"},
        // virt.tsv: virt-client-refused-silently
        Wild{"virt_virt_client_refused_silently",
             "error: failed to connect to the hypervisor\nerror: Unable to read TLS confirmation: Input/outpu"
             "t error",
             "client-cert-rejected", "server"},
        // virt.tsv: virt-own-cert-expired
        Wild{"virt_virt_own_cert_expired",
             "error: failed to connect to the hypervisor\nerror: The client certificate /etc/pki/libvirt/clie"
             "ntcert.pem has expired",
             "client-cert-expired", "local"},
        // virt.tsv: virt-pki-validate-hostname
        Wild{"virt_virt_pki_validate_hostname",
             "Found /usr/bin/certtool\nFound CA certificate /etc/pki/CA/cacert.pem for Example Corp CA\nDid n"
             "ot find /etc/pki/libvirt/clientcert.pem client certificate\nThe machine cannot act as a client"
             "\nsee https://libvirt.org/kbase/tlscerts.html#issuing-client-certificates\non how to regenerate"
             " it\nThe server certificate does not seem to match the host name\nhostname: \"kvm01.example.com"
             "\"\nServer certificate CN: \"kvm02.example.com\"\nFound server certificate /etc/pki/libvirt/ser"
             "vercert.pem for kvm02.example.com\nFound server private key /etc/pki/libvirt/private/serverkey."
             "pem",
             "server-hostname-mismatch", "local"},
        // virt.tsv: virt-pki-validate-missing-key
        Wild{"virt_virt_pki_validate_missing_key",
             "Found /usr/bin/certtool\nFound CA certificate /etc/pki/CA/cacert.pem for Example Corp CA\nFound"
             " client certificate /etc/pki/libvirt/clientcert.pem for admin01.example.com\nMissing client pri"
             "vate key /etc/pki/libvirt/private/clientkey.pem",
             "client-key-missing", "local"},
        // virt.tsv: virt-pki-validate-not-pem
        Wild{"virt_virt_pki_validate_not_pem",
             "Unable to load certificate, make sure it is in PEM format: Base64 unexpected header error.",
             "client-identity-unreadable", "local"},
        // virt.tsv: qemu-tls-authz-denied
        Wild{"virt_qemu_tls_authz_denied",
             "2024-03-05T14:22:31.418353Z qemu-system-x86_64: TLS x509 authz check for CN=kvm02.example.com,O"
             "=Example Corp,C=US is denied",
             "client-access-denied", "server"},
        // virt.tsv: qemu-certificate-hostname
        Wild{"virt_qemu_certificate_hostname",
             "error: operation failed: job 'migration out' failed: Certificate does not match the hostname kv"
             "m02.example.com",
             "server-hostname-mismatch", "client"},
        // virt.tsv: nbd-starttls-not-supported
        Wild{"virt_nbd_starttls_not_supported",
             "qemu-img: Could not open 'driver=nbd,server.type=inet,server.host=nbd01.example.com,server.port"
             "=10809,export=disk0,tls-creds=tls0': Server don't support STARTTLS option",
             "starttls-not-offered", "negotiation"},
        // virt.tsv: nbd-tls-required
        Wild{"virt_nbd_tls_required",
             "qemu-img: Could not open 'driver=nbd,server.type=inet,server.host=nbd01.example.com,server.port"
             "=10809,export=disk0': TLS negotiation required before option 7 (go)\nDid you forget a valid tls"
             "-creds?\nserver reported: Option 0x7 not permitted before TLS",
             "plaintext-to-tls-port", "negotiation"},
        // virt.tsv: qemu-tls-creds-identity-unreadable
        Wild{"virt_qemu_tls_creds_identity_unreadable",
             "error: Failed to start domain 'vm01'\nerror: internal error: process exited while connecting to"
             " monitor: 2024-03-05T14:22:31.418353Z qemu-system-x86_64: -object {\"qom-type\":\"tls-creds-x50"
             "9\",\"id\":\"vnc-tls-creds0\",\"dir\":\"/etc/pki/libvirt-vnc\",\"endpoint\":\"server\",\"verify"
             "-peer\":true}: Unable to access credentials /etc/pki/libvirt-vnc/server-cert.pem: No such file "
             "or directory",
             "server-identity-unreadable", "local"},
        // virt.tsv: qemu-tls-creds-ca-unreadable
        Wild{"virt_qemu_tls_creds_ca_unreadable",
             "qemu-system-x86_64: -object tls-creds-x509,id=tls0,dir=/etc/pki/qemu,endpoint=server,verify-pee"
             "r=on: Unable to access credentials /etc/pki/qemu/ca-cert.pem: No such file or directory",
             "server-ca-file-unreadable", "local"},
        // virt.tsv: spice-server-identity
        Wild{"virt_spice_server_identity",
             "(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: ../server/reds.cpp:2784:reds_init_s"
             "sl: Could not load certificates from /etc/pki/libvirt-spice/server-cert.pem\n(qemu-system-x86_6"
             "4:12345): Spice-WARNING **: 14:22:31.418: error:80000002:system library::No such file or direct"
             "ory\n(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:10000080:BIO routines::n"
             "o such file\n(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:0A080002:SSL rou"
             "tines::system lib\n2024-03-05T14:22:31.418353Z qemu-system-x86_64: failed to initialize spice s"
             "erver",
             "server-identity-unreadable", "local"},
        // virt.tsv: spice-server-ca
        Wild{"virt_spice_server_ca",
             "(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: ../server/reds.cpp:2806:reds_init_s"
             "sl: Could not use CA file /etc/pki/libvirt-spice/ca-cert.pem\n(qemu-system-x86_64:12345): Spice"
             "-WARNING **: 14:22:31.418: error:80000002:system library::No such file or directory\n(qemu-syst"
             "em-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:10000080:BIO routines::no such file\n(q"
             "emu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:05880002:x509 certificate routi"
             "nes::system lib\n2024-03-05T14:22:31.418353Z qemu-system-x86_64: failed to initialize spice ser"
             "ver",
             "server-ca-file-unreadable", "local"},
        // virt.tsv: spice-client-hostname
        Wild{"virt_spice_client_hostname",
             "(remote-viewer:4321): Spice-WARNING **: 14:22:31.418: ../subprojects/spice-common/common/ssl_ve"
             "rify.c:503:openssl_verify: ssl: hostname 'kvm01.example.com' verification failed\n(remote-viewe"
             "r:4321): Spice-WARNING **: 14:22:31.418: ../subprojects/spice-common/common/ssl_verify.c:508:op"
             "enssl_verify: ssl: verification failed\n(remote-viewer:4321): GSpice-WARNING **: 14:22:31.420: "
             "main-1:0: SSL_connect: error:00000001:lib(0)::reason(1)",
             "server-hostname-mismatch", "client"},
        // virt.tsv: spice-client-ca-load-failed
        Wild{"virt_spice_client_ca_load_failed",
             "(remote-viewer:4321): GSpice-WARNING **: 14:22:31.417: loading ca certs from /home/admin/.spice"
             "c/spice_truststore.pem failed",
             "client-trust-anchor-missing", "local"},
        // openstack.tsv: python-requests-cert-invalid-path
        Wild{"openstack_python_requests_cert_invalid_path",
             "Could not find the TLS certificate file, invalid path: /etc/openstack/client.crt",
             "client-identity-unreadable", "local"},
        // openstack.tsv: python-requests-key-invalid-path
        Wild{"openstack_python_requests_key_invalid_path",
             "Could not find the TLS key file, invalid path: /etc/openstack/client.key", "client-key-missing", "local"},
        // openstack.tsv: python-verify-failed
        Wild{"openstack_python_verify_failed",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: CERTIFICATE_VERIFY_FAILED] cert"
             "ificate verify failed: unable to get local issuer certificate (_ssl.c:2580)",
             "client-cert-untrusted-issuer", "server"},
        // openstack.tsv: openssl-verify-18-depth-zero-self-signed-cert
        Wild{"openstack_openssl_verify_18_depth_zero_self_signed_cert",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: CERTIFICATE_VERIFY_FAILED] cert"
             "ificate verify failed: self-signed certificate (_ssl.c:2580)",
             "client-cert-untrusted-issuer", "server"},
        // openstack.tsv: python-verify-expired
        Wild{"openstack_python_verify_expired",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: CERTIFICATE_VERIFY_FAILED] cert"
             "ificate verify failed: certificate has expired (_ssl.c:2580)",
             "client-cert-expired", "server"},
        // openstack.tsv: python-alert-unknown-ca
        Wild{"openstack_python_alert_unknown_ca",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 a"
             "lert unknown ca (_ssl.c:2580)",
             "server-cert-untrusted", "client"},
        // openstack.tsv: python-alert-certificate-expired
        Wild{"openstack_python_alert_certificate_expired",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: SSLV3_ALERT_CERTIFICATE_EXPIRED"
             "] sslv3 alert certificate expired (_ssl.c:2580)",
             "server-cert-expired", "client"},
        // gitops.tsv: controller-ca-bundle-unparseable
        Wild{"gitops_controller_ca_bundle_unparseable",
             "Warning  AuthenticationFailed  30s (x5 over 3m)  source-controller  failed to construct Helm cl"
             "ient's TLS config: failed to parse CA certificate",
             "client-trust-anchor-missing", "local"},
        // gitops.tsv: flux-secret-missing-tls-key
        Wild{"gitops_flux_secret_missing_tls_key",
             "Warning  AuthenticationFailed  30s (x5 over 3m)  source-controller  failed to construct Helm cl"
             "ient's TLS config: secret 'flux-system/charts-tls' contains 'tls.crt' but missing 'tls.key'",
             "client-key-missing", "local"},
        // k8sdistros.tsv: grafana-ldap-append-ca
        Wild{"k8sdistros_grafana_ldap_append_ca",
             "error constructing client: failed to append CA certificate to RootCAs pool",
             "client-trust-anchor-missing", "local"},
        // k8sdistros.tsv: k3s-token-ca-hash-mismatch
        Wild{"k8sdistros_k3s_token_ca_hash_mismatch",
             "time=\"2025-03-04T09:12:44Z\" level=error msg=\"Failed to validate connection to cluster at htt"
             "ps://10.0.0.5:6443: token CA hash does not match the Cluster CA certificate hash: 6f1c2a9e0b7d4"
             "c3f8a5e2d1b0c9f8e7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d != 0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3"
             "e4f5a6b7c8d9e0f1a2b3c4d5\"",
             "server-cert-untrusted", "client"},
        // goapps.tsv: rclone-client-cert-pair
        Wild{"goapps_rclone_client_cert_pair",
             "2025/03/05 14:22:31 CRITICAL: Failed to load --client-cert/--client-key pair: key is encrypted "
             "but no --client-pass provided",
             "client-identity-unreadable", "local"},
        // goapps.tsv: rclone-ca-cert-file
        Wild{"goapps_rclone_ca_cert_file",
             "2025/03/05 14:22:31 CRITICAL: Failed to add certificates from --ca-cert file \"/etc/rclone/ca.p"
             "em\"",
             "client-trust-anchor-missing", "local"},
        // goapps.tsv: rclone-serve-client-ca
        Wild{"goapps_rclone_serve_client_ca",
             "2025/03/05 14:22:31 NOTICE: Failed to webdav: failed to init server: unable to parse client cer"
             "tificate authority",
             "server-ca-file-unreadable", "local"},
        // goapps.tsv: go-open-ca-file
        Wild{"goapps_go_open_ca_file",
             "2025/03/05 14:22:31 NOTICE: Failed to webdav: failed to init server: open /etc/rclone/client-ca"
             ".pem: no such file or directory",
             "server-ca-file-unreadable", "local"},
        // goapps.tsv: go-key-mismatch
        Wild{"goapps_go_key_mismatch",
             "2025/03/05 14:22:31 NOTICE: Failed to webdav: failed to init server: tls: private key does not "
             "match public key",
             "server-key-mismatch", "local"},
        // goapps.tsv: rclone-proxy-tls
        Wild{"goapps_rclone_proxy_tls",
             "HTTP CONNECT proxy failed to make TLS connection: \"tls: failed to verify certificate: x509: ce"
             "rtificate signed by unknown authority\"",
             "proxy-refused", "network"},
        // goapps.tsv: restic-root-certificate
        Wild{"goapps_restic_root_certificate", "Fatal: cannot parse root certificate from \"/etc/restic/ca.pem\"",
             "client-trust-anchor-missing", "local"},
        // goapps.tsv: restic-tls-client-cert
        Wild{"goapps_restic_tls_client_cert",
             "Fatal: error loading TLS cert and key from /etc/restic/client.pem: unknown block type CERTIFICA"
             "TE REQUEST found",
             "client-identity-unreadable", "local"},
        // goapps.tsv: go-server-plaintext-client
        Wild{"goapps_go_server_plaintext_client",
             "2025-03-05 14:22:31 WRN Failed TLS handshake (address=203.0.113.7:51234 error=\"tls: first reco"
             "rd does not look like a TLS handshake\" log.pkg=connections)",
             "plaintext-to-tls-port", "negotiation"},
        // goapps.tsv: go-server-handshake-eof
        Wild{"goapps_go_server_handshake_eof",
             "2025-03-05 14:22:31 WRN Failed TLS handshake (address=203.0.113.7:51234 error=EOF log.pkg=conne"
             "ctions)",
             "health-check-probe", "network"},
        // goapps.tsv: syncthing-unknown-device
        Wild{"goapps_syncthing_unknown_device",
             "2025-03-05 14:22:31 WRN Connection rejected (device=P56IOI7 address=203.0.113.7:51234 type=tcp-"
             "server error=\"unknown device\" log.pkg=connections)",
             "client-access-denied", "server"},
        // goapps.tsv: syncthing-unexpected-device-id
        Wild{"goapps_syncthing_unexpected_device_id",
             "unexpected device id, expected MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD "
             "got P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2",
             "server-cert-untrusted", "client"},
        // goapps.tsv: frp-parse-ca-file
        Wild{"goapps_frp_parse_ca_file",
             "2025-03-05 14:22:31.604 [W] [client/connector.go:203] fail to build tls configuration, err: fai"
             "led to parse CA certificate from file \"/etc/frp/ssl/ca.key\": no valid PEM certificates found",
             "client-trust-anchor-missing", "local"},
        // goapps.tsv: frps-non-tls-on-tls-only
        Wild{"goapps_frps_non_tls_on_tls_only",
             "2025-03-05 14:22:31.604 [W] [server/service.go:696] checkAndEnableTLSServerConnWithTimeout erro"
             "r: non-TLS connection received on a TlsOnly server",
             "plaintext-to-tls-port", "negotiation"},
        // goapps.tsv: go-open-identity-file
        Wild{"goapps_go_open_identity_file",
             "Error: headscale ran into an error and had to shut down: configuring TLS settings: open /etc/he"
             "adscale/tls.crt: no such file or directory",
             "server-identity-unreadable", "local"},
        // goapps.tsv: go-identity-unreadable
        Wild{"goapps_go_identity_unreadable",
             "Error: headscale ran into an error and had to shut down: configuring TLS settings: tls: failed "
             "to find any PEM data in key input",
             "server-identity-unreadable", "local"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
