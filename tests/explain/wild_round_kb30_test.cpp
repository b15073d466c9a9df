// Session 30: classes found by the session's catalogs (tests/explain/catalog/agents.tsv, pkiclients.tsv,
// dotnetlibs.tsv, javalibs.tsv, golibs.tsv, nodelibs.tsv, pylibs.tsv, rustlibs.tsv, phplibs.tsv) and by the tuning
// texts of rounds added-2027-01-08 and -09. Each text here was read wrongly by the session start's binary (main
// 82f8124). docs/explain.md, "Session 30".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb30, WildText,
    testing::Values(
        // Plain words (generic.kb): a host name mismatch, an own key or CA file not loaded, in a program's own
        // sentence.
        Wild{"httpclient4_host_name_does_not_match",
             "Caused by: javax.net.ssl.SSLPeerUnverifiedException: Host name 'www.aflac.com' does not match t"
             "he certificate subject provided by the peer (CN=incapsula.com, O=Incapsula Inc, L=Dover, ST=Del"
             "aware, C=US)\n\tat org.apache.http.conn.ssl.SSLConnectionSocketFactory.verifyHostname(SSLConnec"
             "tionSocketFactory.java:465)",
             "server-hostname-mismatch", "client"},
        Wild{"pgjdbc_could_not_load_private_key",
             "Caused by: org.postgresql.util.PSQLException: Could not load the private key",
             "client-identity-unreadable", "local"},
        Wild{"rancher_unable_to_read_ca_file",
             "2025-02-13T17:25:22.520593546Z time=\"2025-02-13T17:25:22Z\" level=info msg=\"Rancher agent ver"
             "sion v2.10.2 is starting\"\n2025-02-13T17:25:22.529886868Z time=\"2025-02-13T17:25:22Z\" level="
             "error msg=\"unable to read CA file from /etc/kubernetes/ssl/certs/serverca: open /etc/kubernete"
             "s/ssl/certs/serverca: no such file or directory\"\n2025-02-13T17:25:22.529924542Z time=\"2025-0"
             "2-13T17:25:22Z\" level=error msg=\"Strict CA verification is enabled but encountered error find"
             "ing root CA\"",
             "client-trust-anchor-missing", "local"},
        // A HostnameVerifier's refusal whose message is the host alone (DAVdroid).
        Wild{"bare_sslpeerunverifiedexception_host",
             "owncloud kontakte:\njavax.net.ssl.SSLPeerUnverifiedException:\n<IP Address>\n  at\nat.bitfire.f"
             "avdroid.webdav.TlsSniSocketFactory.establishAndVerify(TlsSniSocketFactory.java:118)",
             "server-hostname-mismatch", "client"},
        // Whose log: MockServer's Netty frames (a mock HTTPS server).
        Wild{"mockserver_received_unknown_ca",
             "io.netty.handler.codec.DecoderException: javax.net.ssl.SSLException: Received fatal alert: unkn"
             "own_ca\n        at io.netty.handler.codec.ByteToMessageDecoder.callDecode(ByteToMessageDecoder."
             "java:459) ~[mockserver-netty-5.4.1-jar-with-dependencies.jar:na]\n        at io.netty.handler.c"
             "odec.ByteToMessageDecoder.channelInputClosed(ByteToMessageDecoder.java:392) ~[mockserver-netty-"
             "5.4.1-jar-with-dependencies.jar:na]\n        at io.netty.handler.codec.ByteToMessageDecoder.cha"
             "nnelInputClosed(ByteToMessageDecoder.java:359) ~[mockserver-netty-5.4.1-jar-with-dependencies.j"
             "ar:na]\n        at io.netty.handler.codec.ByteToMessageDecoder.channelInactive(ByteToMessageDec"
             "oder.java:342) ~[mockserver-netty-5.4.1-jar-with-dependencies.jar:na]\n        at io.netty.hand"
             "ler.ssl.SslHandler.channelInactive(SslHandler.java:1010) ~[mockserver-netty-5.4.1-jar-with-depe"
             "ndencies.jar:na]",
             "server-cert-untrusted", "client"},
        // An MQTT client without TLS to 8883.
        Wild{"ot_recorder_without_tls_to_8883",
             "ot-recorder[1]: version 0.6.9 starting with STORAGEDIR=/owntracks/recorder/store\not-recorder[1"
             "]: connecting to MQTT on mqtt.example.com:8883 as clientID ot-recorder-locate.example.com-1 wit"
             "hout TLS\not-recorder[1]: HTTP listener started on 127.0.0.1:8083\not-recorder[1]: Using storag"
             "e at /owntracks/recorder/store with precision 7\not-recorder[1]: Disconnected. Reason: 0x7 [Con"
             "nection refused: TLS error]\not-recorder[1]: MQTT connection: rc=7 [The connection was lost.] ("
             "errno=104; Connection reset by peer). Sleeping...",
             "plaintext-to-tls-port", "negotiation"},
        // NRPE's handshake failure without OpenSSL's reason (agents.kb, weak).
        Wild{"nrpe_handshake_failed_no_reason", "Error: Could not complete SSL handshake with 127.0.0.1: 1",
             "no-shared-cipher", "negotiation"},
        // Whose log (writer.cpp): the nrpe daemon, NSClient++'s sockets, Icinga's listener, Checkmk's pull mode,
        // Wazuh's and OSSEC's authd; OpenSSL 3's tls_post_process_server_certificate is a client's.
        Wild{"nrpe_daemon_client_invalid_certificate",
             "Mar  5 14:22:31 web-01 nrpe[2211]: SSL Client has an invalid certificate: /CN=nagios.example.co"
             "m (issuer=/CN=Old Nagios CA) err=20:unable to get local issuer certificate\nMar  5 14:22:31 web"
             "-01 nrpe[2211]: Error: (ERR_get_error = 0x0a000086), Could not complete SSL handshake with 10.0"
             ".0.5: certificate verify failed",
             "client-cert-untrusted-issuer", "server"},
        Wild{"nrpe_daemon_received_unknown_ca",
             "Mar  5 14:22:31 web-01 nrpe[2211]: Error: (ERR_get_error = 0x0a000418), Could not complete SSL "
             "handshake with 10.0.0.5: tlsv1 alert unknown ca",
             "server-cert-untrusted", "client"},
        Wild{"nrpe_daemon_wrong_version_number",
             "Mar  5 14:22:31 web-01 nrpe[2211]: Error: (ERR_get_error = 0x0a00010b), Could not complete SSL "
             "handshake with 10.0.0.5: wrong version number",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"nsclient_received_unknown_ca",
             "2024-03-05 14:22:31: error:D:\\a\\nscp\\nscp\\include\\net\\socket\\connection.hpp:314: Failed "
             "to establish secure connection: tlsv1 alert unknown ca (SSL routines): 1048",
             "server-cert-untrusted", "client"},
        Wild{"icinga_listener_http_request",
             "[2024-03-05 14:22:31 +0000] critical/ApiListener: Server TLS handshake failed (from [::ffff:10."
             "0.0.9]:51234): http request (SSL routines)",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"checkmk_pull_unknown_issuer",
             "Mar 05 14:22:31 web-01 cmk-agent-ctl[1234]: WARN [cmk_agent_ctl::modes::pull] [::ffff:10.0.0.5]"
             ":51234 (pull): Failed processing task #1 (invalid peer certificate: UnknownIssuer)",
             "client-cert-untrusted-issuer", "server"},
        // The server's own files (readings.cpp and the writer's signs).
        Wild{"nrpe_daemon_own_key_mismatch",
             "Mar  5 14:22:31 web-01 nrpe[2211]: Error: Could not use private key file '/usr/local/nagios/etc"
             "/ssl/nrpe.key'\nMar  5 14:22:31 web-01 nrpe[2211]:      : error:05800074:x509 certificate routi"
             "nes::key values mismatch",
             "server-key-mismatch", "local"},
        Wild{"nrpe_daemon_ca_file",
             "Mar  5 14:22:31 web-01 nrpe[2211]: Error: Could not use CA certificate '/usr/local/nagios/etc/s"
             "sl/ca_cert.pem'\nMar  5 14:22:31 web-01 nrpe[2211]:      : error:80000002:system library::No su"
             "ch file or directory\nMar  5 14:22:31 web-01 nrpe[2211]:      : error:10000080:BIO routines::no"
             " such file\nMar  5 14:22:31 web-01 nrpe[2211]:      : error:05880002:x509 certificate routines:"
             ":system lib",
             "server-ca-file-unreadable", "local"},
        Wild{"check_nrpe_ca_file",
             "Mar  5 14:22:31 nagios check_nrpe: Error: Could not use CA certificate '/usr/local/nagios/etc/s"
             "sl/ca_cert.pem'\nMar  5 14:22:31 nagios check_nrpe:      : error:80000002:system library::No su"
             "ch file or directory\nMar  5 14:22:31 nagios check_nrpe:      : error:10000080:BIO routines::no"
             " such file\nMar  5 14:22:31 nagios check_nrpe:      : error:05880002:x509 certificate routines:"
             ":system lib",
             "client-trust-anchor-missing", "local"},
        Wild{"nsclient_ca_file",
             "2024-03-05 14:22:31: error:D:\\a\\nscp\\nscp\\include\\net\\socket\\socket_helpers.cpp:238: Fai"
             "led to load CA C:\\Program Files\\NSClient++\\security\\ca.pem: no certificate or crl found (x5"
             "09 certificate routines)",
             "server-ca-file-unreadable", "local"},
        Wild{"icinga_ca_file",
             "[2024-03-05 14:22:31 +0000] critical/SSL: Error loading and verifying locations in ca key file "
             "'/var/lib/icinga2/certs/ca.crt': 2147483650, \"error:80000002:system library::No such file or d"
             "irectory\"",
             "server-ca-file-unreadable", "local"},
        Wild{"sensu_backend_key_mismatch",
             "{\"component\":\"backend\",\"error\":\"error initializing apid: Error loading tls server certif"
             "icate: tls: private key does not match public key\",\"level\":\"fatal\",\"msg\":\"error executi"
             "ng sensu-backend\",\"time\":\"2024-03-05T14:22:31Z\"}",
             "server-key-mismatch", "local"},
        Wild{"wazuh_authd_ca_file",
             "2024/03/05 14:22:31 wazuh-authd: ERROR: Unable to read CA certificate file \"/var/ossec/etc/roo"
             "tCA.pem\"\n2024/03/05 14:22:31 wazuh-authd: ERROR: SSL error. Exiting.",
             "server-ca-file-unreadable", "local"},
        // Words no entry had: NRPE, Icinga 2, Checkmk, Wazuh.
        Wild{"nrpe_plain_daemon_tls_client",
             "Mar  5 14:22:31 web-01 nrpe[2211]: Error: (use_ssl == false): Request packet version was invali"
             "d!",
             "starttls-not-offered", "negotiation"},
        Wild{"icinga_unknown_endpoint",
             "[2024-03-05 14:22:31 +0000] warning/ApiListener: Unknown endpoint 'agent2.example.com' with val"
             "id certificate. Aborting JSON-RPC connection.",
             "client-access-denied", "server"},
        Wild{"icinga_unexpected_common_name",
             "[2024-03-05 14:22:31 +0000] warning/ApiListener: Unexpected certificate common name while conne"
             "cting to endpoint 'master1.example.com': got 'icinga-master.example.com'",
             "server-hostname-mismatch", "client"},
        Wild{"icinga_not_the_trusted_certificate",
             "[2024-03-05 14:22:31 +0000] critical/cli: Peer certificate does not match trusted certificate.",
             "server-cert-untrusted", "client"},
        Wild{"checkmk_cn_uuid",
             "Mar 05 14:22:31 web-01 cmk-agent-ctl[1234]: WARN [cmk_agent_ctl::modes::pull] [::ffff:10.0.0.5]"
             ":51234 (pull): Failed processing task #1 (unexpected error: CN in client certificate is a valid"
             " UUID: cf771eeb-b666-4673-95c9-683960fb2939)",
             "client-access-denied", "server"},
        Wild{"wazuh_agent_auth_server_name",
             "2024/03/05 14:22:31 agent-auth: INFO: Verifying manager's certificate\n2024/03/05 14:22:31 agen"
             "t-auth: ERROR: Unable to verify server certificate",
             "server-hostname-mismatch", "client"},
        Wild{"wazuh_agent_auth_may_be_incorrect",
             "2024/03/05 14:22:31 agent-auth: INFO: Using agent name as: web-01\n2024/03/05 14:22:31 agent-au"
             "th: INFO: Waiting for server reply\n2024/03/05 14:22:31 agent-auth: ERROR: SSL read (unable to "
             "receive message)\n2024/03/05 14:22:31 agent-auth: ERROR: If Agent verification is enabled, agen"
             "t key and certificates may be incorrect!",
             "client-cert-rejected", "server"},
        Wild{"wazuh_authd_client_name", "2024/03/05 14:22:31 wazuh-authd: ERROR: Unable to verify client certificate.",
             "client-cert-hostname-check", "server"},
        // Enrolment clients (pki.kb): certmonger's and acme.sh's libcurl codes, FreeIPA, step-ca, cert-manager, cfssl,
        // Dogtag's pki CLI, libest.
        Wild{"certmonger_curl_51",
             "Request ID '20240305142231':\n\tstatus: CA_UNREACHABLE\n\tca-error: Error 51 connecting to http"
             "s://ipa1.example.com:8443/ca/ee/ca/profileSubmit: SSL peer certificate or SSH remote key was no"
             "t OK.\n\tstuck: no",
             "server-hostname-mismatch", "client"},
        Wild{"certmonger_curl_58",
             "Mar 05 14:22:31 ipa1.example.com certmonger[1187]: Error 58 connecting to https://ipa1.example."
             "com:8443/ca/agent/ca/profileReview: Problem with the local SSL certificate.",
             "client-identity-unreadable", "local"},
        Wild{"freeipa_cannot_obtain_ca", "Cannot obtain CA certificate\n'/root/ipa-ca.crt' doesn't have a certificate.",
             "client-trust-anchor-missing", "local"},
        Wild{"step_ca_renew_revoked",
             "time=\"2024-03-05T14:22:31Z\" level=warning duration=\"1.204518ms\" duration-ns=1204518 error="
             "\"cahandler.Renew: authority.authorizeRenew: certificate has been revoked\" fields.time=\"2024-"
             "03-05T14:22:31Z\" method=POST name=ca path=/renew protocol=HTTP/2.0 referer= remote-address=10."
             "0.0.7 request-id=cnl4p3k1qv2c73a0ug1g size=144 status=401 user-agent=\"Smallstep CLI/0.30.6 (li"
             "nux/amd64)\" user-id=",
             "client-cert-revoked", "server"},
        Wild{"cert_manager_vault_no_ca_bundles",
             "Status:\n  Conditions:\n    Last Transition Time:  2024-03-05T14:22:31Z\n    Message:          "
             "     Failed to initialize Vault client: no Vault CA bundles loaded, check bundle contents\n    "
             "Observed Generation:   1\n    Reason:                VaultError\n    Status:                Fal"
             "se\n    Type:                  Ready",
             "client-trust-anchor-missing", "local"},
        Wild{"cfssl_invalid_cn",
             "2024/03/05 14:22:31 [ERROR] http error with https://ca.example.com:8888/api/v1/cfssl/sign\n{\"c"
             "ode\":7400,\"message\":\"Invalid CN\\n\"}",
             "client-access-denied", "server"},
        Wild{"cfssl_invalid_remote_ca",
             "2024/03/05 14:22:31 [INFO] Invalid tls-remote-ca: /etc/cfssl/remote-ca.pem, defaulting to syste"
             "m trust store",
             "client-trust-anchor-missing", "local"},
        Wild{"cfssl_mutual_tls_ca_file",
             "failed to load mutual TLS CA file: open /etc/cfssl/client-ca.pem: no such file or directory",
             "server-ca-file-unreadable", "local"},
        Wild{"acme_sh_curl_60",
             "[Tue Mar  5 14:22:31 UTC 2024] Please refer to https://curl.haxx.se/libcurl/c/libcurl-errors.ht"
             "ml for error code: 60\n[Tue Mar  5 14:22:31 UTC 2024] Cannot init API for: https://acme.interna"
             "l.example.com/acme/acme/directory.\n[Tue Mar  5 14:22:31 UTC 2024] Sleeping for 10 seconds and "
             "retrying.",
             "server-cert-untrusted", "client"},
        Wild{"acme_sh_curl_77",
             "[Tue Mar  5 14:22:31 UTC 2024] Please refer to https://curl.haxx.se/libcurl/c/libcurl-errors.ht"
             "ml for error code: 77\n[Tue Mar  5 14:22:31 UTC 2024] Cannot init API for: https://acme.interna"
             "l.example.com/acme/acme/directory.",
             "client-trust-anchor-missing", "local"},
        Wild{"acme_sh_wget_5",
             "[Tue Mar  5 14:22:31 UTC 2024] Please refer to https://www.gnu.org/software/wget/manual/html_no"
             "de/Exit-Status.html for error code: 5\n[Tue Mar  5 14:22:31 UTC 2024] Cannot init API for: http"
             "s://acme.internal.example.com/acme/acme/directory.",
             "server-cert-untrusted", "client"},
        Wild{"dogtag_unknown_issuer",
             "WARNING: UNKNOWN_ISSUER encountered on 'CN=pki1.example.com,OU=pki-tomcat,O=EXAMPLE.COM' indica"
             "tes an unknown CA cert 'CN=CA Signing Certificate,OU=pki-tomcat,O=EXAMPLE.COM'\nTrust this cert"
             "ificate (y/N)? ",
             "server-cert-untrusted", "client"},
        Wild{"dogtag_expired",
             "ERROR: EXPIRED_CERTIFICATE encountered on 'CN=pki1.example.com,OU=pki-tomcat,O=EXAMPLE.COM' res"
             "ults in a denied SSL server cert!",
             "server-cert-expired", "client"},
        Wild{"dogtag_inadequate_cert_type",
             "ERROR: INADEQUATE_CERT_TYPE encountered on 'CN=pki1.example.com,OU=pki-tomcat,O=EXAMPLE.COM' re"
             "sults in a denied SSL server cert!",
             "server-cert-missing-serverauth-eku", "client"},
        Wild{"dogtag_bad_cert_domain",
             "ERROR: BAD_CERT_DOMAIN encountered on 'CN=pki1.example.com,OU=pki-tomcat,O=EXAMPLE.COM' indicat"
             "es a common-name mismatch",
             "server-hostname-mismatch", "client"},
        Wild{"dogtag_nss_password", "ERROR: Incorrect password for internal token", "client-identity-unreadable",
             "local"},
        Wild{"libest_fqdn_mismatch",
             "Simple enrollment without server-defined attributes failed with code 53 (EST_ERR_FQDN_MISMATCH)",
             "server-hostname-mismatch", "client"},
        // .NET client libraries: own files, MySqlConnector's and NATS.Net's readings, MQTTnet's server.
        Wild{"dotnet_pfx_password",
             "Unhandled exception. System.Security.Cryptography.CryptographicException: The certificate data "
             "cannot be read with the provided password, the password may be incorrect.\n   at System.Securit"
             "y.Cryptography.X509Certificates.X509Certificate2..ctor(String fileName, String password, X509Ke"
             "yStorageFlags keyStorageFlags)\n   at StackExchange.Redis.ConfigurationOptions.CreatePfxUserCer"
             "tificateCallback(String userCertificatePath, String password, X509KeyStorageFlags storageFlags)"
             " in /_/src/StackExchange.Redis/ConfigurationOptions.cs:line 350\n   at StackExchange.Redis.Conf"
             "igurationOptions.SetUserPfxCertificate(String userCertificatePath, String password) in /_/src/S"
             "tackExchange.Redis/ConfigurationOptions.cs:line 330",
             "client-identity-unreadable", "local"},
        Wild{"dotnet_pem_key_unusable",
             "Unhandled exception. System.Security.Cryptography.CryptographicException: The key contents do n"
             "ot contain a PEM, the content is malformed, or the key does not match the certificate.\n   at S"
             "ystem.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(String certPemF"
             "ilePath, String keyPemFilePath)\n   at StackExchange.Redis.ConfigurationOptions.CreatePemUserCe"
             "rtificateCallback(String userCertificatePath, String userKeyPath) in /_/src/StackExchange.Redis"
             "/ConfigurationOptions.cs:line 338\n   at StackExchange.Redis.ConfigurationOptions.SetUserPemCer"
             "tificate(String userCertificatePath, String userKeyPath) in /_/src/StackExchange.Redis/Configur"
             "ationOptions.cs:line 318",
             "client-identity-unreadable", "local"},
        Wild{"mysqlconnector_name_mismatch",
             "MySqlConnector.MySqlException (0x80004005): SSL Authentication Error\n ---> System.Security.Aut"
             "hentication.AuthenticationException: The remote certificate was rejected due to the following e"
             "rror: RemoteCertificateNameMismatch\n   --- End of inner exception stack trace ---\n   at MySql"
             "Connector.Core.ServerSession.ConnectAsync(ConnectionSettings cs, MySqlConnection connection, In"
             "t64 startingTimestamp, ILoadBalancer loadBalancer, Activity activity, IOBehavior ioBehavior, Ca"
             "ncellationToken cancellationToken) in /_/src/MySqlConnector/Core/ServerSession.cs:line 662",
             "server-hostname-mismatch", "client"},
        Wild{"mysqlconnector_rejected_client_certificate",
             "MySqlConnector.MySqlException (0x80004005): MySQL Server rejected client certificate\n ---> Sys"
             "tem.IO.IOException:  Received an unexpected EOF or 0 bytes from the transport stream.\n   at Sy"
             "stem.Net.Security.SslStream.ForceAuthenticationAsync[TIOAdapter](Boolean receiveFirst, Byte[] r"
             "eAuthenticationData, CancellationToken cancellationToken)\n   at MySqlConnector.Core.ServerSess"
             "ion.InitSslAsync(ProtocolCapabilities serverCapabilities, ConnectionSettings cs, MySqlConnectio"
             "n connection, SslProtocols sslProtocols, IOBehavior ioBehavior, CancellationToken cancellationT"
             "oken) in /_/src/MySqlConnector/Core/ServerSession.cs:line 1848\n   --- End of inner exception s"
             "tack trace ---\n   at MySqlConnector.Core.ServerSession.InitSslAsync(ProtocolCapabilities serve"
             "rCapabilities, ConnectionSettings cs, MySqlConnection connection, SslProtocols sslProtocols, IO"
             "Behavior ioBehavior, CancellationToken cancellationToken) in /_/src/MySqlConnector/Core/ServerS"
             "ession.cs:line 1900",
             "client-cert-rejected", "server"},
        Wild{"mysqlconnector_server_no_ssl",
             "MySqlConnector.MySqlException (0x80004005): Server does not support SSL\n   at MySqlConnector.C"
             "ore.ServerSession.ConnectAsync(ConnectionSettings cs, MySqlConnection connection, Int64 startin"
             "gTimestamp, ILoadBalancer loadBalancer, Activity activity, IOBehavior ioBehavior, CancellationT"
             "oken cancellationToken) in /_/src/MySqlConnector/Core/ServerSession.cs:line 576",
             "starttls-not-offered", "negotiation"},
        Wild{"mysqlconnector_pfx_without_key",
             "MySqlConnector.MySqlException (0x80004005): CertificateFile does not contain a private key. Cer"
             "tificateFile should be in PKCS #12 (.pfx) format and contain both a Certificate and Private Key"
             "\n   at MySqlConnector.Core.ServerSession.InitSslAsync(ProtocolCapabilities serverCapabilities,"
             " ConnectionSettings cs, MySqlConnection connection, SslProtocols sslProtocols, IOBehavior ioBeh"
             "avior, CancellationToken cancellationToken) in /_/src/MySqlConnector/Core/ServerSession.cs:line"
             " 1653",
             "client-key-missing", "local"},
        Wild{"npgsql_no_ssl_enabled_connection",
             "Npgsql.NpgsqlException (0x80004005): SSL connection requested. No SSL enabled connection from t"
             "his host is configured.\n   at Npgsql.Internal.NpgsqlConnector.RawOpen(NpgsqlTimeout timeout, B"
             "oolean async, CancellationToken cancellationToken)\n   at Npgsql.Internal.NpgsqlConnector.Open("
             "NpgsqlTimeout timeout, Boolean async, CancellationToken cancellationToken)",
             "starttls-not-offered", "negotiation"},
        Wild{"mongodb_csharp_user_not_found",
             "MongoDB.Driver.MongoAuthenticationException: Unable to authenticate username 'CN=app01,OU=apps,"
             "O=Example Corp' using protocol 'MONGODB-X509'.\n ---> MongoDB.Driver.MongoCommandException: Com"
             "mand authenticate failed: Could not find user \"CN=app01,OU=apps,O=Example Corp\" for db \"$ext"
             "ernal\".",
             "client-access-denied", "server"},
        Wild{"mqttnet_server_untrusted_root",
             ">> [2026-03-05T14:22:31.4170312Z] [14] [MqttTcpServerListener] [Error]: Error while handling TC"
             "P client connection\nSystem.Security.Authentication.AuthenticationException: The remote certifi"
             "cate is invalid because of errors in the certificate chain: UntrustedRoot\n   at System.Net.Sec"
             "urity.SslStream.ForceAuthenticationAsync[TIOAdapter](Boolean receiveFirst, Byte[] reAuthenticat"
             "ionData, CancellationToken cancellationToken)\n   at MQTTnet.Server.Internal.Adapter.MqttTcpSer"
             "verListener.TryHandleClientConnectionAsync(CrossPlatformSocket clientSocket)",
             "client-cert-untrusted-issuer", "server"},
        Wild{"mqttnet_server_certificate_without_key",
             ">> [2026-03-05T14:22:31.4170312Z] [14] [MqttTcpServerListener] [Error]: Error while handling TC"
             "P client connection\nSystem.InvalidOperationException: The certificate for TLS encryption must "
             "contain the private key.\n   at MQTTnet.Server.Internal.Adapter.MqttTcpServerListener.TryHandle"
             "ClientConnectionAsync(CrossPlatformSocket clientSocket)",
             "server-identity-unreadable", "local"},
        Wild{"nats_net_requires_tls",
             "NATS.Client.Core.NatsException: can not start to connect nats server: nats://nats01.example.com"
             ":4222\n ---> NATS.Client.Core.NatsException: Server nats://nats01.example.com:4222 requires TLS"
             " but TlsMode is set to Disable\n   at NATS.Client.Core.NatsConnection.SetupReaderWriterAsync(Bo"
             "olean reconnect)",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"nats_net_ca_file_not_found",
             "NATS.Client.Core.NatsException: can not start to connect nats server: nats://nats01.example.com"
             ":4222\n ---> System.IO.FileNotFoundException: Could not find file '/etc/nats/certs/ca.pem'.\n  "
             " at NATS.Client.Core.NatsTlsOpts.AuthenticateAsClientOptionsAsync(Uri uri)\n   at NATS.Client.C"
             "ore.Internal.SslStreamConnection.AuthenticateAsClientAsync(NatsUri uri, TimeSpan timeout)\n   a"
             "t NATS.Client.Core.NatsConnection.SetupReaderWriterAsync(Boolean reconnect)",
             "client-trust-anchor-missing", "local"},
        // Java client libraries: their files checked in words, unrecoverable keys, HttpClient 5, Vert.x, jnats.
        Wild{"lettuce_keystore_file_null",
             "Exception in thread \"main\" java.lang.IllegalArgumentException: Keystore file null does not ex"
             "ist\n\tat io.lettuce.core.internal.LettuceAssert.isTrue(LettuceAssert.java:207)\n\tat io.lettuc"
             "e.core.SslOptions$Builder.keystore(SslOptions.java:289)\n\tat io.lettuce.core.SslOptions$Builde"
             "r.keystore(SslOptions.java:273)\n\tat com.example.orders.RedisConfig.sslOptions(RedisConfig.jav"
             "a:41)",
             "client-identity-unreadable", "local"},
        Wild{"lettuce_key_file_missing",
             "java.lang.IllegalArgumentException: Key file /etc/orders/tls/redis-client.key does not exist\n"
             "\tat io.lettuce.core.internal.LettuceAssert.isTrue(LettuceAssert.java:207)\n\tat io.lettuce.cor"
             "e.SslOptions$Builder.keyManager(SslOptions.java:344)\n\tat com.example.orders.RedisConfig.sslOp"
             "tions(RedisConfig.java:44)",
             "client-key-missing", "local"},
        Wild{"lettuce_truststore_file_missing",
             "java.lang.IllegalArgumentException: Truststore file /etc/orders/tls/redis-truststore.p12 does n"
             "ot exist\n\tat io.lettuce.core.internal.LettuceAssert.isTrue(LettuceAssert.java:207)\n\tat io.l"
             "ettuce.core.SslOptions$Builder.truststore(SslOptions.java:459)\n\tat com.example.orders.RedisCo"
             "nfig.sslOptions(RedisConfig.java:46)",
             "client-trust-anchor-missing", "local"},
        Wild{"jedis_cannot_recover_key",
             "redis.clients.jedis.exceptions.JedisConnectionException: Failed to create socket.\n\tat redis.c"
             "lients.jedis.DefaultJedisSocketFactory.createSocket(DefaultJedisSocketFactory.java:108)\n\tat r"
             "edis.clients.jedis.Connection.connect(Connection.java:232)\nCaused by: java.security.Unrecovera"
             "bleKeyException: Cannot recover key\n\tat java.base/sun.security.provider.KeyProtector.recover("
             "KeyProtector.java:301)\n\tat java.base/sun.security.provider.JavaKeyStore.engineGetKey(JavaKeyS"
             "tore.java:142)\n\tat java.base/javax.net.ssl.KeyManagerFactory.init(KeyManagerFactory.java:313)"
             "\n\tat redis.clients.jedis.SslOptions.createSslContext(SslOptions.java:352)\n\tat redis.clients"
             ".jedis.DefaultJedisSocketFactory.createSslSocket(DefaultJedisSocketFactory.java:125)\n\tat redi"
             "s.clients.jedis.DefaultJedisSocketFactory.createSocket(DefaultJedisSocketFactory.java:98)\n\t.."
             ". 6 more",
             "client-identity-unreadable", "local"},
        Wild{"hivemq_client_truststore",
             "Exception in thread \"main\" javax.net.ssl.SSLException: Not able to open or read trust store '"
             "/etc/app/mqtt-truststore.jks'\n\tat com.hivemq.client.util.KeyStoreUtil.trustManagerFromKeystor"
             "e(KeyStoreUtil.java:57)\n\tat com.example.Telemetry.main(Telemetry.java:31)\nCaused by: java.io"
             ".FileNotFoundException: /etc/app/mqtt-truststore.jks (No such file or directory)\n\tat java.bas"
             "e/java.io.FileInputStream.open0(Native Method)\n\tat java.base/java.io.FileInputStream.<init>(F"
             "ileInputStream.java:213)\n\tat com.hivemq.client.util.KeyStoreUtil.trustManagerFromKeystore(Key"
             "StoreUtil.java:47)",
             "client-trust-anchor-missing", "local"},
        Wild{"vertx_server_key_certificate_mandatory",
             "Mar 05, 2024 2:22:31 PM io.vertx.core.impl.launcher.commands.VertxIsolatedDeployer lambda$creat"
             "eHandler$0\nSEVERE: Failed in deploying verticle\nio.vertx.core.impl.NoStackTraceThrowable: Key"
             "/certificate is mandatory for SSL",
             "server-identity-unreadable", "local"},
        Wild{"vertx_pem_key_delimiter",
             "Mar 05, 2024 2:22:31 PM io.vertx.core.impl.launcher.commands.VertxIsolatedDeployer lambda$creat"
             "eHandler$0\nSEVERE: Failed in deploying verticle\njava.lang.RuntimeException: Missing -----BEGI"
             "N PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY----- delimit"
             "er\n\tat io.vertx.core.net.impl.KeyStoreHelper.loadPrivateKey(KeyStoreHelper.java:338)\n\tat io"
             ".vertx.core.net.impl.KeyStoreHelper.loadKeyCert(KeyStoreHelper.java:294)",
             "server-identity-unreadable", "local"},
        Wild{"httpclient5_no_cn_no_san",
             "javax.net.ssl.SSLPeerUnverifiedException: Certificate subject for <api.example.com> doesn't con"
             "tain a common name and does not have alternative names\n\tat org.apache.hc.client5.http.ssl.Def"
             "aultHostnameVerifier.matchCN(DefaultHostnameVerifier.java:179)\n\tat org.apache.hc.client5.http"
             ".ssl.DefaultHostnameVerifier.verify(DefaultHostnameVerifier.java:126)\n\tat org.apache.hc.clien"
             "t5.http.ssl.SSLConnectionSocketFactory.verifySession(SSLConnectionSocketFactory.java:450)\n\tat"
             " org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory.verifySession(SSLConnectionSocketFac"
             "tory.java:387)\n\tat org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory.verifyHostname(S"
             "SLConnectionSocketFactory.java:376)\n\tat org.apache.hc.client5.http.ssl.SSLConnectionSocketFac"
             "tory.createLayeredSocket(SSLConnectionSocketFactory.java:351)",
             "server-hostname-mismatch", "client"},
        Wild{"httpclient5_cipher_http2",
             "javax.net.ssl.SSLHandshakeException: Cipher suite `TLS_RSA_WITH_AES_256_CBC_SHA256` does not pr"
             "ovide adequate security for HTTP/2\n\tat org.apache.hc.client5.http.ssl.AbstractClientTlsStrate"
             "gy.lambda$upgrade$1(AbstractClientTlsStrategy.java:173)\n\tat org.apache.hc.core5.reactor.ssl.S"
             "SLIOSession.doHandshake(SSLIOSession.java:431)",
             "no-shared-cipher", "negotiation"},
        Wild{"httpclient5_truststore_nosuchfile",
             "Exception in thread \"main\" java.nio.file.NoSuchFileException: /etc/app/truststore.p12\n\tat j"
             "ava.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:92)\n\tat java.base"
             "/sun.nio.fs.UnixException.rethrowAsIOException(UnixException.java:106)\n\tat java.base/sun.nio."
             "fs.UnixFileSystemProvider.newByteChannel(UnixFileSystemProvider.java:261)\n\tat java.base/java."
             "nio.file.Files.newInputStream(Files.java:160)\n\tat org.apache.hc.core5.ssl.SSLContextBuilder.l"
             "oadKeyStore(SSLContextBuilder.java:503)\n\tat org.apache.hc.core5.ssl.SSLContextBuilder.loadTru"
             "stMaterial(SSLContextBuilder.java:337)\n\tat org.apache.hc.core5.ssl.SSLContextBuilder.loadTrus"
             "tMaterial(SSLContextBuilder.java:350)\n\tat org.apache.hc.core5.ssl.SSLContextBuilder.loadTrust"
             "Material(SSLContextBuilder.java:356)\n\tat com.example.ApiClient.<init>(ApiClient.java:38)",
             "client-trust-anchor-missing", "local"},
        Wild{"jnats_ssl_required",
             "Mar 05, 2024 2:22:31 PM io.nats.client.impl.ErrorListenerLoggerImpl exceptionOccurred\nSEVERE: "
             "exceptionOccurred, Connection: 7, Exception: java.io.IOException: SSL required by server.",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"jnats_authorization_violation",
             "Mar 05, 2024 2:22:31 PM io.nats.client.impl.ErrorListenerLoggerImpl errorOccurred\nSEVERE: erro"
             "rOccurred, Connection: 7, Error: Authorization Violation\nException in thread \"main\" io.nats."
             "client.AuthenticationException: Authentication error connecting to NATS server: Authorization V"
             "iolation\n\tat io.nats.client.impl.NatsConnection.connect(NatsConnection.java:262)\n\tat io.nat"
             "s.client.impl.NatsImpl.createConnection(NatsImpl.java:29)\n\tat io.nats.client.Nats.createConne"
             "ction(Nats.java:352)\n\tat io.nats.client.Nats.connect(Nats.java:124)",
             "client-access-denied", "server"},
        // Round added-2027-01-09 tuning texts and the catalogs golibs, nodelibs and pylibs: OTP 26 without an OS CA
        // bundle, grpcurl -plaintext to TLS, PostgreSQL refusing a client without TLS, MongoDB users.
        Wild{"otp26_os_cacerts_enoent",
             "2023-05-22 11:40:20.046254+00:00 [error] <0.242.0> Exception during startup:\n2023-05-22 11:40:"
             "20.046254+00:00 [error] <0.242.0>\n2023-05-22 11:40:20.046254+00:00 [error] <0.242.0> error:{ba"
             "dmatch,{error,enoent}}\n2023-05-22 11:40:20.046254+00:00 [error] <0.242.0>\n2023-05-22 11:40:20"
             ".046254+00:00 [error] <0.242.0>     pubkey_os_cacerts:get/0, line 38\n2023-05-22 11:40:20.04625"
             "4+00:00 [error] <0.242.0>     httpc:ssl_verify_host_options/1, line 476\n2023-05-22 11:40:20.04"
             "6254+00:00 [error] <0.242.0>     httpc:http_options_default/0, line 1012\n2023-05-22 11:40:20.0"
             "46254+00:00 [error] <0.242.0>     httpc:http_options/1, line 927\n2023-05-22 11:40:20.046254+00"
             ":00 [error] <0.242.0>     httpc:handle_request/9, line 771\n2023-05-22 11:40:20.046254+00:00 [e"
             "rror] <0.242.0>     rabbit_peer_discovery_httpc:get/7, line 146",
             "client-trust-anchor-missing", "local"},
        Wild{"grpcurl_plaintext_to_tls_deadline",
             "$ time grpcurl -plaintext grpcb.in:9001 list\nFailed to dial target host \"grpcb.in:9001\": con"
             "text deadline exceeded\ngrpcurl -plaintext grpcb.in:9001 list  0.02s user 0.03s system 0% cpu 1"
             "0.082 total",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"pg_hba_no_encryption_pgbouncer",
             "FATAL:  no pg_hba.conf entry for host \"172.xx.xxx.xx\", user \"pgbouncer\", database \"cc_xxxx"
             "\", no encryption",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"mongod_text_log_usernotfound",
             "2018-10-08T13:06:12.767+0000 I ACCESS   [conn7]  authenticate db: $external { authenticate: 1, "
             "mechanism: \"MONGODB-X509\", user: \"CN=circleci-mongodb-1\" }\n2018-10-08T13:06:12.767+0000 I "
             "ACCESS   [conn7] Failed to authenticate CN=circleci-mongodb-1@$external with mechanism MONGODB-"
             "X509: UserNotFound: Could not find user CN=circleci-mongodb-1@$external\n2018-10-08T13:06:12.76"
             "8+0000 I ACCESS   [conn7] Unauthorized: not authorized on admin to execute command { replSetHea"
             "rtbeat: \"rs0\", configVersion: 3, from: \"circleci-mongodb-1.circleci-mongodb.default.svc.clus"
             "ter.local:27017\", fromId: 1, term: 12 }",
             "client-access-denied", "server"},
        Wild{"pgx_unable_to_read_ca_file",
             "cannot parse `host=db.example.com user=app password=xxxxx dbname=appdb sslmode=verify-full sslr"
             "ootcert=/etc/ssl/pg/root.crt`: failed to configure TLS (unable to read CA file: open /etc/ssl/p"
             "g/root.crt: no such file or directory)",
             "client-trust-anchor-missing", "local"},
        Wild{"pgx_ca_not_added_to_pool",
             "cannot parse `postgres://app:xxxxx@db.example.com:5432/appdb?sslmode=verify-ca&sslrootcert=/etc"
             "/ssl/pg/root.crt`: failed to configure TLS (unable to add CA to cert pool)",
             "client-trust-anchor-missing", "local"},
        Wild{"pgx_sslkey_missing",
             "cannot parse `host=db.example.com user=app dbname=appdb sslmode=require sslcert=/home/app/.post"
             "gresql/postgresql.crt sslkey=/home/app/.postgresql/postgresql.key`: failed to configure TLS (un"
             "able to read sslkey: open /home/app/.postgresql/postgresql.key: no such file or directory)",
             "client-key-missing", "local"},
        Wild{"pgx_sslpassword_missing",
             "cannot parse `host=db.example.com user=app dbname=appdb sslmode=verify-full sslcert=/etc/ssl/pg"
             "/client.crt sslkey=/etc/ssl/pg/client.key`: failed to configure TLS (unable to find sslpassword"
             ")",
             "client-identity-unreadable", "local"},
        Wild{"pgx_server_refused_tls",
             "failed to connect to `host=db.example.com user=app database=appdb`: tls error (server refused T"
             "LS connection)",
             "starttls-not-offered", "negotiation"},
        Wild{"mongo_go_ocsp_revoked",
             "server selection error: context deadline exceeded, current topology: { Type: Unknown, Servers: "
             "[{ Addr: db.example.com:27017, Type: Unknown, Last error: OCSP verification failed: certificate"
             " is revoked }, ] }",
             "server-cert-revoked", "client"},
        Wild{"mongo_go_must_staple",
             "server selection error: context deadline exceeded, current topology: { Type: Unknown, Servers: "
             "[{ Addr: db.example.com:27017, Type: Unknown, Last error: server provided a certificate with th"
             "e Must-Staple extension but did not provide a stapled OCSP response }, ] }",
             "server-cert-revocation-unknown", "client"},
        Wild{"go_key_password_missing", "no password provided to decrypt private key", "client-identity-unreadable",
             "local"},
        Wild{"amqp091_read_ca_certificate",
             "2024/03/11 09:14:07 Failed to connect to RabbitMQ: create TLS config from URI: read CA certific"
             "ate: open /etc/rabbitmq/ssl/ca_certificate.pem: no such file or directory",
             "client-trust-anchor-missing", "local"},
        Wild{"amqp091_load_client_certificate",
             "2024/03/11 09:14:07 Failed to connect to RabbitMQ: create TLS config from URI: load client cert"
             "ificate: open /etc/rabbitmq/ssl/client_key.pem: no such file or directory",
             "client-identity-unreadable", "local"},
        Wild{"go_elasticsearch_fingerprint",
             "2024/03/05 14:22:31 Error getting response: fingerprint mismatch, provided: 3e6c9b1f0d2a4c5e8f7"
             "a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e",
             "server-cert-untrusted", "client"},
        Wild{"go_elasticsearch_ca_not_added",
             "2024/03/05 14:22:31 Error creating the client: error creating transport: unable to add CA certi"
             "ficate",
             "client-trust-anchor-missing", "local"},
        Wild{"node_postgres_pg_hba_no_encryption",
             "error: no pg_hba.conf entry for host \"10.0.4.17\", user \"app\", database \"appdb\", no encryp"
             "tion\n    at /app/node_modules/pg-pool/index.js:45:11\n    at process.processTicksAndRejections"
             " (node:internal/process/task_queues:95:5)\n    at async main (/app/db.js:12:18) {\n  length: 15"
             "7,\n  severity: 'FATAL',\n  code: '28000',\n  detail: undefined,\n  hint: undefined,\n  positio"
             "n: undefined,\n  internalPosition: undefined,\n  internalQuery: undefined,\n  where: undefined,"
             "\n  schema: undefined,\n  table: undefined,\n  column: undefined,\n  dataType: undefined,\n  co"
             "nstraint: undefined,\n  file: 'auth.c',\n  line: '543',\n  routine: 'ClientAuthentication'\n}",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"node_postgres_verify_ca_without_root",
             "Error: SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If "
             "a public CA is used, verify-ca allows connections to a server that somebody else may have regis"
             "tered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom "
             "CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security.\n    "
             "at parse (/app/node_modules/pg-connection-string/index.js:127:17)\n    at new ConnectionParamet"
             "ers (/app/node_modules/pg/lib/connection-parameters.js:56:42)\n    at new Client (/app/node_mod"
             "ules/pg/lib/client.js:18:33)\n    at main (/app/db.js:5:18)",
             "client-trust-anchor-missing", "local"},
        Wild{"node_enoent_root_crt",
             "Error: ENOENT: no such file or directory, open '/home/app/.postgresql/root.crt'\n    at Object."
             "readFileSync (node:fs:448:20)\n    at parse (/app/node_modules/pg-connection-string/index.js:99"
             ":24)\n    at new ConnectionParameters (/app/node_modules/pg/lib/connection-parameters.js:56:42)"
             "\n    at new Client (/app/node_modules/pg/lib/client.js:18:33)\n    at main (/app/db.js:5:18) {"
             "\n  errno: -2,\n  code: 'ENOENT',\n  syscall: 'open',\n  path: '/home/app/.postgresql/root.crt'"
             "\n}",
             "client-trust-anchor-missing", "local"},
        Wild{"mysql2_server_no_secure_connection",
             "Error: Server does not support secure connection\n    at ClientHandshake.handshakeInit (/app/no"
             "de_modules/mysql2/lib/commands/client_handshake.js:309:21)\n    at ClientHandshake.execute (/ap"
             "p/node_modules/mysql2/lib/commands/command.js:45:22)\n    at Connection.handlePacket (/app/node"
             "_modules/mysql2/lib/base/connection.js:555:34)\n    at PacketParser.onPacket (/app/node_modules"
             "/mysql2/lib/base/connection.js:97:12)\n    at PacketParser.executeStart (/app/node_modules/mysq"
             "l2/lib/packet_parser.js:75:16)\n    at Socket.<anonymous> (/app/node_modules/mysql2/lib/base/co"
             "nnection.js:104:25)\n    at Socket.emit (node:events:519:28) {\n  code: 'HANDSHAKE_NO_SSL_SUPPO"
             "RT',\n  fatal: true\n}",
             "starttls-not-offered", "negotiation"},
        Wild{"node_enoent_mongodb_ca",
             "Error: ENOENT: no such file or directory, open '/etc/ssl/mongodb-ca.pem'\n    at async open (no"
             "de:internal/fs/promises:639:25)\n    at async Object.readFile (node:internal/fs/promises:1242:1"
             "4)\n    at async MongoClient._connect (/app/node_modules/mongodb/lib/mongo_client.js:229:31)\n "
             "   at async MongoClient.connect (/app/node_modules/mongodb/lib/mongo_client.js:196:13)\n    at "
             "async main (/app/index.js:9:3) {\n  errno: -2,\n  code: 'ENOENT',\n  syscall: 'open',\n  path: "
             "'/etc/ssl/mongodb-ca.pem'\n}",
             "client-trust-anchor-missing", "local"},
        Wild{"nodemailer_greeting_never_received",
             "Error: Greeting never received\n    at SMTPConnection._formatError (/app/node_modules/nodemaile"
             "r/lib/smtp-connection/index.js:938:19)\n    at SMTPConnection._onError (/app/node_modules/nodem"
             "ailer/lib/smtp-connection/index.js:919:20)\n    at Timeout.<anonymous> (/app/node_modules/nodem"
             "ailer/lib/smtp-connection/index.js:853:22)\n    at listOnTimeout (node:internal/timers:581:17)"
             "\n    at process.processTimers (node:internal/timers:519:7) {\n  code: 'ETIMEDOUT',\n  command:"
             " 'CONN'\n}",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"nodemailer_starttls_454",
             "Error: Error upgrading connection with STARTTLS: 454 4.7.0 TLS not available due to local probl"
             "em\n    at SMTPConnection._actionSTARTTLS (/app/node_modules/nodemailer/lib/smtp-connection/ind"
             "ex.js:1607:25)\n    at SMTPConnection._processResponse (/app/node_modules/nodemailer/lib/smtp-c"
             "onnection/index.js:1151:20)\n    at SMTPConnection._onData (/app/node_modules/nodemailer/lib/sm"
             "tp-connection/index.js:898:14)\n    at SMTPConnection._onSocketData (/app/node_modules/nodemail"
             "er/lib/smtp-connection/index.js:224:44)\n    at Socket.emit (node:events:519:28) {\n  code: 'ET"
             "LS',\n  response: '454 4.7.0 TLS not available due to local problem',\n  responseCode: 454,\n  "
             "command: 'STARTTLS'\n}",
             "starttls-refused", "negotiation"},
        Wild{"nodemailer_starttls_502",
             "Error: Error upgrading connection with STARTTLS: 502 5.5.1 Error: command not implemented\n    "
             "at SMTPConnection._actionSTARTTLS (/app/node_modules/nodemailer/lib/smtp-connection/index.js:16"
             "07:25)\n    at SMTPConnection._processResponse (/app/node_modules/nodemailer/lib/smtp-connectio"
             "n/index.js:1151:20)\n    at SMTPConnection._onData (/app/node_modules/nodemailer/lib/smtp-conne"
             "ction/index.js:898:14)\n    at SMTPConnection._onSocketData (/app/node_modules/nodemailer/lib/s"
             "mtp-connection/index.js:224:44)\n    at Socket.emit (node:events:519:28) {\n  code: 'ETLS',\n  "
             "response: '502 5.5.1 Error: command not implemented',\n  responseCode: 502,\n  command: 'STARTT"
             "LS'\n}",
             "starttls-not-offered", "negotiation"},
        Wild{"ldapjs_could_not_initialize_tls",
             "UnavailableError: Could not initialize TLS\n    at messageCallback (/app/node_modules/ldapjs/li"
             "b/client/client.js:1267:45)\n    at Parser.onMessage (/app/node_modules/ldapjs/lib/client/clien"
             "t.js:925:14)\n    at Parser.emit (node:events:519:28)\n    at Parser.write (/app/node_modules/l"
             "dapjs/lib/messages/parser.js:135:8)\n    at Socket.onData (/app/node_modules/ldapjs/lib/client/"
             "client.js:875:22)\n    at Socket.emit (node:events:519:28) {\n  lde_message: 'Could not initial"
             "ize TLS',\n  lde_dn: null\n}",
             "starttls-refused", "negotiation"},
        Wild{"aiohttp_fingerprint_mismatch",
             "aiohttp.client_exceptions.ServerFingerprintMismatch: (b'Q\\xe8\\xe5\\x9b\\xcc\\xe5x\\xff\\nO\\x"
             "e4\\x86\\xb2\\x00\\x95\\\\\\x9e\\xd4DI\\xdbA\\xac\\x8dH\\x1e\\xf7\\r+g9x', b'k\\x93\\x9e\\x1e"
             "\\x16 \\xb5\\xf4\\xde]\\x0f\\x00\\xbf\\xfe\\x06#\\xfai\\xf3\\xbfV\\x02\\xd7\\xaf*\\xeb\\xb1\\x9"
             "aw\\xaa\\xa8\\xa9', '203.0.113.10', 443)",
             "server-cert-untrusted", "client"},
        Wild{"redis_py_no_ocsp_response", "redis.exceptions.ConnectionError: no ocsp response present",
             "server-cert-revocation-unknown", "client"},
        Wild{"redis_py_ocsp_responder_failed",
             "redis.exceptions.ConnectionError: failed to retrieve a successful response from the ocsp respon"
             "der",
             "server-cert-revocation-unknown", "client"},
        Wild{"redis_py_ocsp_certificate_mismatch",
             "redis.exceptions.ConnectionError: received and expected certificates do not match",
             "server-cert-untrusted", "client"},
        Wild{"librdkafka_key_password_missing",
             "WARNING:consumer:SSLPASSWD [rdkafka#consumer-1] [thrd:app]: Private key requires password but n"
             "o password configured (ssl.key.password)",
             "client-identity-unreadable", "local"},
        Wild{"service_identity_dns_mismatch",
             "pymongo.errors.ServerSelectionTimeoutError: db.example.com:27017: VerificationError(errors=[DNS"
             "Mismatch(mismatched_id=DNS_ID(hostname=b'db.example.com'))]) (configured timeouts: socketTimeou"
             "tMS: 20000.0ms, connectTimeoutMS: 20000.0ms), Timeout: 30s, Topology Description: <TopologyDesc"
             "ription id: 6650c1f2a7b3c4d5e6f70812, topology_type: Unknown, servers: [<ServerDescription ('db"
             ".example.com', 27017) server_type: Unknown, rtt: None, error=AutoReconnect(\"db.example.com:270"
             "17: VerificationError(errors=[DNSMismatch(mismatched_id=DNS_ID(hostname=b'db.example.com'))]) ("
             "configured timeouts: socketTimeoutMS: 20000.0ms, connectTimeoutMS: 20000.0ms)\")>]>",
             "server-hostname-mismatch", "client"},
        Wild{"pymongo_no_system_ca",
             "pymongo.errors.ConfigurationError: tlsAllowInvalidCertificates is False but no system CA certif"
             "icates could be loaded. Please install the certifi package, or provide a path to a CA file usin"
             "g the tlsCAFile option",
             "client-trust-anchor-missing", "local"},
        Wild{"elastic_python_fingerprints",
             "elastic_transport.TlsError: TLS error caused by: TlsError(TLS error caused by: SSLError(Fingerp"
             "rints did not match. Expected \"9fdcda2ab6ec79d35c58c986ff2f76f120db2631429341667131bb80af3f5b6"
             "6\", got \"5adc6bf0e4f089e094fb5edb5e4fe6bca5f32fb3856e15dfcfc147c7cf2d12d3\", \"7271acd241c43c"
             "67ac336e77bbbadd19dc96052345774e29b190c227981cbfe1\".))",
             "server-cert-untrusted", "client"},
        // The catalogs rustlibs and phplibs: Rust libraries loading their CA and key files; Guzzle's option files, PHP
        // mailers' STARTTLS 454, libmongoc's own readings.
        Wild{"redis_rs_fetch_certs_error",
             "Error: Fetch certs Error - IoError: failed to read PEM from file: No such file or directory (os"
             " error 2) at '/etc/ssl/certs/redis-ca.pem'",
             "client-trust-anchor-missing", "local"},
        Wild{"redis_rs_no_private_key", "Error: Unable to extract private key from PEM file: no items found",
             "client-key-missing", "local"},
        Wild{"mongo_rust_root_certificate_unreadable",
             "Error: Kind: Unable to parse PEM-encoded root certificate from /etc/ssl/mongo/ca.pem: I/O error"
             ": No such file or directory (os error 2), labels: {}, source: None, server response: None",
             "client-trust-anchor-missing", "local"},
        Wild{"rumqttc_no_valid_ca",
             "[2025-03-02T10:15:04Z ERROR sensor_gateway] MQTT connection error: TLS: No valid CA certificate"
             " provided",
             "client-trust-anchor-missing", "local"},
        Wild{"rumqttc_no_valid_client_certificate",
             "[2025-03-02T10:15:04Z ERROR sensor_gateway] MQTT connection error: TLS: No valid certificate fo"
             "r client authentication in chain",
             "client-identity-unreadable", "local"},
        Wild{"rumqttc_no_valid_key",
             "[2025-03-02T10:15:04Z ERROR sensor_gateway] MQTT connection error: TLS: No valid key in chain",
             "client-key-missing", "local"},
        Wild{"lapin_pkcs12_without_key", "Error: IO error: No private key in pkcs12 DER", "client-identity-unreadable",
             "local"},
        Wild{"async_nats_certs_bad_der", "Error: TLS error: could not load certs: BadDer",
             "client-trust-anchor-missing", "local"},
        Wild{"async_nats_certificate_without_key", "Error: TLS error: found certificate, but no key",
             "client-key-missing", "local"},
        Wild{"rustls_native_certs_directory_denied",
             "thread 'main' panicked at src/tls.rs:14:47:\nerrors occurred while loading certificates: [Error"
             " { context: \"opening directory\", kind: Io { inner: Os { code: 13, kind: PermissionDenied, mes"
             "sage: \"Permission denied\" }, path: \"/etc/ssl/private-ca\" } }]",
             "client-trust-anchor-missing", "local"},
        Wild{"guzzle_ca_bundle_not_found",
             "PHP Fatal error:  Uncaught InvalidArgumentException: SSL CA bundle not found: /etc/ssl/certs/co"
             "mpany-ca.pem in /var/www/vendor/guzzlehttp/guzzle/src/Handler/CurlFactory.php:365",
             "client-trust-anchor-missing", "local"},
        Wild{"guzzle_private_key_not_found",
             "PHP Fatal error:  Uncaught InvalidArgumentException: SSL private key not found: /etc/ssl/client"
             "/client.key in /var/www/vendor/guzzlehttp/guzzle/src/Handler/CurlFactory.php:513",
             "client-identity-unreadable", "local"},
        Wild{"symfony_mailer_starttls_454",
             "Symfony\\Component\\Mailer\\Exception\\UnexpectedResponseException: Expected response code \"22"
             "0\" but got code \"454\", with message \"454 4.7.0 TLS not available due to local problem\".",
             "starttls-refused", "negotiation"},
        Wild{"phpmailer_starttls_454",
             "2024-03-05 14:22:31\tSMTP ERROR: STARTTLS command failed: 454 4.7.0 TLS not available due to lo"
             "cal problem\nSMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not availa"
             "ble due to local problem",
             "starttls-refused", "negotiation"},
        Wild{"libmongoc_failed_certificate_verification",
             "PHP Fatal error:  Uncaught MongoDB\\Driver\\Exception\\ConnectionTimeoutException: No suitable "
             "servers found (`serverSelectionTryOnce` set): [TLS handshake failed: Failed certificate verific"
             "ation calling hello on 'mongo.example.com:27017'] in /var/www/app/db.php:12",
             "server-hostname-mismatch", "client"},
        Wild{"libmongoc_failed_ocsp",
             "PHP Fatal error:  Uncaught MongoDB\\Driver\\Exception\\ConnectionTimeoutException: No suitable "
             "servers found (`serverSelectionTryOnce` set): [TLS handshake failed: Failed OCSP verification c"
             "alling hello on 'mongo.example.com:27017'] in /var/www/app/db.php:12",
             "server-cert-revoked", "client"},
        Wild{"libmongoc_cannot_load_ca",
             "[2024-03-05T14:22:31.123456+00:00]     mongoc: ERROR   > Cannot load Certificate Authorities fr"
             "om '/etc/ssl/mongo/ca.pem' and '(null)'",
             "client-trust-anchor-missing", "local"},
        Wild{"libmongoc_cannot_find_private_key",
             "[2024-03-05T14:22:31.123456+00:00]     mongoc: ERROR   > Cannot find private key in: '/etc/ssl/"
             "mongo/client.pem'",
             "client-identity-unreadable", "local"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
