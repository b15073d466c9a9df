// Session 20: classes of the tuning texts whose words decide (the session-19 audit,
// tests/explain/wild/audit/tune-failures-session19.tsv) and the sides DIAGNOSES.md gives version and
// cipher mismatches (docs/explain.md, "Session 20"), each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb18, WildText,
    testing::Values(
        // OpenSSL 1.0's server read the ClientHello whole and refused its version: SSL3_GET_CLIENT_HELLO,
        // not the record layer (omega8cc/boa#555, 377). Before: a plaintext client on the TLS port.
        Wild{"openssl10_server_get_client_hello_wrong_version",
             "2014/12/23 23:37:40 [info] 8442#0: *573 SSL_do_handshake() failed (SSL: error:1408A10B:SSL "
             "routines:SSL3_GET_CLIENT_HELLO:wrong version number) while SSL handshaking, client: 10.0.0.247, "
             "server: 0.0.0.0:443",
             "protocol-version-mismatch", "negotiation"},
        // A browser and a server with no cipher suite in common: DIAGNOSES.md's negotiation, whichever
        // end's list or key is to blame (384). Before: rejected by the server.
        Wild{"chrome_version_or_cipher_mismatch_is_negotiation",
             "Accessing https://botan.randombit.net/ produces \"ERR_SSL_VERSION_OR_CIPHER_MISMATCH\".",
             "no-shared-cipher", "negotiation"},
        // A Java server without a key for any suite the client offers (a DSA keystore; 390). Before:
        // rejected by the server.
        Wild{"java_no_cipher_suites_in_common_is_negotiation",
             "javax.net.ssl.SSLHandshakeException: no cipher suites in common", "no-shared-cipher", "negotiation"},
        // OpenSSL's SSL-library reason alone, as a program loading its own SHA-1 certificate meets it
        // (openfortivpn#682, 093; a peer's chain fails verification with code 68's words instead).
        // Before: the server's certificate, refused by the client.
        Wild{"ssl_reason_ca_md_too_weak_is_own_certificate", "ca md too weak", "client-cert-weak", "local"},
        // Verify error 21 on the poster's "self signed" set-up: the user's own CA, not a missing
        // intermediate (a leaf that signs itself fails as 18; 325). Before: an incomplete chain.
        Wild{"verify_21_on_self_signed_setup_is_own_ca",
             "db.command({ ping: 1 }) gives SSL UNABLE_TO_VERIFY_LEAF_SIGNATURE on self signed SSL connection",
             "server-cert-untrusted", "client"},
        // LWP's connection failure without a reason: IO::Socket::SSL gave up on its own settings
        // (LWP-Protocol-https#81, 893: an SSL_ca_file that is not a CA certificate). Before: no verdict.
        Wild{"lwp_cant_connect_without_reason", "500 Can't connect to localhost:8888", "client-trust-anchor-missing",
             "local"},
        // Vault's cert auth method with no certificate in the handshake (vault#5745, 941: the certificate
        // was passed in the request body). Before: no verdict.
        Wild{"vault_cert_auth_client_certificate_must_be_supplied",
             "{\"errors\":[\"client certificate must be supplied\"]}\n{\"errors\":[\"client certificate must be "
             "supplied\"]}",
             "client-cert-missing", "server"},
        // OpenSSL 1.0's s_client sends no SNI without -servername; the server answered internal_error
        // before its hello (openssl#5059, 962; the same class as 898). Before: a version mismatch.
        Wild{"openssl10_s_client_no_sni_internal_error",
             "openssl s_client -alpn h2 -connect http2.golang.org:443 < /dev/null\n"
             "CONNECTED(00000003)\n"
             "140735227965520:error:14077438:SSL routines:SSL23_GET_SERVER_HELLO:tlsv1 alert internal "
             "error:s23_clnt.c:802:\n"
             "---\n"
             "no peer certificate available\n"
             "---\n"
             "No client certificate CA names sent\n"
             "---\n"
             "SSL handshake has read 7 bytes and written 317 bytes",
             "sni-required", "negotiation"},
        // Round added-2026-12-18's tuning half. PyKMIP's server in words: the client certificate has no
        // extended key usage (PyKMIP#431, 972). Before: a missing certificate.
        Wild{"pykmip_eku_missing_from_client_certificate",
             "ERROR - The extended key usage extension is missing from the client certificate. Session client "
             "identity unavailable.\n"
             "cryptography.x509.extensions.ExtensionNotFound: No <ObjectIdentifier(oid=2.5.29.37, "
             "name=extendedKeyUsage)> extension was found\n"
             "kmip.core.exceptions.PermissionDenied: The extended key usage extension is missing from the client "
             "certificate. Session client identity unavailable.",
             "client-cert-missing-clientauth-eku", "server"},
        // XMPP server-to-server SASL EXTERNAL: the remote refused this server's certificate as a client
        // certificate, serverAuth only (990). Before: the server's certificate, refused by a client.
        Wild{"xmpp_sasl_external_unsupported_certificate_purpose",
             "info    SASL EXTERNAL with conference.siacs.eu failed: "
             "error<cancel:not-authorized:unsupported certificate purpose>",
             "client-cert-missing-clientauth-eku", "server"},
        // ingress-nginx naming a CA Secret without ca.crt (ingress-nginx, 994). Before: a missing client
        // certificate.
        Wild{"ingress_nginx_ca_secret_not_found",
             "# error obtaining certificate: local SSL certificate default/ca-cert was not found",
             "server-ca-file-unreadable", "local"},
        // GLib's G_TLS_ERROR_BAD_CERTIFICATE in French (syncthing-gtk, 997). Before: a missing client
        // certificate.
        Wild{"glib_unacceptable_tls_certificate_french", "Failed to save configuration.Certificat TLS inacceptable",
             "server-cert-untrusted", "client"},
        // Round added-2026-12-19's tuning half. Chrome 124's RSA key-usage enforcement (malcolm, 1006).
        // Before: no verdict.
        Wild{"chrome_err_ssl_key_usage_incompatible",
             "This site can\u2019t be reached\n"
             "The webpage at https://x.x.x.x/ might be temporarily down or it may have moved permanently to a new web "
             "address.\n"
             "ERR_SSL_KEY_USAGE_INCOMPATIBLE",
             "server-cert-bad-key-usage", "client"},
        // OpenSearch taking a node whose DN is not in nodes_dn for a transport client (1007). Before: a
        // missing client certificate.
        Wild{"opensearch_transport_client_authentication_no_longer_supported",
             "[2024-07-26T03:02:58,137][WARN ][o.o.d.HandshakingTransportAddressConnector] [os01] handshake failed "
             "for [connectToRemoteMasterNode[172.23.0.2:9300]]\n"
             "opensearch-docker-test-os01-1    | org.opensearch.transport.RemoteTransportException: "
             "[os02][172.23.0.2:9300][internal:transport/handshake]\n"
             "opensearch-docker-test-os01-1    | Caused by: org.opensearch.OpenSearchException: Transport client "
             "authentication no longer supported.",
             "client-access-denied", "server"},
        // SChannel's SEC_E_ALGORITHM_MISMATCH as aria2 prints it, the code without 0x and the words in
        // Chinese (aria2, 1010). Before: a bare handshake failure, a missing client certificate.
        Wild{"schannel_80090331_without_0x",
             "  -> [SocketCore.cc:1021] errorCode=1 SSL/TLS handshake failure: Error: "
             "\u56e0\u4e3a\u7b97\u6cd5\u4e0d\u540c\uff0c\u5ba2\u6237\u7aef\u548c\u670d\u52a1\u5668\u65e0\u6cd5\u901a"
             "\u4fe1"
             "\u3002\n"
             "(80090331)",
             "protocol-version-mismatch", "negotiation"},
        // A Go server's handshake EOFs in logfmt, an NLB's TCP health checks (grafana, 1022). Before: the
        // client refusing the server's certificate.
        Wild{"go_server_handshake_eof_logfmt_health_check",
             "level=info msg=\"http: TLS handshake error from 173.17.18.6:16037: EOF\"\n"
             "level=info msg=\"http: TLS handshake error from 173.17.18.23:26037: EOF\"\n"
             "level=info msg=\"http: TLS handshake error from 173.17.18.6:14455: EOF\"",
             "health-check-probe", "network"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
