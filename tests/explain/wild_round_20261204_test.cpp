// Round added-2026-12-04 of tests/explain/wild: real texts of its tune part.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

// Round added-2026-12-04 (tune part; the texts are the entries' own): classes that failed before.
INSTANTIATE_TEST_SUITE_P(
    Round20261204, WildText,
    testing::Values(
        // Whose log: servers judging a client in their own words turn the verifier's reading round.
        // kubernetes#90714 (392): kube-apiserver refusing a client certificate from a CA it did not load.
        Wild{"apiserver_unable_to_authenticate_unknown_authority",
             "Unable to authenticate the request due to an error: x509: certificate signed by unknown authority",
             "client-cert-untrusted-issuer", "server"},
        // metrics-server#533 (393): an aggregated API server refusing kube-apiserver's front-proxy certificate.
        Wild{"metrics_server_unable_to_authenticate",
             "E0524 01:37:36.055326       1 authentication.go:65] Unable to authenticate the request due to an "
             "error: x509: certificate signed by unknown authority",
             "client-cert-untrusted-issuer", "server"},
        // egeria-react-ui#382 (340): a Java server's JSSE debug log consuming the client's Certificate.
        Wild{"jsse_debug_consuming_client_certificate_pkix",
             "javax.net.ssl|DEBUG|C6|https-jsse-nio-9443-exec-4|2022-03-29 19:14:46.153 "
             "BST|CertificateMessage.java:1178|"
             "Consuming client Certificate handshake message (\n"
             "javax.net.ssl|ERROR|C6|https-jsse-nio-9443-exec-4|2022-03-29 19:14:46.159 BST|TransportContext.java:363|"
             "Fatal (CERTIFICATE_UNKNOWN): PKIX path building failed: sun.security.provider.certpath."
             "SunCertPathBuilderException: unable to find valid certification path to requested target (",
             "client-cert-untrusted-issuer", "server"},
        // bbengfort/sping#1: gRPC-Go's server log; the client refused the server's certificate.
        Wild{"grpc_go_server_serve_remote_bad_certificate",
             "grpc: Server.Serve failed to complete security handshake from \"127.0.0.1:19825\": remote error: "
             "tls: bad certificate",
             "server-cert-untrusted", "client"},
        // mongodb-kubernetes-operator#1058: mongod judging a client certificate.
        Wild{"mongod_error_receiving_request_unsupported_purpose",
             "E  NETWORK  [conn25854] Error receiving request from client: SSLHandshakeFailed: SSL peer certificate "
             "validation failed: unsupported certificate purpose. Ending connection from 10.120.8.127:58220",
             "client-cert-missing-clientauth-eku", "server"},
        // emqx#811: EMQX's acceptor (esockd) got unknown_ca from the client.
        Wild{"emqx_esockd_unknown_ca_from_client",
             "19:34:33.892 [error] SSL: certify: ssl_alert.erl:97:Fatal error: unknown ca\n19:34:33.892 [error] CRASH "
             "REPORT Process <0.1206.0> with 0 neighbours crashed with reason: {ssl_error,{tls_alert,\"unknown ca\"}} "
             "in "
             "esockd_connection:upgrade/1 line 113",
             "server-cert-untrusted", "client"},
        // Explicit words. jetty/wildfly-camel#2702 (390): SunJSSE's server found no usable suite.
        // The side is DIAGNOSES.md's negotiation (session 20), whichever end's key or list is to blame.
        Wild{"java_no_cipher_suites_in_common", "javax.net.ssl.SSLHandshakeException: no cipher suites in common",
             "no-shared-cipher", "negotiation"},
        // pgjdbc#1307 (359): pgjdbc's words for a missing root.crt.
        Wild{"pgjdbc_could_not_open_root_crt",
             "Could not open SSL root certificate file C:\\Users\\username\\AppData\\Roaming\\postgresql\\root.crt",
             "client-trust-anchor-missing", "local"},
        // logstash-input-beats#149 (353): the server's own certificate and key do not go together.
        Wild{"netty_failed_to_set_certificate_and_key",
             "Error when creating a connection {:exception=>\"failed to set certificate and key\", :level=>:warn, "
             ":file=>\"logstash/inputs/beats/message_listener.rb\", :line=>\"62\"}",
             "server-key-mismatch", "local"},
        // botan#3249 (384): Chrome's mismatch against a server whose key matches none of its suites
        // (side negotiation since session 20).
        Wild{"chrome_version_or_cipher_mismatch",
             "Accessing https://botan.randombit.net/ produces \"ERR_SSL_VERSION_OR_CIPHER_MISMATCH\".",
             "no-shared-cipher", "negotiation"},
        // Never silent, in the text's own words: serilog-sinks-mssqlserver#368 (383).
        Wild{"sqlclient_chain_provided_by_untrusted_authority",
             "Unable to write 4 log events to the database due to following error: A connection was successfully "
             "established with the server, but then an error occurred during the login process. (provider: SSL "
             "Provider, error: 0 - The certificate chain was provided by an authority that is not trusted)",
             "server-cert-untrusted", "client"},
        // Ecosystems: MongoDB. vscode#107 (380) and nosqlclient#112 (381).
        Wild{"mongo_shell_cssmerr_tp_not_trusted",
             "2020-05-18T10:02:04.140-0600 E  NETWORK  [js] SSL peer certificate validation failed: Certificate trust "
             "failure: CSSMERR_TP_NOT_TRUSTED; connection rejected\n2020-05-18T10:02:04.141-0600 E  QUERY    [js] "
             "Error: couldn't connect to server xxxxxxxxx:27017, connection attempt failed: SSLHandshakeFailed: SSL "
             "peer certificate validation failed: Certificate trust failure: CSSMERR_TP_NOT_TRUSTED; connection "
             "rejected :",
             "server-cert-untrusted", "client"},
        Wild{"mongod_only_allows_ssl_connections",
             "2016-06-03T10:27:39.126+0300 I NETWORK  [conn45893] AssertionException handling request, closing client "
             "connection: 17189 The server is configured to only allow SSL connections",
             "plaintext-to-tls-port", "negotiation"},
        // Elasticsearch says in words which end refused.
        Wild{"elasticsearch_http_client_did_not_trust",
             "[WARN ][o.e.x.s.t.n.SecurityNetty4HttpServerTransport] [es01] http client did not trust this server's "
             "certificate, closing connection Netty4HttpChannel{localAddress=/172.18.0.2:9200}",
             "server-cert-untrusted", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
