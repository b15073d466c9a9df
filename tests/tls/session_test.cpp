// A server and a client in one process over a non-blocking socketpair, each with a
// SessionObserver: a client certificate accepted, and refused, where the server's observer holds
// the alert it sent and the client's the alert it received. Certificates from the lab's builder,
// judged at a pinned time (verify_at), never the machine's clock.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <sys/socket.h>

#include "cert_builder.h"
#include "key_factory.h"
#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/tls/context.h"
#include "mtlsdoctor/tls/names.h"
#include "mtlsdoctor/tls/peer.h"
#include "mtlsdoctor/tls/session_observer.h"

namespace mtlsdoctor::tls {
namespace {

namespace ld = lab::detail;
using namespace std::chrono_literals;

const core::TimePoint kNow = core::TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 6 / 15}};

struct Node {
  ossl::EvpPkeyPtr key;
  ossl::X509Ptr cert;
  Der der;
};

Node make(const std::string& cn, const Node* issuer, bool ca, ld::Purpose purpose = ld::Purpose::ClientAuth) {
  auto key = ld::generate_key(ld::KeyType::EcP256);
  EXPECT_TRUE(key.has_value());
  ld::CertSpec spec;
  spec.subject.organization = "TLS Test";
  spec.subject.common_name = cn;
  spec.not_before = kNow - 24h * 30;
  spec.not_after = kNow + 24h * 365;
  if (ca) {
    spec.ca = ld::CaConstraints{};
    spec.key_usage = {false, false, true, true};
  } else {
    spec.key_usage = {true, false, false, false};
    spec.extended_key_usage = {purpose};
    spec.alt_names = {{ld::AltName::Kind::Dns, "localhost"}};
  }
  std::optional<ld::Issuer> by;
  if (issuer) by = ld::Issuer{issuer->cert.get(), issuer->key.get()};
  auto cert = ld::build_certificate(spec, key->get(), by);
  EXPECT_TRUE(cert.has_value());
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert->get(), &der);
  Der out(der, der + len);
  OPENSSL_free(der);
  return Node{std::move(*key), std::move(*cert), std::move(out)};
}

struct Pki {
  Node server_ca = make("Server CA", nullptr, true);
  Node server = make("localhost", &server_ca, false, ld::Purpose::ServerAuth);
  Node client_ca = make("Client CA", nullptr, true);
  Node client = make("alice", &client_ca, false);
  Node rogue_ca = make("Rogue CA", nullptr, true);
  Node rogue = make("mallory", &rogue_ca, false);
};

const Pki& pki() {
  static const Pki p;
  return p;
}

// Both ends of one connection, driven in turns until neither can move.
struct Pair {
  core::ManualClock clock;
  SessionObserver server_seen{clock};
  SessionObserver client_seen{clock};
  net::Fd server_fd;
  net::Fd client_fd;
  ossl::SslCtxPtr server_ctx;
  ossl::SslCtxPtr client_ctx;
  ossl::SslPtr server;
  ossl::SslPtr client;
  int server_result = 0;  // SSL_do_handshake's last answer: 1 done, <= 0 failed or waiting
  int client_result = 0;

  Pair(ossl::SslCtxPtr s, ossl::SslCtxPtr c) : server_ctx(std::move(s)), client_ctx(std::move(c)) {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    server_fd.reset(fds[0]);
    client_fd.reset(fds[1]);
    server.reset(SSL_new(server_ctx.get()));
    client.reset(SSL_new(client_ctx.get()));
    SSL_set_fd(server.get(), server_fd.get());
    SSL_set_fd(client.get(), client_fd.get());
    SSL_set_accept_state(server.get());
    SSL_set_connect_state(client.get());
    server_seen.attach(server.get());
    client_seen.attach(client.get());
  }

  // One side's turn: a handshake step, judged at once (the error queue is the thread's, shared
  // by both ends, so it is emptied before each call and read right after).
  static void turn(SSL* ssl, int& result, bool& waiting) {
    if (result == 1 || !waiting) return;
    ERR_clear_error();
    result = SSL_do_handshake(ssl);
    const int e = SSL_get_error(ssl, result);
    waiting = result != 1 && (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE);
  }

  // The handshake on both sides, then (TLS 1.3: the server judges the client after the client's
  // Finished) a read on the client to take in what the server said after it.
  void run() {
    bool server_waiting = true;
    bool client_waiting = true;
    for (int round = 0; round < 50; ++round) {
      clock.advance(1ms);
      turn(server.get(), server_result, server_waiting);
      clock.advance(1ms);
      turn(client.get(), client_result, client_waiting);
    }
    if (client_result == 1) {
      char buf[16];
      for (int i = 0; i < 5; ++i) {
        ERR_clear_error();
        (void)SSL_read(client.get(), buf, sizeof buf);
      }
    }
    ERR_clear_error();
  }
};

