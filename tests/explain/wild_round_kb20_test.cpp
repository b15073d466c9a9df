// Session 22: classes of rounds added-2026-12-22 and -23's tuning texts whose words decide, each with
// the entry's own real text, and libssl's reasons that read as the generic TLS failure before
// (tests/explain/wild, docs/explain.md "Session 22").
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb20, WildText,
    testing::Values(
        // A PostgreSQL server (or PgBouncer) answering the SSLRequest with "N": the protocol's own TLS
        // upgrade refused, in node-postgres' words (node-postgres#1262, 1045). Before: the generic TLS
        // failure, client-cert-missing server.
        Wild{"node_postgres_server_does_not_support_ssl",
             "Error: The server does not support SSL connections\n"
             "    at Socket.<anonymous> (/app/node_modules/pg/lib/connection.js:103:33)\n"
             "    at Object.onceWrapper (events.js:293:19)",
             "starttls-not-offered", "negotiation"},
        // The same refusal in libpq's, pgx's, asyncpg's, tokio-postgres' and MySQL's words; libpq's
        // and MySQL's were read as not-tls (network) before.
        Wild{"libpq_server_does_not_support_ssl",
             "psycopg2.OperationalError: server does not support SSL, but SSL was required", "starttls-not-offered",
             "negotiation"},
        Wild{"pgx_server_refused_tls",
             "failed to connect to `host=db user=app database=app`: tls error: server refused TLS connection",
             "starttls-not-offered", "negotiation"},
        Wild{"asyncpg_rejected_ssl_upgrade", "ConnectionError: PostgreSQL server at \"db:5432\" rejected SSL upgrade",
             "starttls-not-offered", "negotiation"},
        Wild{"tokio_postgres_server_does_not_support_tls",
             "error performing TLS handshake: server does not support TLS", "starttls-not-offered", "negotiation"},
        Wild{"mysql_ssl_required_server_does_not_support_it",
             "ERROR 2026 (HY000): SSL connection error: SSL is required but the server doesn't support it",
             "starttls-not-offered", "negotiation"},
        // An Erlang client's failed_connect whose alert line names its sender: "received SERVER ALERT"
        // is the server's refusal (rabbitmq-peer-discovery-etcd#23, 1047: RabbitMQ sent no client
        // certificate to etcd). Before: the failed_connect wrapping's reading, server-cert-untrusted
        // client.
        Wild{"erlang_failed_connect_received_server_alert_bad_certificate",
             "2020-03-26 22:13:55.510 [debug] <0.12225.0> Response: "
             "[{error,{failed_connect,[{to_address,{\"10.232.122.160\",4011}},{inet,[inet],{tls_alert,{bad_"
             "certificate,\"TLS client: In state cipher received SERVER ALERT: Fatal - Bad Certificate\\n \"}}}]}}]",
             "client-cert-missing", "server"},
        Wild{"erlang_failed_connect_received_server_alert_handshake_failure",
             "{failed_connect,[{to_address,{\"mq\",5671}},{inet,[inet],{tls_alert,{handshake_failure,\"TLS client: In "
             "state cipher received SERVER ALERT: Fatal - Handshake Failure\\n \"}}}]}",
             "client-cert-missing", "server"},
        // In answer to the ClientHello the server found nothing to agree on.
        Wild{"erlang_received_server_alert_handshake_failure_in_hello",
             "{error,{tls_alert,{handshake_failure,\"TLS client: In state hello received SERVER ALERT: Fatal - "
             "Handshake Failure\\n\"}}}",
             "no-shared-cipher", "negotiation"},
        // Zabbix's access checks after the handshake (zabbix-docker#870, 1061: an agent using PSK for a
        // host that accepts another mode). Before: no verdict.
        Wild{"zabbix_tls_with_psk_not_allowed_for_host",
             "no active checks on server [:10051]: connection of type \"TLS with PSK\" is not allowed for host "
             "\"Zabbix server\"",
             "service-refused", "server"},
        // libssl's reasons for finding nothing both ends accept, as OpenSSL 3 prints them (openssl errstr).
        // Before: the generic TLS failure.
        Wild{"openssl_no_shared_signature_algorithms", "error:0A000178:SSL routines::no shared signature algorithms",
             "no-shared-cipher", "negotiation"},
        Wild{"openssl_no_suitable_groups", "error:0A000127:SSL routines::no suitable groups", "no-shared-cipher",
             "negotiation"},
        // A CertificateVerify that does not verify, in s_client's output: the server signs with a key
        // that is not its certificate's (a TPM-bound key failing mid-handshake, from salrashid123's
        // public mTLS-with-TPM notes). In a server's log the same words are the client's key.
        Wild{"openssl_s_client_bad_signature_is_the_servers_key",
             "4057AE10D97F0000:error:4000000E:tpm2::cannot hash::-1:2306 tpm:warn(2.0): out of memory for object "
             "contexts\n"
             "4057AE10D97F0000:error:0A00007B:SSL routines:tls_process_cert_verify:bad "
             "signature:../ssl/statem/statem_lib.c:591:",
             "server-key-mismatch", "client"},
        // The same reason in nginx's handshake line (written here in nginx's format): a server's log.
        Wild{"nginx_bad_signature_is_the_clients_key",
             "2024/05/02 10:11:12 [info] 812#812: *4411 SSL_do_handshake() failed (SSL: error:0A00007B:SSL "
             "routines::bad signature) while SSL handshaking, client: 10.0.0.9, server: 0.0.0.0:443",
             "client-key-mismatch", "server"},
        // Unchanged: a failed_connect whose alert the client generated itself is still its own refusal.
        Wild{"erlang_failed_connect_generated_client_alert_unknown_ca",
             "{failed_connect,[{to_address,{\"repo.hex.pm\",443}},{inet,[inet],{tls_alert,{unknown_ca,\"TLS client: "
             "In state certify generated CLIENT ALERT: Fatal - Unknown CA\\n\"}}}]}",
             "server-cert-untrusted", "client"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
