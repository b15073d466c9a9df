// Session 29: classes found by the session's catalogs (tests/explain/catalog/bigdata.tsv, cicd.tsv,
// webservers.tsv, jvmstores.tsv, storage.tsv, solrflink.tsv, iot.tsv, gateways.tsv, android.tsv,
// devtools.tsv, cloudcli.tsv, dbproxies.tsv, directory.tsv, jsruntimes.tsv), by the session's tuning texts and by
// reading the knowledge base. Each text here was read wrongly by the session start's binary (main 909cd06).
// docs/explain.md, "Session 29".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb29, WildText,
    testing::Values(
        // A client's own words name the server it dialled: "server" before Java's IP SAN refusal is
        // not a Java server checking its client (before: client-cert-hostname-check, server).
        Wild{"java_client_names_the_server_before_ip_san",
             "Unable to connect to server 10.0.0.5:8443: javax.net.ssl.SSLHandshakeException: No subject "
             "alternative names matching IP address 10.0.0.5 found",
             "server-hostname-mismatch", "client"},
        // Whose log (writer.cpp): ZooKeeper's server (o.a.z.s., its Netty factory), a Netty channel accepted
        // ("L:/ADDR:2281 - R:/ADDR:53412", the remote port ephemeral), NiFi's web server, Pound's listener.
        Wild{"zookeeper_server_pkix_refuses_client",
             "2025-03-05 14:22:31,418 [myid:1] - WARN  "
             "[nioEventLoopGroup-7-1:o.a.z.s.NettyServerCnxnFactory$CnxnChannelHandler@302] - Exception "
             "caught\nio.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: PKIX "
             "path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to "
             "find valid certification path to requested target",
             "client-cert-untrusted-issuer", "server"},
        Wild{"zookeeper_server_received_certificate_unknown",
             "2025-03-05 14:22:31,418 [myid:1] - ERROR "
             "[nioEventLoopGroup-7-1:o.a.z.s.NettyServerCnxnFactory$CertificateVerifier@466] - "
             "Unsuccessful handshake with session 0x0\nio.netty.handler.codec.DecoderException: "
             "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown",
             "server-cert-untrusted", "client"},
        Wild{"netty_accepted_channel_trust_store_empty",
             "2025-03-05 14:22:31,418 [myid:1] - WARN  "
             "[nioEventLoopGroup-7-1:i.n.c.ChannelInitializer@97] - Failed to initialize a channel. "
             "Closing: [id: 0x5f3a2c1d, L:/10.0.0.5:2281 - "
             "R:/10.0.0.7:53412]\norg.apache.zookeeper.common.X509Exception$TrustManagerException: "
             "java.security.cert.CertificateException: Certificate file does not contain any "
             "certificates: /etc/zookeeper/ssl/ca.pem",
             "server-ca-file-unreadable", "local"},
        // Words no entry had: ZooKeeper, NiFi, Hadoop, git, Helm, Jenkins' remoting, lighttpd's mbedTLS
        // module, Squid's and Pound's start-up, Tomcat's OpenSSL engine (before: another cause or side).
        Wild{"zookeeper_tls_client_at_plain_port",
             "java.io.IOException: Len error. A message from /10.0.0.7:53412 with advertised length of "
             "369295617 is either a malformed message or too large to process (length is greater than "
             "jute.maxbuffer=1048575)",
             "not-tls", "network"},
        Wild{"zookeeper_client_host_verification",
             "Caused by: java.security.cert.CertificateException: Failed to verify both host address and "
             "host name\n\tat "
             "org.apache.zookeeper.common.ZKTrustManager.performHostVerification(ZKTrustManager.java:193)\n\tat "
             "org.apache.zookeeper.common.ZKTrustManager.checkServerTrusted(ZKTrustManager.java:141)",
             "server-hostname-mismatch", "client"},
        Wild{"nifi_client_certificate_expired",
             "2025-03-05 14:22:31,418 WARN [NiFi Web Server-84] o.a.n.w.s.NiFiAuthenticationFilter "
             "Authentication Failed 10.0.0.7 GET https://nifi.example.com:8443/nifi-api/flow/current-user "
             "[Client certificate for (CN=alice, OU=NiFi) is expired.]",
             "client-cert-expired", "server"},
        Wild{"nifi_unknown_user", "Unknown user with identity 'CN=alice, OU=NiFi'. Contact the system administrator.",
             "client-access-denied", "server"},
        Wild{"hadoop_ssl_client_keystore_property",
             "java.security.GeneralSecurityException: The property 'ssl.client.keystore.location' has not "
             "been set in the ssl configuration file.\n\tat "
             "org.apache.hadoop.security.ssl.FileBasedKeyStoresFactory.init(FileBasedKeyStoresFactory.java:152)",
             "client-identity-unreadable", "local"},
        Wild{"hadoop_keystore_file_missing",
             "java.io.FileNotFoundException: /etc/hadoop/conf/ssl/keystore.jks (No such file or "
             "directory)\n\tat "
             "org.apache.hadoop.security.ssl.FileBasedKeyStoresFactory.init(FileBasedKeyStoresFactory.java:173)",
             "server-identity-unreadable", "local"},
        Wild{"git_client_cert_password_not_asked",
             "fatal: could not read Password for 'cert:///C:/Users/ci/certs/client.p12': terminal prompts "
             "disabled",
             "client-identity-unreadable", "local"},
        Wild{"git_curl_ca_cert_problem",
             "fatal: unable to access 'https://git.example.com/team/app.git/': Problem with the SSL CA "
             "cert (path? access rights?)",
             "client-trust-anchor-missing", "local"},
        Wild{"helm_ca_file_unreadable",
             "Error: looks like \"https://charts.example.com/stable\" is not a valid chart repository or "
             "cannot be reached: can't create TLS config for client: can't read CA file: "
             "/etc/helm/tls/ca.pem",
             "client-trust-anchor-missing", "local"},
        Wild{"jenkins_agent_untrusted_controller_key",
             "Caused by: javax.net.ssl.SSLHandshakeException: Public key of the first certificate in "
             "chain (subject: CN=jenkins.example.com) is not in the list of trusted keys",
             "server-cert-untrusted", "client"},
        Wild{"lighttpd_mbedtls_key_mismatch",
             "2024-03-05 14:22:31: (mod_mbedtls.c.1065) MTLS: PEM cert and private key did not verify "
             "(/etc/lighttpd/ssl/server.pem) (/etc/lighttpd/ssl/server.key): RSA - Key failed to pass the "
             "validity check of the library (-0x4200)",
             "server-key-mismatch", "local"},
        Wild{"squid_https_port_ca_md_too_weak",
             "2024/03/05 14:22:31 kid1| ERROR: Failed to acquire TLS certificate "
             "'/etc/squid/ssl/squid.pem': error:0A00018E:SSL routines::ca md too weak\n2024/03/05 "
             "14:22:31 kid1| ERROR: Ignoring https_port [::]:443 due to TLS context initialization "
             "failure.",
             "server-own-cert-weak-digest", "local"},
        Wild{"pound_listener_received_unknown_ca",
             "Mar  5 14:22:31 lb1 pound[2211]: (7f3a9c1fe6c0) 192.0.2.10: handshake failed: "
             "error:0A000418:SSL routines::tlsv1 alert unknown ca",
             "server-cert-untrusted", "client"},
        Wild{"pound_client_ca_list_missing",
             "pound: /etc/pound/pound.cfg:10.12-38: SSL_load_client_CA_file: error:80000002:system "
             "library::No such file or directory",
             "server-ca-file-unreadable", "local"},
        Wild{"tomcat_native_client_auth_locations",
             "Caused by: java.lang.Exception: Unable to configure locations for client authentication "
             "(error:05800088:x509 certificate routines::no certificate or crl found)",
             "server-ca-file-unreadable", "local"},
        // Whose log: Pulsar's broker (ServerCnx), Cassandra's CQL port and internode acceptor, MinIO's STS,
        // memcached's conntlserr, Ceph RGW's frontend, Neo4j's Bolt connector, Greengrass's broker: a
        // received alert is the client refusing the server, a verify failure the server refusing the client.
        Wild{"pulsar_broker_received_unknown_ca",
             "2025-05-12T10:00:00,123+0000 [pulsar-io-3-4] WARN  "
             "org.apache.pulsar.broker.service.ServerCnx - [/10.0.0.20:51234] Got exception "
             "io.netty.handler.codec.DecoderException: "
             "io.netty.handler.ssl.ReferenceCountedOpenSslEngine$OpenSslHandshakeException: "
             "error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA",
             "server-cert-untrusted", "client"},
        Wild{"cassandra_cql_port_received_bad_certificate",
             "WARN  [epollEventLoopGroup-5-7] 2025-05-12 10:00:00,123 NoSpamLogger.java:107 - "
             "SSLException in client networking with peer /10.0.0.7:53214 "
             "io.netty.handler.ssl.ReferenceCountedOpenSslEngine$OpenSslHandshakeException: "
             "error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE",
             "server-cert-untrusted", "client"},
        Wild{"minio_sts_invalid_client_certificate_unknown_authority",
             "<ErrorResponse "
             "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type></Type><Code>InvalidClientCertificate</"
             "Code><Message>x509: "
             "certificate signed by unknown authority</Message></Error></ErrorResponse>",
             "client-cert-untrusted-issuer", "server"},
        Wild{"memcached_conntlserr_verify_failed",
             "ts=1765115881.123456 gid=17 type=conntlserr fd=27 msg=error:0A000086:SSL "
             "routines::certificate verify failed",
             "client-cert-untrusted-issuer", "server"},
        Wild{"ceph_rgw_received_unknown_ca",
             "2025-12-07T13:58:01.123+0000 7f3b2a7fc700  1 ssl handshake failed: tlsv1 alert unknown ca "
             "(SSL routines, ssl3_read_bytes)",
             "server-cert-untrusted", "client"},
        Wild{"neo4j_bolt_server_pkix",
             "2024-05-02 09:20:41.088+0000 DEBUG [o.n.b.p.c.h.TransportSelectionHandler] "
             "[/10.0.0.9:53122] TLS handshake has failed: PKIX path building failed: "
             "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
             "certification path to requested target",
             "client-cert-untrusted-issuer", "server"},
        Wild{"greengrass_moquette_received_unknown_ca",
             "2026-09-14T10:02:11.418Z [ERROR] (nioEventLoopGroup-5-3) "
             "io.moquette.broker.NewNettyMQTTHandler: Unexpected exception while processing MQTT message. "
             "Closing Netty channel. CId=null\nio.netty.handler.codec.DecoderException: "
             "javax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca",
             "server-cert-untrusted", "client"},
        // Words no entry had: Cassandra's mTLS authenticators, Pulsar's C++ client, MinIO's start-up, CouchDB's
        // replicator, Couchbase, Flink's stores, Azure IoT's mbedTLS adapter, Tyk, KrakenD, APISIX.
        Wild{"cassandra_mtls_identity_not_authorized",
             "ERROR [Native-Transport-Requests-3] 2025-05-12 10:00:00,123 NoSpamLogger.java:110 - "
             "Certificate identity 'spiffe://example.org/app/orders' not authorized",
             "client-access-denied", "server"},
        Wild{"pulsar_cpp_no_trust_cert_file",
             "2025-05-12 10:00:00.123 ERROR [140234567890176] ClientConnection:249 | "
             "/etc/pulsar/certs/ca.cert.pem: No such trustCertFile",
             "client-trust-anchor-missing", "local"},
        Wild{"minio_tls_configuration_key_mismatch",
             "FATAL Unable to load the TLS configuration: tls: private key does not match public key\n    "
             "  > Please check your certificate",
             "server-key-mismatch", "local"},
        Wild{"couchdb_replicator_cacertfile_missing",
             "[notice] 2025-12-07T13:58:01.123456Z couchdb@127.0.0.1 <0.31822.4> -------- Retrying GET "
             "request to https://remote.example.com:6984/db/ in 0.25 seconds due to error "
             "{conn_failed,{error,{options,{cacertfile,\"/opt/couchdb/etc/replicator-ca.pem\",{error,enoent}}}}}",
             "client-trust-anchor-missing", "local"},
        Wild{"couchbase_cert_user_mapping",
             "2025-12-07T13:58:01.123456+00:00 WARNING 142: Failed to map a user from the client provided "
             "X.509 certificate: [Not able to match prefix/delimiter]",
             "client-access-denied", "server"},
        Wild{"flink_truststore_password",
             "java.io.IOException: keystore password was incorrect\n\tat "
             "java.base/sun.security.pkcs12.PKCS12KeyStore.engineLoad(PKCS12KeyStore.java:2108)\n\tat "
             "org.apache.flink.runtime.net.SSLUtils.getTrustManagerFactory(SSLUtils.java:249)",
             "server-ca-file-unreadable", "local"},
        Wild{"azure_iot_c_handshake_9984",
             "Error: Time:Mon Sep 14 10:02:11 2026 "
             "File:/home/pi/azure-iot-sdk-c/c-utility/adapters/tlsio_mbedtls.c "
             "Func:on_underlying_io_open_complete Line:206 Failure ssl handshake -9984",
             "server-cert-untrusted", "client"},
        Wild{"tyk_upstream_public_key_pinning",
             "time=\"2024-03-11T09:14:07Z\" level=error message=\"http: proxy error: Certificate public "
             "key pinning error. Public keys do not match.\" mw=ReverseProxy",
             "server-cert-untrusted", "client"},
        Wild{"krakend_gin_key_mismatch",
             "[KRAKEND] 2024/03/11 - 09:14:07.418 \u25b6 ERROR [SERVICE: Gin] tls: private key does not "
             "match public key",
             "server-key-mismatch", "local"},
        Wild{"apisix_no_certificate_for_sni",
             "2024/03/11 09:14:07 [warn] 49#49: *1021 [lua] radixtree_sni.lua:204: match_and_set(): "
             "failed to find any SSL certificate by SNI: a.b.example.com matched SNI: *.example.com, "
             "context: ssl_client_hello_by_lua*, client: 203.0.113.9, server: 0.0.0.0:9443",
             "sni-required", "negotiation"},
        // From the session's tuning texts (rounds added-2027-01-05 and -06): a verify code after
        // imapfilter's "failed;", msmtp's chain position, Oracle's DN check, curl's strerror for exit 60,
        // and nginx's check of a client certificate for a code nginx.kb has no entry for (the server's).
        Wild{"imapfilter_verify_code_after_semicolon", "imapfilter: certificate verification failed; 10",
             "server-cert-expired", "client"},
        Wild{"msmtp_chain_certificate_expired",
             "msmtp: TLS certificate verification failed: certificate 2 of 4 has expired", "server-cert-expired",
             "client"},
        Wild{"oracle_jdbc_server_cert_dn_mismatch",
             "java.sql.SQLRecoverableException: IO Error: Mismatch with the server cert DN. (CONNECTION_ID=Qm9n)",
             "server-hostname-mismatch", "client"},
        Wild{"libcurl_strerror_exit_60", "Curl failed with code 60 (SSL peer certificate or SSH remote key was not OK)",
             "server-cert-untrusted", "client"},
        Wild{"nginx_client_verify_code_40",
             "2022/07/29 09:06:35 [info] 33#33: *241 client SSL certificate verify error: (40:proxy certificates "
             "not allowed, please set the appropriate flag) while reading client request headers, client: "
             "188.185.34.228, server: test-dev-rest.local",
             "client-chain-invalid", "server"},
        // Android's and OkHttp's words, requests' CA bundle path (HTTPie, gcloud, Azure CLI), botocore's
        // CA bundle check (not OpenSSL's verify code 24), aria2's GnuTLS reasons (catalogs android.tsv,
        // devtools.tsv, cloudcli.tsv).
        Wild{"android_okhttp_certificate_pinning",
             "javax.net.ssl.SSLPeerUnverifiedException: Certificate pinning failure!\n  Peer certificate "
             "chain:\n    sha256/x4QzPSC810K5/cMjb05Qm4k3Bw5zBn4lTdO/nEW/Td4=: CN=api.example.com",
             "server-cert-untrusted", "client"},
        Wild{"android_webview_primary_error_2",
             "onReceivedSslError: primary error: 2 certificate: Issued to: CN=*.cdn.example.net;\nIssued "
             "by: CN=R11,O=Let's Encrypt,C=US;\n on URL: https://app.example.com/",
             "server-hostname-mismatch", "client"},
        Wild{"android_cleartext_not_permitted",
             "java.net.UnknownServiceException: CLEARTEXT communication to api.example.com not permitted "
             "by network security policy",
             "plaintext-to-tls-port", "local"},
        Wild{"requests_ca_bundle_invalid_path",
             "ERROR: gcloud crashed (OSError): Could not find a suitable TLS CA certificate bundle, "
             "invalid path: /etc/ssl/certs/corp-root-ca.pem",
             "client-trust-anchor-missing", "local"},
        Wild{"botocore_invalid_ca_bundle_not_verify_24",
             "Invalid CA bundle: the configured value (ca_bundle, AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, or "
             "verify) resolved to an empty or whitespace-only string.",
             "client-trust-anchor-missing", "local"},
        Wild{"aria2_gnutls_expired",
             "Exception: [AbstractCommand.cc:351] errorCode=1 "
             "URI=https://dl.example.com/images/disk.iso\n  -> [SocketCore.cc:1019] errorCode=1 SSL/TLS "
             "handshake failure:  `not signed by known authorities or invalid' `expired'",
             "server-cert-expired", "client"},
        // Whose log: 389 Directory Server's access log, MaxScale's client connections; and words no entry had:
        // 389's certificate mapping, Samba's verify status words and server files, PgBouncer's, MaxScale's
        // identity toward its backends, Deno's CA file, undici's proxy tunnel (catalogs directory.tsv,
        // dbproxies.tsv, jsruntimes.tsv).
        Wild{"389ds_received_unknown_ca_disconnect",
             "[21/Aug/2026:10:15:01.482913226 +0200] conn=4180 op=-1 fd=64 Disconnect - Peer does not "
             "recognize and trust the CA that issued your certificate.",
             "server-cert-untrusted", "client"},
        Wild{"389ds_client_issuer_not_recognized",
             "[21/Aug/2026:10:15:01.482913226 +0200] conn=4172 Netscape Portable Runtime error -8179 "
             "(Peer's Certificate issuer is not recognized.); unauthenticated client "
             "CN=replica1.example.com,O=Example; issuer CN=Example Issuing CA,O=Example",
             "client-cert-untrusted-issuer", "server"},
        Wild{"389ds_certificate_mapping",
             "[21/Aug/2026:10:15:01.482913226 +0200] conn=4173 TLS1.3 failed to map client certificate to "
             "LDAP DN (Certificate couldn't be mapped to an ldap entry)",
             "client-access-denied", "server"},
        Wild{"samba_verify_signer_not_found",
             "  TLS ../../source4/lib/tls/tls_tstream.c:1411 - check failed for "
             "verify_peer[as_strict_as_possible] and peer_name[dc1.example.com] status 0x42 (invalid "
             "signer_not_found )",
             "server-cert-untrusted", "client"},
        Wild{"samba_server_cafile",
             "[2026/08/21 10:15:01.123456,  0] "
             "../../source4/lib/tls/tls_tstream.c:1605(tstream_tls_params_server)\n  TLS failed to "
             "initialise cafile /var/lib/samba/private/tls/ca.pem - Error while reading file.",
             "server-ca-file-unreadable", "local"},
        Wild{"pgbouncer_client_ssl_required",
             "psql: error: connection to server at \"pgbouncer.example.com\" (10.0.0.9), port 6432 "
             "failed: FATAL:  SSL required",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"pgbouncer_tls_setup_key_mismatch",
             "2025-03-05 14:22:31.418 UTC [1187] ERROR TLS setup failed: failed to load private key file "
             "\"/etc/pgbouncer/pgbouncer.key\": key values mismatch",
             "server-key-mismatch", "local"},
        Wild{"maxscale_backend_identity_no_start_line",
             "2025-03-05 14:22:31   error  : Failed to set server SSL certificate: error:0480006C:PEM "
             "routines::no start line, error:0A080009:SSL routines::PEM lib\n2025-03-05 14:22:31   error  "
             ": Unable to initialize SSL for server 'db1'",
             "client-identity-unreadable", "local"},
        Wild{"maxscale_client_received_unknown_ca",
             "2025-03-05 14:22:31   error  : (17) Client connection (client: 10.0.0.7) OpenSSL ssl error. "
             "error:0A000418:SSL routines::tlsv1 alert unknown ca\n2025-03-05 14:22:31   error  : (17) "
             "Client (10.0.0.7) failed SSL negotiation.",
             "server-cert-untrusted", "client"},
        Wild{"deno_ca_file_missing", "error: Failed opening CA file: No such file or directory (os error 2)",
             "client-trust-anchor-missing", "local"},
        Wild{"undici_proxy_407",
             "  [cause]: RequestAbortedError [AbortError]: Proxy response (407) !== 200 when HTTP "
             "Tunneling",
             "proxy-auth-required", "network"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
