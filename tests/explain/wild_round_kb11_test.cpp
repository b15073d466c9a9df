// Round kb11 of tests/explain/wild: the classes of the tune part that failed on main f24a099
// (round added-2026-12-10 first seen) and were fixed in general form (docs/explain.md, "Round
// kb11"), each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb11, WildText,
    testing::Values(
        // The client's identity not there to load: an OpenSSL build of curl given a keychain
        // nickname as --cert (curl#6717, 695), Secure Transport finding no certificate of that
        // name with its key in the keychain (curl#10038, 694). Before: read as a key that does
        // not match the certificate.
        Wild{"curl_openssl_build_cert_file_not_found",
             "curl: (58) could not load PEM client certificate, OpenSSL error error:02001002:system "
             "library:fopen:No such file or directory, (no key found, wrong pass phrase, or wrong file format?)",
             "client-identity-unreadable", "local"},
        Wild{"curl_securetransport_identity_not_in_keychain",
             "* Connected to itv.mit-xperts.com (89.58.32.80) port 443 (#0)\n* ALPN: offers h2\n* ALPN: offers "
             "http/1.1\n* SSL: Can't find the certificate \"[redacted path]/1571753451.p12\" and its private key "
             "in the Keychain.\n* Closing connection 0\ncurl: (58) SSL: Can't find the certificate \"[redacted "
             "path]/1571753451.p12\" and its private key in the Keychain.",
             "client-identity-unreadable", "local"},
        // A host name verifier's own words: pgjdbc's PgjdbcHostnameVerifier, used with every SSL
        // factory since 42.2.5 (pgjdbc#1459, 719). Before: no verdict.
        Wild{"pgjdbc_hostname_verifier", "... could not be verified by hostnameverifier PgjdbcHostnameVerifier",
             "server-hostname-mismatch", "client"},
        // No trust store, in explicit words: elasticsearch-py with verify_certs and neither ca_certs
        // nor a usable certifi (elasticsearch-py#669, 723). Before: no verdict.
        Wild{"elasticsearch_py_root_certificates_missing",
             "elasticsearch.exceptions.ImproperlyConfigured: Root certificates are missing for certificate "
             "validation. Either pass them in using the ca_certs parameter or install certifi to use it "
             "automatically.",
             "client-trust-anchor-missing", "local"},
        // NSS's SEC_ERROR_BAD_SIGNATURE: a server certificate from an earlier key of a re-created
        // development CA (mkcert#482, 728). Before: only the "speaks TLS" fallback, a client
        // without a certificate.
        Wild{"firefox_sec_error_bad_signature",
             "Secure Connection Failed\n\nAn error occurred during a connection to localhost. Peer\u2019s "
             "certificate has an invalid signature.\n\nError code: SEC_ERROR_BAD_SIGNATURE",
             "server-chain-invalid", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
