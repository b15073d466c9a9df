// Session 29: classes found by the session's catalogs and by reading the knowledge base. Each text
// here was read wrongly by the session start's binary (main 909cd06). docs/explain.md, "Session 29".
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
             "2025-03-05 14:22:31,418 [myid:1] - WARN  [nioEventLoopGroup-7-1:o.a.z.s.NettyServerCnxnFac"
             "tory$CnxnChannelHandler@302] - Exception caught\nio.netty.handler.codec.DecoderException: "
             "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.cert"
             "path.SunCertPathBuilderException: unable to find valid certification path to requested tar"
             "get",
             "client-cert-untrusted-issuer", "server"},
        Wild{"zookeeper_server_received_certificate_unknown",
             "2025-03-05 14:22:31,418 [myid:1] - ERROR [nioEventLoopGroup-7-1:o.a.z.s.NettyServerCnxnFac"
             "tory$CertificateVerifier@466] - Unsuccessful handshake with session 0x0\nio.netty.handler."
             "codec.DecoderException: javax.net.ssl.SSLHandshakeException: Received fatal alert: certifi"
             "cate_unknown",
             "server-cert-untrusted", "client"},
        Wild{"netty_accepted_channel_trust_store_empty",
             "2025-03-05 14:22:31,418 [myid:1] - WARN  [nioEventLoopGroup-7-1:i.n.c.ChannelInitializer@9"
             "7] - Failed to initialize a channel. Closing: [id: 0x5f3a2c1d, L:/10.0.0.5:2281 - R:/10.0."
             "0.7:53412]\norg.apache.zookeeper.common.X509Exception$TrustManagerException: java.security"
             ".cert.CertificateException: Certificate file does not contain any certificates: /etc/zooke"
             "eper/ssl/ca.pem",
             "server-ca-file-unreadable", "local"},
        // Words no entry had: ZooKeeper, NiFi, Hadoop, git, Helm, Jenkins' remoting, lighttpd's mbedTLS
        // module, Squid's and Pound's start-up, Tomcat's OpenSSL engine (before: another cause or side).
        Wild{"zookeeper_tls_client_at_plain_port",
             "java.io.IOException: Len error. A message from /10.0.0.7:53412 with advertised length of 3"
             "69295617 is either a malformed message or too large to process (length is greater than jut"
             "e.maxbuffer=1048575)",
             "not-tls", "network"},
        Wild{"zookeeper_client_host_verification",
             "Caused by: java.security.cert.CertificateException: Failed to verify both host address and"
             " host name\n\tat org.apache.zookeeper.common.ZKTrustManager.performHostVerification(ZKTrus"
             "tManager.java:193)\n\tat org.apache.zookeeper.common.ZKTrustManager.checkServerTrusted(ZKT"
             "rustManager.java:141)",
             "server-hostname-mismatch", "client"},
        Wild{"nifi_client_certificate_expired",
             "2025-03-05 14:22:31,418 WARN [NiFi Web Server-84] o.a.n.w.s.NiFiAuthenticationFilter Authe"
             "ntication Failed 10.0.0.7 GET https://nifi.example.com:8443/nifi-api/flow/current-user [Cl"
             "ient certificate for (CN=alice, OU=NiFi) is expired.]",
             "client-cert-expired", "server"},
        Wild{"nifi_unknown_user", "Unknown user with identity 'CN=alice, OU=NiFi'. Contact the system administrator.",
             "client-access-denied", "server"},
        Wild{"hadoop_ssl_client_keystore_property",
             "java.security.GeneralSecurityException: The property 'ssl.client.keystore.location' has no"
             "t been set in the ssl configuration file.\n\tat org.apache.hadoop.security.ssl.FileBasedKe"
             "yStoresFactory.init(FileBasedKeyStoresFactory.java:152)",
             "client-identity-unreadable", "local"},
        Wild{"hadoop_keystore_file_missing",
             "java.io.FileNotFoundException: /etc/hadoop/conf/ssl/keystore.jks (No such file or director"
             "y)\n\tat org.apache.hadoop.security.ssl.FileBasedKeyStoresFactory.init(FileBasedKeyStoresF"
             "actory.java:173)",
             "server-identity-unreadable", "local"},
        Wild{"git_client_cert_password_not_asked",
             "fatal: could not read Password for 'cert:///C:/Users/ci/certs/client.p12': terminal prompt"
             "s disabled",
             "client-identity-unreadable", "local"},
        Wild{"git_curl_ca_cert_problem",
             "fatal: unable to access 'https://git.example.com/team/app.git/': Problem with the SSL CA c"
             "ert (path? access rights?)",
             "client-trust-anchor-missing", "local"},
        Wild{"helm_ca_file_unreadable",
             "Error: looks like \"https://charts.example.com/stable\" is not a valid chart repository or"
             " cannot be reached: can't create TLS config for client: can't read CA file: /etc/helm/tls/"
             "ca.pem",
             "client-trust-anchor-missing", "local"},
        Wild{"jenkins_agent_untrusted_controller_key",
             "Caused by: javax.net.ssl.SSLHandshakeException: Public key of the first certificate in cha"
             "in (subject: CN=jenkins.example.com) is not in the list of trusted keys",
             "server-cert-untrusted", "client"},
        Wild{"lighttpd_mbedtls_key_mismatch",
             "2024-03-05 14:22:31: (mod_mbedtls.c.1065) MTLS: PEM cert and private key did not verify (/"
             "etc/lighttpd/ssl/server.pem) (/etc/lighttpd/ssl/server.key): RSA - Key failed to pass the "
             "validity check of the library (-0x4200)",
             "server-key-mismatch", "local"},
        Wild{"squid_https_port_ca_md_too_weak",
             "2024/03/05 14:22:31 kid1| ERROR: Failed to acquire TLS certificate '/etc/squid/ssl/squid.p"
             "em': error:0A00018E:SSL routines::ca md too weak\n2024/03/05 14:22:31 kid1| ERROR: Ignorin"
             "g https_port [::]:443 due to TLS context initialization failure.",
             "server-own-cert-weak-digest", "local"},
        Wild{"pound_listener_received_unknown_ca",
             "Mar  5 14:22:31 lb1 pound[2211]: (7f3a9c1fe6c0) 192.0.2.10: handshake failed: error:0A0004"
             "18:SSL routines::tlsv1 alert unknown ca",
             "server-cert-untrusted", "client"},
        Wild{"pound_client_ca_list_missing",
             "pound: /etc/pound/pound.cfg:10.12-38: SSL_load_client_CA_file: error:80000002:system libra"
             "ry::No such file or directory",
             "server-ca-file-unreadable", "local"},
        Wild{"tomcat_native_client_auth_locations",
             "Caused by: java.lang.Exception: Unable to configure locations for client authentication (e"
             "rror:05800088:x509 certificate routines::no certificate or crl found)",
             "server-ca-file-unreadable", "local"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
