// Session 31: classes found by the catalogs tests/explain/catalog/winclients.tsv (Windows clients), searchlogs.tsv
// (search and log platforms) and beam.tsv (Elixir and BEAM). Each text here was read wrongly by the session start's
// binary (main c8df2ef). docs/explain.md, "Session 31".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb31Platforms, WildText,
    testing::Values(
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
             "client-cert-untrusted-issuer", "server"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
