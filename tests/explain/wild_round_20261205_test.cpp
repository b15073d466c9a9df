// Round added-2026-12-05 of tests/explain/wild: real texts of its tune part.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

// Round added-2026-12-05 (issue 11): the tuning part's failures, by class, each a real text.
INSTANTIATE_TEST_SUITE_P(
    Round20261205, WildText,
    testing::Values(
        // Whose log: a server's own words. ndg_httpsclient#20 (413): OpenSSL s_server's start-up line
        // makes the received alerts the client's refusal of the server's (expired) certificate.
        Wild{"s_server_log_received_alert_certificate_expired",
             "$ ./scripts/openssl_https_server.sh\nUsing default temp DH parameters\nACCEPT\n"
             "139899582240576:error:14094415:SSL routines:ssl3_read_bytes:sslv3 alert certificate "
             "expired:ssl/record/rec_layer_s3.c:1543:SSL alert number 45",
             "server-cert-expired", "client"},
        // connaisseur#765 (444): a Python http.server's traceback; the scraper refused the server.
        Wild{"python_httpserver_serve_alert_bad_certificate",
             "Error in HTTPServer.serve\nself._sslobj.do_handshake()\nssl.SSLError: [SSL: SSLV3_ALERT_BAD_CERTIFICATE] "
             "sslv3 alert bad certificate (_ssl.c:997)",
             "server-cert-untrusted", "client"},
        // Whose log: a client naming its request. prometheus-operator#4513 (443): a Go client's
        // `Post "https://...": x509: ...` pasted under the server's own handshake error is the client's.
        Wild{"go_client_post_url_beside_server_log_ip_sans",
             "ts=2022-01-21T05:29:30.787Z caller=stdlib.go:105 level=error component=web caller=\"http: TLS handshake "
             "error from 127.0.0.1:50242\" msg=\"remote error: tls: bad certificate\"\n"
             "level=error ts=2022-01-21T05:27:15.783320475Z caller=runutil.go:101 msg=\"function failed. Retrying in "
             "next tick\" err=\"trigger reload: reload request failed: Post \\\"https://127.0.0.1:9090/-/reload\\\": "
             "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs\"",
             "server-hostname-mismatch", "client"},
        // A missing generic reading: a text that says verifying a certificate failed is the verifier
        // refusing the other's certificate, not a missing client certificate. wp-cli#1688 (438).
        // Since round kb9 the public issuer Wget names (DigiCert) gives the entry's settled cause,
        // the missing CA store (server-cert-untrusted, asserted here before, is its `also`).
        Wild{"wget_cannot_verify_issuer_authority",
             "ERROR: cannot verify raw.github.com's certificate, issued by 'CN=DigiCert SHA2 High Assurance Server "
             "CA,OU=www.digicert.com,O=DigiCert Inc,C=US':\n  Unable to locally verify the issuer's authority.\nTo "
             "connect to raw.github.com insecurely, use `--no-check-certificate'.",
             "client-trust-anchor-missing", "client"},
        // Explicit words: the client has no CA to verify with. web-scraper#25 (437), NemoClaw#2270 (429).
        Wild{"perl_lwp_without_knowing_which_cas_to_trust",
             "GET https://sfbay.craigslist.org/search/sks failed: 500 Can't verify SSL peers without knowing which "
             "Certificate Authorities to trust",
             "client-trust-anchor-missing", "local"},
        Wild{"git_server_certificate_verification_failed_cafile_none",
             "fatal: unable to access 'https://github.com/octocat/Hello-World.git/':\n    server certificate "
             "verification failed. CAfile: none CRLfile: none",
             "client-trust-anchor-missing", "client"},
        // Explicit words: Windows CryptoAPI chain status codes. MeshCentral#6537 (409).
        Wild{"mariadb_schannel_cert_e_cn_no_match",
             "error 2026: \"TLS/SSL error: Server certificate validation failed. The certificate's CN name does not "
             "match the passed value. Error 0x800B010F(CERT_E_CN_NO_MATCH)\"",
             "server-hostname-mismatch", "client"},
        // Explicit words: NSS's certificate-type code. opnsense/core#1580 (434).
        Wild{"firefox_sec_error_inadequate_cert_type", "SEC_ERROR_INADEQUATE_CERT_TYPE",
             "server-cert-missing-serverauth-eku", "client"},
        // Explicit words: .NET's client-certificate selection trace. dotnet/runtime#87571 (445).
        Wild{"dotnet_trace_not_valid_for_client_authentication",
             "27:263 Info: X509Certificate2#1845633296 IsValidClientCertificate For Certificate 1845633296 - current "
             "X509EnhancedKeyUsageExtension 47980820 is not valid for Client Authentication.\n27:263 Info: "
             "X509Certificate2Collection#1845633296 GetEligibleClientCertificate No eligible client certificate "
             "found.\n27:263 Info: SecureChannel#39785641 AcquireClientCredentials No client certificate to choose "
             "from",
             "client-cert-missing-clientauth-eku", "server"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
