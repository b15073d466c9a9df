// Round kb13 of tests/explain/wild: the classes of the tune part that failed on a0821b8 (round
// added-2026-12-12 first seen) and were fixed in general form (docs/explain.md, "Round kb13"),
// each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb13, WildText,
    testing::Values(
        // Oracle's own code for a chain its wallet cannot validate, reached through UTL_HTTP
        // (JasperReportsIntegration#110, 786). Before: OpenSSL's bare "http request" reason read
        // into "HTTP request failed", a port that does not speak TLS.
        Wild{"oracle_utl_http_ora_29024",
             "Error occured: ORA-29273: HTTP request failed ORA-06512: at \"SYS.HTTPURITYPE\", line 38 ORA-29024: "
             "Certificate validation failure ORA-06512: at \"SYS.UTL_HTTP\", line 380 ORA-06512: at "
             "\"SYS.UTL_HTTP\", line 1209 ORA-06512: at \"SYS.HTTPURITYPE\", line 23",
             "server-cert-untrusted", "client"},
        // Apache HttpClient's name check answered by a CDN's no-SNI fallback certificate
        // (nexus-npm-repository-plugin#23, 792). Before: the generic "transport error" reading, a
        // client certificate the server missed.
        Wild{"nexus_httpclient_fastly_no_sni_default_cert",
             "Transport error while executing GET method [repositoryId=\"npm-proxy\", requestPath=\"/\", "
             "remoteUrl=\"https://registry.npmjs.org/\"] > hostname in certificate didn't match: "
             "<registry.npmjs.org> != <a.sni.fastly.net> OR <a.sni.fastly.net> OR <a.sni.global-ssl.fastly.net>",
             "sni-required", "negotiation"},
        // curl's "not yet valid" in the older wording without "is" (holoiso#131, 798). Before: the
        // generic exit-60 reading, an untrusted server certificate.
        Wild{"curl_certificate_not_yet_valid_without_is", "SSL certificate problem: certificate not yet valid",
             "server-cert-not-yet-valid", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
