// Session 30: classes found by the session's catalogs (tests/explain/catalog/agents.tsv, pkiclients.tsv,
// dotnetlibs.tsv, javalibs.tsv) and by the tuning texts of round added-2027-01-08. Each text here was read
// wrongly by the session start's binary (main 82f8124). docs/explain.md, "Session 30".
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
             "client-access-denied", "server"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
