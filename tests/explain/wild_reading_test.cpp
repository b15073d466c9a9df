// Real texts people pasted in public threads (the tune part of tests/explain/wild, each with the
// thread that settled its cause): whose log it is, explicit words over generic lines, never
// silent, the server's own identity, the ecosystems, and several lines read as one event.
// A client without its CA (client-trust-anchor-missing) is rejected_by `local` only where the text
// says the store is absent or could not be loaded; a client that received the server's certificate
// and refused it for want of the CA is rejected_by `client` (docs/finding-ids.md; since session 18).
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {

TEST_P(WildText, GivesTheSettledCauseAndSide) {
  const auto& w = GetParam();
  const auto e = explainer().explain_text(w.text);
  ASSERT_TRUE(e.explained()) << w.text;
  const auto report = explainer().report(e);
  EXPECT_EQ(core::slug(report.verdict.cause), w.cause) << w.text << "\nmatched " << e.matches.front().entry->id;
  EXPECT_EQ(core::to_string(report.verdict.rejected_by), w.rejected_by) << w.text;
}

namespace {

// Class 1: the same words mean opposite things by writer.
INSTANTIATE_TEST_SUITE_P(
    WhoseLog, WildText,
    testing::Values(
        // ghostunnel#248: the server's log; the client refused the server's certificate.
        Wild{"ghostunnel_server_remote_bad_certificate",
             "error on TLS handshake from 10.209.114.98:39980: remote error: tls: bad certificate",
             "server-cert-untrusted", "client"},
        // kube-image-keeper#153: a Go webhook server; the API server (its client) refused it.
        Wild{"go_server_remote_bad_certificate",
             "2023/08/18 02:03:43 http: TLS handshake error from 10.251.1.83:60588: remote error: tls: bad certificate",
             "server-cert-untrusted", "client"},
        // Go >= 1.20 server-side verify failure: the server refused the client's certificate.
        Wild{"go_server_failed_to_verify_certificate",
             "http: TLS handshake error from 192.0.2.7:51234: tls: failed to verify certificate: x509: certificate "
             "signed by unknown authority",
             "client-cert-untrusted-issuer", "server"},
        // hex#1016: Erlang names the sender: CLIENT ALERT, the client refused the server.
        Wild{"erlang_client_alert_unknown_ca",
             "{:tls_alert, {:unknown_ca, ~c\"TLS client: In state certify at ssl_handshake.erl:2133 generated "
             "CLIENT ALERT: Fatal - Unknown CA\\n\"}}",
             "server-cert-untrusted", "client"},
        // rabbitmq cluster-operator#796: SERVER ALERT received by the client: the server refused it.
        Wild{"erlang_server_alert_unknown_ca",
             "{{socket_error,{tls_alert,{unknown_ca,\"TLS client: In state connection received SERVER ALERT: Fatal - "
             "Unknown CA\\n\"}}},",
             "client-cert-untrusted-issuer", "server"},
        // nginx as a client of its upstream: not turned round (kubernetes-ingress#849).
        Wild{"nginx_upstream_alert_42",
             "2020/02/11 13:07:36 [error] 7285#7285: *8030939 SSL_do_handshake() failed (SSL: error:14094412:SSL "
             "routines:ssl3_read_bytes:sslv3 alert bad certificate:SSL alert number 42) while SSL handshaking to "
             "upstream, client: 10.246.226.47, server: sample.domain.com",
             "client-cert-missing", "server"},
        // matrix-docker-ansible-deploy#3055: nginx sends no SNI upstream by default.
        Wild{"nginx_upstream_alert_40_sni",
             "*10 SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert "
             "number 40) while SSL handshaking to upstream, client: 172.19.0.1, server: example.host",
             "sni-required", "negotiation"},
        // Java's debug log says which way the alert went: SEND is the writer refusing its peer.
        Wild{"java_debug_send_alert", "main, SEND TLSv1.2 ALERT:  fatal, description = certificate_unknown",
             "server-cert-untrusted", "client"},
        Wild{"java_debug_recv_alert", "main, RECV TLSv1.2 ALERT:  fatal, unknown_ca", "client-cert-untrusted-issuer",
             "server"},
        // Apache's handshake error with the alert the client sent.
        Wild{"apache_ah02008_alert_from_client",
             "[ssl:info] [pid 974] [client 127.0.0.1:44853] AH02008: SSL library error 1 in handshake (server "
             "[MyServer]:443)\n[ssl:info] [pid 974] SSL Library Error: error:14094418:SSL "
             "routines:ssl3_read_bytes:tlsv1 alert unknown ca",
             "server-cert-untrusted", "client"},
        // A server's log with an alert from the client (nginx, OpenSSL's SSL_accept).
        Wild{"ssl_accept_alert_unknown_ca", "SSL_accept: error:0A000418:SSL routines::tlsv1 alert unknown ca",
             "server-cert-untrusted", "client"}),
    test_name);

// Class 2: explicit words beat a generic "verify failed" line.
INSTANTIATE_TEST_SUITE_P(
    ExplicitWords, WildText,
    testing::Values(
        // openvpn (client): the VERIFY ERROR line names the fault; the OpenSSL line does not.
        Wild{"openvpn_client_expired",
             "VERIFY ERROR: depth=0, error=certificate has expired: CN=server_jl0uHOHQA5KVDK9v\n"
             "OpenSSL: error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed",
             "server-cert-expired", "client"},
        // openvpn-install#78: the server's CRL expired.
        Wild{"openvpn_server_crl_expired",
             "192.168.0.1:37072 VERIFY ERROR: depth=0, error=CRL has expired: CN=client\n"
             "192.168.0.1:37072 OpenSSL: error:1417C086:SSL routines:tls_process_client_certificate:certificate verify "
             "failed",
             "crl-expired", "server"},
        // Dart (BoringSSL): "certificate has expired" inside CERTIFICATE_VERIFY_FAILED.
        Wild{"dart_verify_failed_expired",
             "HandshakeException: Handshake error in client (OS Error: \n\tCERTIFICATE_VERIFY_FAILED: certificate has "
             "expired(handshake.cc:298))",
             "server-cert-expired", "client"},
        // scionlab#226: OpenVPN's key-usage check before the generic verify failure.
        Wild{"openvpn_verify_ku_error",
             "ovpn-client[11]: VERIFY KU ERROR\novpn-client[11]: TLS_ERROR: BIO read tls_read_plaintext error: "
             "error:14090086:SSL routines:ssl3_get_server_certificate:certificate verify failed",
             "server-cert-bad-key-usage", "client"},
        // docker-nginx#175: nginx server, purpose.
        Wild{"nginx_unsupported_purpose",
             "2017/06/06 15:59:58 [info] 6#6: *2 client SSL certificate verify error: (26:unsupported certificate "
             "purpose) while reading client request headers",
             "client-cert-missing-clientauth-eku", "server"}),
    test_name);

// Class 3: short generic texts get hypotheses, never "not recognised".
INSTANTIATE_TEST_SUITE_P(
    NeverSilent, WildText,
    testing::Values(
        Wild{"http_403", "HTTP/1.1 403 Forbidden", "client-access-denied", "server"},
        Wild{"http_400", "400 Bad Request", "client-cert-missing", "server"},
        Wild{"broken_pipe", "SSL_write: Broken pipe, errno 32", "client-cert-missing", "server"},
        // poco#3424: the server reset the client that sent no certificate.
        Wild{"connection_reset", "Connection reset by peer", "client-cert-missing", "server"},
        Wild{"ssl_error_syscall", "SSL_ERROR_SYSCALL", "connection-reset", "network"},
        // nghttpx 502 with a self-signed backend.
        Wild{"bad_gateway", "502 Bad Gateway", "server-cert-untrusted", "client"},
        Wild{"tls_handshake_failed", "TLS handshake failed", "client-cert-missing", "server"},
        Wild{"apache_ah02008", "AH02008: SSL library error 1 in handshake (server example.com:443)",
             "client-cert-missing", "server"},
        Wild{"apache_ah01998", "AH01998: Connection closed to child 0 with abortive shutdown (server example.com:443)",
             "server-cert-untrusted", "client"},
        Wild{"stunnel_connection_closed", "LOG5[1]: Connection closed: 0 byte(s) sent to TLS, 0 byte(s) sent to socket",
             "client-cert-missing", "server"},
        Wild{"curl_subjectaltname", "* subjectAltName does not match 10.0.0.1", "server-hostname-mismatch", "client"},
        Wild{"unexpected_eof", "unexpected eof while reading", "connection-reset", "server"}),
    test_name);

// Class 4: the server's own identity and causes that had no id.
INSTANTIATE_TEST_SUITE_P(
    NewCauses, WildText,
    testing::Values(
        // certd#259
        Wild{"nginx_key_values_mismatch",
             "nginx: [emerg] SSL_CTX_use_PrivateKey(\"/home/x/.acme.sh/x_ecc/x.key\") failed (SSL: "
             "error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch)",
             "server-key-mismatch", "local"},
        // libressl portable#769
        Wild{"libtls_key_mismatch", "private/public key mismatch in tls_configure.", "server-key-mismatch", "local"},
        Wild{"apache_own_chain_ca_md_too_weak",
             "AH02565: Certificate and private key example.com:443:0 from /etc/ssl/example.crt and "
             "/etc/ssl/example.key do not match: error:1426C18E:SSL routines:ssl_security_cert:ca md too weak",
             "server-own-cert-weak-digest", "local"},
        // freshports#82
        Wild{"pg_root_crt_missing",
             "PHP Warning:  pg_connect(): Unable to connect to PostgreSQL server: root certificate file "
             "\"/nonexistent/.postgresql/root.crt\" does not exist",
             "client-trust-anchor-missing", "local"},
        // rsc#2
        Wild{"java_trust_anchors_empty",
             "java.lang.RuntimeException: Unexpected error: java.security.InvalidAlgorithmParameterException: the "
             "trustAnchors parameter must be non-empty",
             "client-trust-anchor-missing", "local"},
        // harness#1192: a browser bookmark with http:// to the TLS port.
        Wild{"go_server_plaintext_client",
             "2015/09/06 19:33:54 http: TLS handshake error from 208.70.50.7:36073: tls: first record does not look "
             "like a TLS handshake",
             "plaintext-to-tls-port", "negotiation"},
        // redis#11569
        Wild{"redis_server_plaintext_client",
             "Error accepting a client connection: error:1408F10B:SSL routines:ssl3_get_record:wrong version number "
             "(conn: fd=9)",
             "plaintext-to-tls-port", "negotiation"},
        // haproxy#444
        Wild{"haproxy_https_proxy_request",
             "fd[0009] OpenSSL error[0x1407609b] SSL23_GET_CLIENT_HELLO: https proxy request", "plaintext-to-tls-port",
             "negotiation"},
        // curl#14315
        Wild{"schannel_no_revocation_check",
             "curl: (35) schannel: next InitializeSecurityContext failed: CRYPT_E_NO_REVOCATION_CHECK (0x80092012)",
             "server-cert-revocation-unknown", "client"},
        // saml-proxy#1
        Wild{"apache_ssl_proxy_not_enabled",
             "[error] [client ::1] SSL Proxy requested for xxx but not enabled [Hint: SSLProxyEngine]",
             "proxy-tls-not-enabled", "local"},
        // curl#5138: OpenSSL 3's unexpected EOF after the whole response.
        Wild{"curl_read_unexpected_eof",
             "curl: (56) OpenSSL SSL_read: error:14095126:SSL routines:ssl3_read_n:unexpected eof while reading, "
             "errno 0",
             "peer-closed-without-close-notify", "network"},
        // emqx#3805
        Wild{"emqx_max_path_length",
             "{ssl_error,\n{tls_alert,\n{handshake_failure,\n\"TLS server: In state certify at ssl_handshake.erl:1783 "
             "generated SERVER ALERT: Fatal - Handshake Failure\\n {bad_cert,max_path_length_reached}\"}}}",
             "client-chain-too-long", "server"}),
    test_name);

// Class 5: ecosystems.
INSTANTIATE_TEST_SUITE_P(
    Ecosystems, WildText,
    testing::Values(
        // hetzner-k3s#164
        Wild{"kubectl_unauthorized", "error: You must be logged in to the server (Unauthorized)", "client-cert-expired",
             "server"},
        // client-go#542
        Wild{"k8s_system_anonymous",
             "pods \"wordpressv3-wordpressv3-80\" is forbidden: User \"system:anonymous\" cannot get resource \"pods\" "
             "in API group \"\" in the namespace \"default\"",
             "client-cert-missing", "server"},
        // elixir#12485
        Wild{"elixir_missing_cacerts",
             "** (Mix) httpc request failed with: {:failed_connect, [{:to_address, {~c\"repo.hex.pm\", 443}}, {:inet, "
             "[:inet], {:options, {:verify, {:missing_dep_cacertfile_or_cacerts}}}}]}",
             "client-trust-anchor-missing", "local"},
        Wild{"emqx_cacertfile_eacces",
             "reason: {ssl_error,{options,{cacertfile,\"/root/ca.pem\",{error,eacces}}}}, offender: "
             "[{pid,<0.2091.0>},{name,connection}]",
             "server-ca-file-unreadable", "local"},
        // moby#15232
        Wild{"docker_oversized_record", "tls: oversized record received with length 20527", "not-tls", "network"},
        // centrifugo#144
        Wild{"go_server_no_cipher",
             "2017/01/23 06:25:48 http: TLS handshake error from 192.0.2.9:48794: tls: no cipher suite supported by "
             "both client and server",
             "no-shared-cipher", "negotiation"},
        // azure-iot-sdk-csharp#2921
        Wild{"dotnet_revocation_offline",
             "AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: "
             "RevocationStatusUnknown, OfflineRevocation",
             "server-cert-revocation-unknown", "client"},
        // ovpn-to-apc#2
        Wild{"openvpn_verify_x509name", "VERIFY X509NAME ERROR", "server-hostname-mismatch", "client"},
        // nixpkgs#8321
        Wild{"gnutls_trust_file", "$ gnutls-cli nixos.org\nError setting the x509 trust file",
             "client-trust-anchor-missing", "local"}),
    test_name);

// Class 6: several lines pasted together read as one event.
INSTANTIATE_TEST_SUITE_P(
    PastedTogether, WildText,
    testing::Values(
        // consul via Java debug: CertificateRequest, then an empty Certificate chain.
        Wild{"java_debug_empty_chain",
             "*** CertificateRequest\nCert Types: RSA, ECDSA\nCert Authorities:\nREDACTED\n*** ServerHelloDone\n"
             "Warning: no suitable certificate found - continuing without client authentication\n*** Certificate "
             "chain\n<Empty>\n***",
             "client-cert-missing", "server"},
        // Tongsuo#234: nginx stream; the "no required certificate" line, then a shutdown error.
        Wild{"nginx_stream_no_required_cert",
             "2022/04/26 18:27:03 [info] 109089#0: *3 client 192.168.90.14:51830 connected to 0.0.0.0:8443\n"
             "2022/04/26 18:27:03 [info] 109089#0: *3 client sent no required SSL certificate while SSL handshaking, "
             "client: 192.168.90.14, server: 0.0.0.0:8443\n"
             "2022/04/26 18:27:03 [crit] 109089#0: *3 SSL_shutdown() failed (SSL: error:14094123:SSL "
             "routines:ssl3_read_bytes:application data after close notify) while SSL handshaking, client: "
             "192.168.90.14, server: 0.0.0.0:8443",
             "client-cert-missing", "server"}),
    test_name);

// The explain defects of the newcomer report (issue 15: H3, M3, M4, M15), with its reproductions.
// H3's whole s_client pastes are samples (tests/explain/samples/s_client-full-*.txt), replayed by
// samples_test; here the line that misled the reading, alone with the alert it hid.
INSTANTIATE_TEST_SUITE_P(
    NewcomerReport, WildText,
    testing::Values(
        // H3: OpenSSL 3's chain lines carry dates; they are not Java's NotBefore/NotAfter.
        Wild{"h3_s_client_chain_dates_and_alert_48",
             "   v:NotBefore: Dec  3 17:41:49 2026 GMT; NotAfter: Jan  2 17:41:49 2027 GMT\n"
             "40F789D3E27F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown "
             "ca:../ssl/record/rec_layer_s3.c:1601:SSL alert number 48\n    Verify return code: 0 (ok)",
             "client-cert-untrusted-issuer", "server"},
        Wild{"h3_s_client_chain_dates_and_alert_40",
             "   v:NotBefore: Dec  3 17:41:49 2026 GMT; NotAfter: Jan  2 17:41:49 2027 GMT\n"
             "40675B18717F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake "
             "failure:../ssl/record/rec_layer_s3.c:1601:SSL alert number 40\n    Verify return code: 0 (ok)",
             "client-cert-missing", "server"},
        // Java's own date form still reads as Java's validity failure.
        Wild{"h3_java_not_before_still_read",
             "java.security.cert.CertificateNotYetValidException: NotBefore: Mon Jan 01 00:00:00 UTC 2030",
             "server-cert-not-yet-valid", "client"},
        // M3: Go >= 1.20's server log for a client certificate it refused.
        Wild{"m3_go_server_failed_to_verify",
             "http: TLS handshake error from 10.0.0.7:51234: tls: failed to verify certificate: x509: certificate "
             "signed by unknown authority",
             "client-cert-untrusted-issuer", "server"},
        // M4: in nginx's own log (no "to upstream", and without the ", client:" tail) an alert came
        // from the client about nginx's certificate.
        Wild{"m4_nginx_alert_43_from_client",
             "SSL_do_handshake() failed (SSL: error:0A00042A:SSL routines::tlsv1 alert unsupported "
             "certificate:SSL alert number 43) while SSL handshaking",
             "server-cert-missing-serverauth-eku", "client"},
        Wild{"m4_nginx_alert_44_from_client",
             "SSL_do_handshake() failed (SSL: error:0A00042C:SSL routines::sslv3 alert certificate "
             "revoked:SSL alert number 44) while SSL handshaking",
             "server-cert-revoked", "client"},
        // nginx as a client (to upstream) keeps the client's reading.
        Wild{"m4_nginx_upstream_alert_44",
             "SSL_do_handshake() failed (SSL: error:0A00042C:SSL routines::sslv3 alert certificate "
             "revoked:SSL alert number 44) while SSL handshaking to upstream",
             "client-cert-revoked", "server"},
        // M15: PostgreSQL's refusals, as diagnose --starttls postgres reads them.
        Wild{"m15_pg_requires_client_certificate", "FATAL:  connection requires a valid client certificate",
             "client-cert-missing", "server"},
        Wild{"m15_pg_certificate_authentication_failed", "FATAL:  certificate authentication failed for user \"app\"",
             "client-access-denied", "server"}),
    test_name);

// A client's own log naming its own ephemeral port in Go's local->remote pair stays the client's.
TEST(WildText, AClientsLocalToRemotePairIsNotAServersPeer) {
  const auto e = explainer().explain_text(
      "read tcp 10.0.0.2:54321->10.0.0.1:443: read: connection reset by peer: remote error: tls: bad certificate");
  ASSERT_TRUE(e.explained());
  EXPECT_EQ(e.writer, Writer::Unknown);
}

// A broker names the client by its address alone: the server's reading.
TEST(WildText, KafkaBrokerFailedAuthenticationIsTheServersReading) {
  const auto e = explainer().explain_text(
      "[SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication "
      "with /10.0.0.7 (SSL handshake failed)");
  ASSERT_TRUE(e.explained());
  EXPECT_EQ(explainer().report(e).verdict.rejected_by, core::Side::Server);
}

// The client words are a request's URL, not any mention of a method: a Go server's own line stays
// the server's.
TEST(WildText, AServersOwnLineWithAMethodWordStaysTheServers) {
  const auto e = explainer().explain_text(
      "http: TLS handshake error from 10.0.0.7:51234: get certificate: remote error: tls: bad certificate");
  ASSERT_TRUE(e.explained());
  EXPECT_EQ(e.writer, Writer::Server);
}

// OpenVPN Connect (329): the client refused the server's certificate; the thread's cause (an
// expired server certificate) is among the hypotheses.
TEST(WildText, OpenVpnConnectPeerVerificationFailureIsTheClientRefusing) {
  const auto e = explainer().explain_text("Peer certificate verification failure");
  ASSERT_TRUE(e.explained());
  const auto report = explainer().report(e);
  EXPECT_EQ(core::to_string(report.verdict.rejected_by), "client");
  bool expired = false;
  for (const auto& m : e.matches) {
    for (auto c : m.entry->causes) expired |= core::slug(c) == "server-cert-expired";
  }
  EXPECT_TRUE(expired);
}

TEST(WildText, TextWithoutTlsWordsStaysUnrecognised) {
  EXPECT_FALSE(explainer().explain_text("the quick brown fox jumps over the lazy dog").explained());
  EXPECT_FALSE(explainer().explain_text("HTTP/1.1 200 OK").explained());
  EXPECT_FALSE(explainer().explain_text("disk quota exceeded").explained());
}

TEST(WildText, AFallbackReadingIsPossibleAndSaysHowToConfirm) {
  const auto e = explainer().explain_text("SSL_write: Broken pipe, errno 32");
  ASSERT_TRUE(e.explained());
  const auto report = explainer().report(e);
  EXPECT_EQ(report.verdict.confidence, core::Confidence::Possible);
  ASSERT_GE(report.findings.size(), 2u);
  EXPECT_FALSE(report.findings.front().evidence["confirm"].empty());
}

TEST(WildText, TheServersLogIsSaidInTheEvidence) {
  const auto e =
      explainer().explain_text("http: TLS handshake error from 192.0.2.7:51234: remote error: tls: bad certificate");
  ASSERT_TRUE(e.explained());
  EXPECT_EQ(e.writer, Writer::Server);
  const auto report = explainer().report(e);
  EXPECT_TRUE(report.findings.front().evidence.contains("read_as"));
  // The same words from the client's end are read as written (a client's words: Writer::Client,
  // which turns only `judged-by: writer` entries).
  const auto c = explainer().explain_text("Get \"https://api:8443/\": remote error: tls: bad certificate");
  EXPECT_EQ(c.writer, Writer::Client);
  EXPECT_EQ(explainer().report(c).verdict.rejected_by, core::Side::Server);
}

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