ossl::SslCtxPtr server_ctx(TlsVersion v, ClientCertificate mode) {
  const auto& p = pki();
  auto ctx = ServerContextBuilder{}
                 .identity({{p.server.der, p.server_ca.der}, p.server.key.get()})
                 .versions(v)
                 .client_certificate(mode)
                 .client_cas({p.client_ca.der})
                 .verify_at(kNow)
                 .build();
  EXPECT_TRUE(ctx.has_value()) << (ctx ? "" : ctx.error().describe());
  return std::move(*ctx);
}

ossl::SslCtxPtr client_ctx(TlsVersion v, const Node* who) {
  ClientContextBuilder b;
  b.versions(v);
  if (who) b.identity({{who->der}, who->key.get()});
  auto ctx = b.build();
  EXPECT_TRUE(ctx.has_value()) << (ctx ? "" : ctx.error().describe());
  return std::move(*ctx);
}

const Observed* find(const SessionObserver& o, Direction d, int type) {
  for (const auto& r : o.records()) {
    if (r.kind == RecordKind::Handshake && r.direction == d && r.type == type) return &r;
  }
  return nullptr;
}

class Session : public ::testing::TestWithParam<TlsVersion> {};

TEST_P(Session, AClientCertificateIsRequestedAndAccepted) {
  Pair pair(server_ctx(GetParam(), ClientCertificate::Require), client_ctx(GetParam(), &pki().client));
  pair.run();
  ASSERT_EQ(pair.server_result, 1);
  ASSERT_EQ(pair.client_result, 1);
  EXPECT_EQ(pair.server_seen.first_alert(Direction::Sent), nullptr);
  EXPECT_EQ(pair.client_seen.first_alert(Direction::Received), nullptr);
  // Both sides saw the CertificateRequest and the client's one certificate, each its own way.
  EXPECT_NE(find(pair.server_seen, Direction::Sent, SSL3_MT_CERTIFICATE_REQUEST), nullptr);
  EXPECT_NE(find(pair.client_seen, Direction::Received, SSL3_MT_CERTIFICATE_REQUEST), nullptr);
  const auto* sent = find(pair.client_seen, Direction::Sent, SSL3_MT_CERTIFICATE);
  const auto* got = find(pair.server_seen, Direction::Received, SSL3_MT_CERTIFICATE);
  ASSERT_TRUE(sent && got);
  EXPECT_EQ(sent->certificates, 1u);
  EXPECT_EQ(got->certificates, 1u);
  EXPECT_LT(pair.client_seen.records().front().at, pair.client_seen.records().back().at);  // stamped by the clock
  EXPECT_GT(pair.client_seen.handshake_bytes_received(), 0u);
  // What each learnt of its peer: the client's chain on the server (leaf first), the server's
  // chain and CA names on the client.
  const auto client_chain = read_peer_chain(pair.server.get());
  ASSERT_EQ(client_chain.der.size(), 1u);
  EXPECT_EQ(client_chain.der[0], pki().client.der);
  const auto server_chain = read_peer_chain(pair.client.get());
  ASSERT_EQ(server_chain.der.size(), 2u);
  EXPECT_EQ(server_chain.der[0], pki().server.der);
  EXPECT_EQ(server_chain.decoded.certificates.size(), 2u);
  const auto names = read_ca_names(pair.client.get());
  EXPECT_EQ(names.rfc4514, std::vector<std::string>{"CN=Client CA,O=TLS Test"});
  EXPECT_EQ(names.der.size(), 1u);
}

TEST_P(Session, ARefusedCertificateIsTheAlertOneSentAndTheOtherReceived) {
  Pair pair(server_ctx(GetParam(), ClientCertificate::Require), client_ctx(GetParam(), &pki().rogue));
  pair.run();
  EXPECT_NE(pair.server_result, 1);
  const auto* sent = pair.server_seen.first_alert(Direction::Sent);
  const auto* received = pair.client_seen.first_alert(Direction::Received);
  ASSERT_NE(sent, nullptr);
  ASSERT_NE(received, nullptr);
  EXPECT_EQ(sent->type, SSL_AD_UNKNOWN_CA);  // 48: the issuer is none of the client CAs
  EXPECT_EQ(received->type, sent->type);
  EXPECT_EQ(alert_name(received->type), "unknown_ca");
  EXPECT_EQ(sent->level, AlertLevel::Fatal);
  EXPECT_EQ(received->level, AlertLevel::Fatal);
  EXPECT_EQ(pair.server_seen.first_alert(Direction::Received), nullptr);
  // TLS 1.3: the client had finished when the refusal came; TLS 1.2: it had not.
  EXPECT_EQ(received->phase, GetParam() == TlsVersion::Tls13 ? Phase::Established : Phase::Handshake);
}

