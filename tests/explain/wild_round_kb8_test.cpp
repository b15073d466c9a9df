// Round kb8 of tests/explain/wild: the classes of round added-2026-12-07's tune part that failed
// (docs/explain.md, "Round kb8"), each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb8, WildText,
    testing::Values(
        // No trust store, in the client stack's own terms: a client whose runtime ships no CA
        // bundle says only "unable to get local issuer certificate"; the stack names it.
        // talkpython#10 (529): the python.org build for macOS before "Install Certificates.command".
        Wild{"python_org_macos_framework_no_ca_certificates",
             "  File \"/Library/Frameworks/Python.framework/Versions/3.8/lib/python3.8/site-packages/aiohttp/"
             "connector.py\", line 938, in _wrap_create_connection\n    raise ClientConnectorCertificateError(\n"
             "aiohttp.client_exceptions.ClientConnectorCertificateError: Cannot connect to host talkpython.fm:443 "
             "ssl:True [SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
             "unable to get local issuer certificate (_ssl.c:1108)')]",
             "client-trust-anchor-missing", "client"},
        // laravel-packager#35 (555) and platformsh legacy-cli#368 (556): PHP's cURL without curl.cainfo.
        Wild{"php_guzzle_curl_error_60_no_cainfo",
             "  [GuzzleHttp\\Exception\\RequestException]\n  cURL error 60: SSL certificate problem: unable to get "
             "local issuer certificate (see http://curl.haxx.se/libcurl/c/libcurl-errors.ht\n  ml)",
             "client-trust-anchor-missing", "client"},
        Wild{"php_curl_error_60_windows_no_ca_database",
             " [GuzzleHttp\\Exception\\RequestException] cURL error 60: SSL certificate problem: unable to get local "
             "issuer certificate",
             "client-trust-anchor-missing", "client"},
        // raxol#827 (550): Elixir's Mint without CAStore in the release.
        Wild{"elixir_mint_default_trust_store_not_available",
             "** (RuntimeError) default CA trust store not available; please add `:castore` to your\n   project's "
             "dependencies or specify the trust store using the :cacertfile/:cacerts option\n   (mint 1.9.3) "
             "lib/mint/core/transport/ssl.ex:711\n   (finch 0.23.0) lib/finch/http1/conn.ex:53: "
             "Finch.HTTP1.Conn.connect/2",
             "client-trust-anchor-missing", "local"},
        // Explicit words: NSS's own message texts, not only its code names.
        // obsidian-local-rest-api#338 (567): SEC_ERROR_INADEQUATE_KEY_USAGE in certutil's words.
        Wild{"nss_key_usage_inadequate_message",
             "certutil: certificate is invalid: Certificate key usage inadequate for attempted operation.",
             "server-cert-bad-key-usage", "client"},
        // cockpit#2423 (568): SEC_ERROR_CA_CERT_INVALID, a self-signed CA:FALSE certificate as anchor.
        Wild{"nss_ca_cert_invalid", "sec_error_ca_cert_invalid", "server-chain-invalid", "client"},
        // Explicit words: an SDK's or checker's own sentence that a certificate expired.
        // HTTPSChecker#33 (554): the expired DST root; server-cert-expired is the entry's `also`.
        Wild{"site_certificate_has_expired_words", "The SSL Certificate on your site has expired",
             "server-cert-expired", "client"},
        // aisstream#71 (571): the load balancer still served the expired certificate.
        Wild{"verification_failed_due_to_expiration",
             "Trying to listen to the stream and I encountered an error: [SSL: CERTIFICATE_VERIFY_FAILED] "
             "certificate verification failed due to certificate expiration.",
             "server-cert-expired", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
