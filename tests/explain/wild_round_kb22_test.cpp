// Session 24: the last resort (a text with TLS, certificate or HTTP words and nothing more gets the
// usual hypotheses, never "not recognised"), and PHP's own reading of a server's no shared cipher
// (round added-2026-12-25, entry 1085). docs/explain.md, "Session 24".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb22, WildText,
    testing::Values(
        // Texts that name TLS or a certificate and no fault; before: no verdict at all.
        Wild{"words_only_x509", "x509 chain for the gateway looks different since Tuesday", "client-cert-missing",
             "server"},
        Wild{"words_only_mtls", "mTLS between the payments service and the ledger stopped working after the rotation",
             "client-cert-missing", "server"},
        Wild{"words_only_truststore", "Updated the truststore on the broker, clients still cannot get in",
             "client-cert-missing", "server"},
        // phpsocket.io#128: PHP's TLS server says why no cipher suite fitted: it has no certificate (a
        // local_cert path that led nowhere). Before: no-shared-cipher, negotiation.
        Wild{"php_server_no_local_cert",
             "Warning: stream_socket_enable_crypto(): SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used. "
             "\n This could be because the server is missing an SSL certificate (local_cert context option) in \n"
             "phps/vendor/workerman/workerman/Connection/TcpConnection.php on line 567",
             "server-identity-unreadable", "local"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