TEST_P(Session, NoCertificateWhereOneIsRequired) {
  Pair pair(server_ctx(GetParam(), ClientCertificate::Require), client_ctx(GetParam(), nullptr));
  pair.run();
  const auto* received = pair.client_seen.first_alert(Direction::Received);
  ASSERT_NE(received, nullptr);
  // RFC 8446 §4.4.2.4 certificate_required (116); TLS 1.2 has none: OpenSSL sends handshake_failure.
  EXPECT_EQ(received->type, GetParam() == TlsVersion::Tls13 ? 116 : SSL_AD_HANDSHAKE_FAILURE);
  const auto* empty = find(pair.client_seen, Direction::Sent, SSL3_MT_CERTIFICATE);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->certificates, 0u);
}

TEST_P(Session, OptionalAcceptsNoCertificate) {
  Pair pair(server_ctx(GetParam(), ClientCertificate::Optional), client_ctx(GetParam(), nullptr));
  pair.run();
  EXPECT_EQ(pair.server_result, 1);
  EXPECT_EQ(pair.client_seen.first_alert(Direction::Received), nullptr);
  EXPECT_TRUE(read_peer_chain(pair.server.get()).der.empty());
}

// Go's RequireAnyClientCert / RequestClientCert: asked for, taken unverified (the application
// judges it), and for RequireAny a missing one still ends the handshake.
TEST_P(Session, RequireAnyTakesAnUntrustedCertificateButNotNone) {
  {
    Pair pair(server_ctx(GetParam(), ClientCertificate::RequireAny), client_ctx(GetParam(), &pki().rogue));
    pair.run();
    EXPECT_EQ(pair.server_result, 1);
    EXPECT_EQ(pair.client_seen.first_alert(Direction::Received), nullptr);
    const auto chain = read_peer_chain(pair.server.get());
    ASSERT_EQ(chain.der.size(), 1u);
    EXPECT_EQ(chain.der[0], pki().rogue.der);
  }
  Pair none(server_ctx(GetParam(), ClientCertificate::RequireAny), client_ctx(GetParam(), nullptr));
  none.run();
  EXPECT_NE(none.server_result, 1);
  const auto* received = none.client_seen.first_alert(Direction::Received);
  ASSERT_NE(received, nullptr);
  EXPECT_EQ(received->type, GetParam() == TlsVersion::Tls13 ? 116 : SSL_AD_HANDSHAKE_FAILURE);
}

TEST_P(Session, RequestAnyTakesAnUntrustedCertificateOrNone) {
  for (const Node* who : {&pki().rogue, static_cast<const Node*>(nullptr)}) {
    Pair pair(server_ctx(GetParam(), ClientCertificate::RequestAny), client_ctx(GetParam(), who));
    pair.run();
    EXPECT_EQ(pair.server_result, 1);
    EXPECT_EQ(pair.client_seen.first_alert(Direction::Received), nullptr);
    EXPECT_EQ(read_peer_chain(pair.server.get()).der.size(), who ? 1u : 0u);
    // Requested all the same: the CertificateRequest went out.
    EXPECT_NE(find(pair.server_seen, Direction::Sent, SSL3_MT_CERTIFICATE_REQUEST), nullptr);
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, Session, ::testing::Values(TlsVersion::Tls12, TlsVersion::Tls13),
                         [](const auto& info) { return info.param == TlsVersion::Tls12 ? "Tls12" : "Tls13"; });

TEST(ServerContext, CaNamesAreWhatWasAskedFor) {
  const auto& p = pki();
  for (const auto which : {CaNames::None, CaNames::Listed}) {
    auto ctx = ServerContextBuilder{}
                   .identity({{p.server.der}, p.server.key.get()})
                   .client_certificate(ClientCertificate::Require)
                   .client_cas({p.client_ca.der})
                   .ca_names(which, {p.rogue_ca.der})
                   .verify_at(kNow)
                   .build();
    ASSERT_TRUE(ctx.has_value());
    Pair pair(std::move(*ctx), client_ctx(TlsVersion::Tls13, &p.client));
    pair.run();
    const auto names = read_ca_names(pair.client.get()).rfc4514;
    if (which == CaNames::None) {
      EXPECT_TRUE(names.empty());
    } else {
      EXPECT_EQ(names, std::vector<std::string>{"CN=Rogue CA,O=TLS Test"});
    }
  }
}

TEST(ServerContext, NeedsAnIdentityAndAMatchingKey) {
  EXPECT_EQ(ServerContextBuilder{}.build().error().category, core::ErrorCategory::Usage);
  const auto& p = pki();
  auto mismatched = ServerContextBuilder{}.identity({{p.server.der}, p.client.key.get()}).build();
  ASSERT_FALSE(mismatched.has_value());
  EXPECT_EQ(mismatched.error().message, "the private key does not match the server certificate");
  auto client = ClientContextBuilder{}.identity({{p.client.der}, p.server.key.get()}).build();
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().message, "the private key does not match the client certificate");
}

}  // namespace
}  // namespace mtlsdoctor::tls
