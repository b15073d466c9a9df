// Round kb10 of tests/explain/wild: the classes of the tune part that failed on main f86a8be
// (round added-2026-12-09 first seen) and were fixed in general form (docs/explain.md, "Round
// kb10"), each with the entry's own real text.
#include <algorithm>
#include <string_view>
#include <vector>

#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb10, WildText,
    testing::Values(
        // The server's own identity in its own words: Dovecot's ssl_key that belongs to another
        // certificate (sovereign#235, 674), HAProxy's crt PEM without its key (openshift-docs#8073,
        // 675). Read before as a generic TLS failure: a client without a certificate.
        Wild{"dovecot_key_for_different_cert",
             "    dovecot: imap-login: Fatal: Can't load private ssl_key: Key is for a different cert than ssl_cert",
             "server-key-mismatch", "local"},
        Wild{"haproxy_bind_private_key_not_in_pem",
             "[ALERT] 066/154859 (49) : parsing [/var/lib/haproxy/conf/haproxy.config:120] : 'bind 127.0.0.1:10444' : "
             "unable to load SSL private key from PEM file '/etc/pki/tls/private/tls.crt'.\n[ALERT] 066/154859 (49) : "
             "parsing [/var/lib/haproxy/conf/haproxy.config:161] : 'bind 127.0.0.1:10443' : unable to load SSL "
             "private key from PEM file '/etc/pki/tls/private/tls.crt'.",
             "server-identity-unreadable", "local"},
        // No trust store, in explicit words: OTP 26's option check for verify_peer without CA
        // certificates (rabbitmq-server#10439, 682). Before: no verdict.
        Wild{"erlang_shovel_verify_peer_without_cacerts",
             "[error] <0.1484.0> Shovel 'shovel-test' failed to connect (URI: amqps://rmq1): "
             "{options,incompatible,[{verify,verify_peer},{cacerts,undefined}]}",
             "client-trust-anchor-missing", "local"}),
    test_name);

// Words that do not decide: a client's bare "certificate verify failed" / "unknown authority" /
// PKIX words are the same for a server certificate the client does not trust and for a client
// with no CA store at all (no bundle in the image, a CA option the library ignores). The reading
// stays the likelier one (server-cert-untrusted, rejected by the client that wrote the text) and
// ranks the missing store among the candidates, with its own settling commands; read in a server's
// log, the client's store is not a candidate.
struct Undecided {
  const char* name;
  const char* text;
};

inline void PrintTo(const Undecided& u, std::ostream* os) {
  *os << u.name;
}

class UndecidedWords : public testing::TestWithParam<Undecided> {};

std::vector<core::FindingId> candidates(std::string_view text) {
  const auto report = explainer().report(explainer().explain_text(text));
  std::vector<core::FindingId> out;
  for (const auto& f : report.findings) out.push_back(f.id);
  return out;
}

bool has(const std::vector<core::FindingId>& ids, core::FindingId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST_P(UndecidedWords, RankTheMissingStoreAfterTheUntrustedServer) {
  const auto& u = GetParam();
  const auto e = explainer().explain_text(u.text);
  ASSERT_TRUE(e.explained()) << u.text;
  const auto report = explainer().report(e);
  EXPECT_EQ(report.verdict.cause, core::FindingId::ServerCertUntrusted) << u.text;
  EXPECT_EQ(core::to_string(report.verdict.rejected_by), "client") << u.text;
  EXPECT_TRUE(has(candidates(u.text), core::FindingId::ClientTrustAnchorMissing)) << u.text;
}

INSTANTIATE_TEST_SUITE_P(
    RoundKb10, UndecidedWords,
    testing::Values(
        // Ruby 1.9 without a CA bundle (mtgox#6, 602).
        Undecided{"ruby_ssl_connect_verify_failed_no_bundle",
                  "/opt/ruby19/lib/ruby/1.9.1/net/http.rb:799:in `connect': SSL_connect \n  returned=1 errno=0 "
                  "state=SSLv3 read server certificate B: \n  certificate verify failed "
                  "(Faraday::Error::ConnectionFailed)"},
        // librdkafka on macOS with no ssl.ca.location (confluent-kafka-go, 472).
        Undecided{"librdkafka_macos_no_ca_location",
                  "1/1 brokers are down\nsasl_ssl://MYSERVER:9092/bootstrap: SSL handshake failed: s3_clnt.c:1269: "
                  "error:14090086:SSL routines:ssl3_get_server_certificate:certificate verify failed:  (after 84ms "
                  "in state CONNECT)"},
        // A Java launcher with an old keystore (398).
        Undecided{"java_pkix_old_keystore",
                  "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification "
                  "path to requested target"},
        // Go: a CA the configuration never handed to the TLS config (redpanda console#104, 656).
        Undecided{"go_unknown_authority_ca_not_configured",
                  "\"Failed to connect to broker kafka-0:19092: x509: certificate signed by unknown authority\""},
        // Python: REQUESTS_CA_BUNDLE overriding the client's ca_cert (docker-py#2672, 681).
        Undecided{"python_requests_ca_bundle_overrides",
                  "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
                  "certificate"}),
    [](const testing::TestParamInfo<Undecided>& info) { return std::string(info.param.name); });

TEST(UndecidedWordsInAServersLog, DoNotNameTheClientsStore) {
  // Go's server judging the client: the unknown authority is the client's issuer, and the
  // client's own CA store plays no part.
  const auto ids = candidates(
      "http: TLS handshake error from 192.0.2.7:51234: tls: failed to verify certificate: x509: certificate "
      "signed by unknown authority");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), core::FindingId::ClientCertUntrustedIssuer);
  EXPECT_FALSE(has(ids, core::FindingId::ClientTrustAnchorMissing));
}

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
