// Round kb15 of tests/explain/wild: the classes of the tune part that failed on 29add11 (round
// added-2026-12-14 first seen) and were fixed in general form (docs/explain.md, "Round kb15"),
// each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb15, WildText,
    testing::Values(
        // SqlClient's SSL Provider printing SEC_E_WRONG_PRINCIPAL as its text (vscode-mssql#17775,
        // 872). Before: only the generic "connection ... established, but then an error occurred"
        // reading, a client certificate the server missed.
        Wild{"sqlclient_ssl_provider_target_principal_name",
             "mssql: Error -2146893022: A connection was successfully established with the server, but then an error "
             "occurred during the login process. (provider: SSL Provider, error: 0 - The target principal name is "
             "incorrect.)",
             "server-hostname-mismatch", "client"},
        // Go's crypto/x509 with no roots at all, in an image without ca-certificates
        // (imaginary#185, 856). Before: the generic "x509" reading, a client certificate the
        // server missed.
        Wild{
            "go_x509_failed_to_load_system_roots",
            "{\"message\":\"Error downloading image: Get https://***/images/1281547: x509: failed to load system roots "
            "and no roots provided\",\"code\":1}",
            "client-trust-anchor-missing", "local"},
        // Wget on GnuTLS naming the expired certificate after its generic "not trusted" line
        // (gcc-pdp11-aout#5, 854). Before: the "not trusted" words alone, an unknown issuer.
        Wild{"wget_gnutls_certificate_has_expired",
             "#0 0.121 --2022-11-12 16:56:50--  https://ftp.gnu.org/gnu/gcc/gcc-9.2.0/gcc-9.2.0.tar.gz\n"
             "#0 0.133 Resolving ftp.gnu.org (ftp.gnu.org)... 209.51.188.20, 2001:470:142:3::b\n"
             "#0 0.142 Connecting to ftp.gnu.org (ftp.gnu.org)|209.51.188.20|:443... connected.\n"
             "#0 0.279 ERROR: The certificate of 'ftp.gnu.org' is not trusted.\n"
             "#0 0.279 ERROR: The certificate of 'ftp.gnu.org' has expired.",
             "server-cert-expired", "client"},
        // OpenSSL's client refusing the server's small Diffie-Hellman group, from a MySQL client
        // (irods#2742, 874, the round's second deal). Before: no entry for "dh key too small",
        // the generic "SSL routines" reading, a client certificate the server missed.
        Wild{"openssl_dh_key_too_small", "error:14082174:SSL routines:SSL3_CHECK_CERT_AND_ALGORITHM:dh key too small",
             "server-cert-weak", "client"},
        // OpenSSL 3's internal error while checking a TLS 1.0 server's legacy key-exchange
        // signature (openssl#19867, tune 124; fixed to keep the side floor after the second deal's
        // untuned 873). Before: the generic "SSL routines" reading, a missing client certificate.
        Wild{"openssl3_tls1_key_exchange_internal_error",
             "4047CDAA757F0000:error:0A0C0103:SSL routines:tls_process_key_exchange:internal "
             "error:ssl/statem/statem_clnt.c:2254:",
             "protocol-version-mismatch", "negotiation"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
