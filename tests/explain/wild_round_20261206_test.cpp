// Round added-2026-12-06 of tests/explain/wild: real texts of its tune part.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

// Round added-2026-12-06 (tune part; the texts are the entries' own): classes that failed before.
INSTANTIATE_TEST_SUITE_P(
    Round20261206, WildText,
    testing::Values(
        // Host name checks in other words: Node before 8 (Rocket.Chat#2035, 479), Apache HttpClient
        // and JNDI's LDAP check (GluuFederation/community-edition-setup#214, 478).
        Wild{"node_hostname_ip_doesnt_match_altnames", "Error: Hostname/IP doesn't match certificate's altnames",
             "server-hostname-mismatch", "client"},
        Wild{"java_ldap_hostname_does_not_match_servers_certificate",
             "Caused by: javax.net.ssl.SSLHandshakeException: java.security.cert.CertificateException: Hostname "
             "'[localhost]' does not match the hostname in the server's certificate",
             "server-hostname-mismatch", "client"},
        // A server checking the client certificate's names against the client's address: etcd's
        // SAN check (coreos/etcd-operator#1384, 460).
        Wild{"etcd_rejected_connection_client_ip_not_in_dnsnames",
             "2017-09-08 19:08:48.618970 I | etcdmain: rejected connection from \"10.38.202.130:45086\" (tls: "
             "\"10.38.202.130\" does not match any of DNSNames [\"*.etcd-dev-cluster.etcd-operator.svc\"])",
             "client-cert-hostname-check", "server"},
        // Never silent: a timed-out connection in libpq's words (jakob/Postico#676, 482).
        Wild{"libpq_operation_timed_out",
             "could not connect to server: Operation timed out\n\tIs the server running on host \"172.192.20.143\" "
             "and accepting\n\tTCP/IP connections on port 5432?",
             "connection-timeout", "network"},
        // A client without trust anchors: OpenSSL's default CA paths did not load (akopytov/sysbench#166, 455).
        Wild{"mysql_set_default_verify_paths_failed",
             "FATAL: error 2026: SSL connection error: SSL_CTX_set_default_verify_paths failed",
             "client-trust-anchor-missing", "local"},
        // Mbed TLS error codes (aws/aws-iot-device-sdk-embedded-C#176, 495): -0x52 is an unknown host.
        Wild{"mbedtls_net_connect_unknown_host", "! mbedtls_net_connect returned -0x52iot_tls_connect L#164 failed",
             "dns-failure", "network"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
