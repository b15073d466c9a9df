// Round kb14 of tests/explain/wild: the classes of the tune part that failed on cfbbaeb (round
// added-2026-12-13 first seen) and were fixed in general form (docs/explain.md, "Round kb14"),
// each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb14, WildText,
    testing::Values(
        // A hyper/tokio-rustls server's accept loop received alert 48 from curl, which did not
        // trust the example's self-signed certificate (hyper-rustls#45, 805). Before: no server
        // words, so the received alert was read as a client's, the server refusing a client
        // certificate.
        Wild{"rustls_server_error_accepting_connection_unknown_ca",
             "Starting to serve on https://127.0.0.1:1337.\n"
             "FAILED: error accepting connection: received fatal alert: UnknownCA",
             "server-cert-untrusted", "client"},
        // Haskell's tls package refusing the server's certificate in a scratch image without CA
        // certificates (haskell-scratch#5, 809; the thread's cause is the missing store, which
        // the entry accepts as server-cert-untrusted too). Before: the bare words "unknown CA"
        // read as alert 48 received, a client certificate the server did not trust.
        Wild{"haskell_tls_certificate_has_unknown_ca",
             "TlsException (HandshakeFailed (Error_Protocol (\"certificate has unknown CA\",True,UnknownCa)))",
             "server-cert-untrusted", "client"},
        // gRPC core found no default roots.pem: built and installed with different prefixes
        // (grpc#2288, 819). Before: no entry matched, no verdict.
        Wild{"grpc_core_could_not_get_default_pem_root_certs",
             "E0701 17:02:01.209390000 140735188198144 file.c:81] Could not open file "
             "/usr/local/share/grpc/roots.pem (error = No such file or directory).\n"
             "E0701 17:02:01.210179000 140735188198144 security_connector.c:569] Could not get default pem "
             "root certs.",
             "client-trust-anchor-missing", "local"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
