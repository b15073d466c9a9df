// Session 21: classes of rounds added-2026-12-20 and -21's tuning texts whose words decide, each with the
// entry's own real text (tests/explain/wild, docs/explain.md "Session 21").
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb19, WildText,
    testing::Values(
        // Apache 2.2 decoding its own key at start-up, the certificate file read as the key because
        // SSLCertificateKeyFile was missing (certbot#1840, 1028). Before: the generic TLS failure.
        Wild{"apache22_library_error_own_key_undecodable",
             "[Wed Dec 09 11:33:44 2015] [error] SSL Library Error: 218529960 error:0D0680A8:asn1 encoding "
             "routines:ASN1_CHECK_TLEN:wrong tag\n"
             "[Wed Dec 09 11:33:44 2015] [error] SSL Library Error: 218595386 error:0D07803A:asn1 encoding "
             "routines:ASN1_ITEM_EX_D2I:nested asn1 error\n"
             "[Wed Dec 09 11:33:44 2015] [error] SSL Library Error: 67710980 error:04093004:rsa "
             "routines:OLD_RSA_PRIV_DECODE:RSA lib",
             "server-identity-unreadable", "local"},
        // The DER decoder's reasons alone: a file that is not what it is read as. Before: no verdict.
        Wild{"asn1_decoder_wrong_tag_is_own_file", "error:0D0680A8:asn1 encoding routines:ASN1_CHECK_TLEN:wrong tag",
             "client-identity-unreadable", "local"},
        Wild{"openssl3_decoder_unsupported_is_own_file", "error:1E08010C:DECODER routines::unsupported",
             "client-identity-unreadable", "local"},
        // A server refusing a client that did not turn TLS on, in its own words: Neo4j's Bolt
        // connector (neo4j-php-client#75, 1038; no verdict before) and MySQL's
        // require_secure_transport (error 3159; no verdict before).
        Wild{"neo4j_bolt_unencrypted_where_encryption_required",
             "2021-09-01 02:09:13.893+0000 ERROR [o.n.b.t.p.ProtocolHandshaker] Fatal error occurred during protocol "
             "handshaking: [id: 0x9582075a, L:/10.0.0.1:7687 - R:/123.456.789.12:34294]\n"
             "java.lang.SecurityException: An unencrypted connection attempt was made where encryption is required.",
             "plaintext-to-tls-port", "negotiation"},
        Wild{"mysql_require_secure_transport",
             "ERROR 3159 (HY000): Connections using insecure transport are prohibited while "
             "--require_secure_transport=ON.",
             "plaintext-to-tls-port", "negotiation"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
