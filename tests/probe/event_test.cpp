// Events are an enum with typed details; the text they are shown with (the JSON "message", the
// text output's handshake table) is exactly what it has always been.
#include <gtest/gtest.h>

#include "mtlsdoctor/probe/transcript.h"

namespace mtlsdoctor::probe {
namespace {

TEST(Event, HandshakeMessagesByType) {
  EXPECT_EQ(handshake_event_kind(1), EventKind::ClientHello);
  EXPECT_EQ(handshake_event_kind(13), EventKind::CertificateRequest);
  EXPECT_EQ(handshake_event_kind(3), EventKind::OtherHandshakeMessage);
  EXPECT_EQ(describe(EventKind::ClientHello, HandshakeDetail{1, std::nullopt}), "ClientHello");
  EXPECT_EQ(describe(EventKind::OtherHandshakeMessage, HandshakeDetail{3, std::nullopt}), "HandshakeMessage");
  EXPECT_EQ(describe(EventKind::Certificate, HandshakeDetail{11, 0}), "Certificate (empty: no certificate)");
  EXPECT_EQ(describe(EventKind::Certificate, HandshakeDetail{11, 1}), "Certificate (1 certificate)");
  EXPECT_EQ(describe(EventKind::Certificate, HandshakeDetail{11, 3}), "Certificate (3 certificates)");
}

TEST(Event, AlertsSessionAndAnswers) {
  EXPECT_EQ(describe(EventKind::Alert, AlertDetail{tls::AlertLevel::Fatal, 48}), "alert fatal unknown_ca (48)");
  EXPECT_EQ(describe(EventKind::Alert, AlertDetail{tls::AlertLevel::Warning, 0}), "alert warning close_notify (0)");
  EXPECT_EQ(describe(EventKind::HandshakeComplete, SessionDetail{"TLSv1.3", "TLS_AES_256_GCM_SHA384"}),
            "handshake complete: TLSv1.3 TLS_AES_256_GCM_SHA384");
  EXPECT_EQ(describe(EventKind::Response, HttpStatusDetail{403, "Forbidden"}), "HTTP 403 Forbidden");
  EXPECT_EQ(describe(EventKind::Response, SmtpReplyDetail{250, "mail.example"}), "250 mail.example");
  EXPECT_EQ(describe(EventKind::Response, SmtpReplyDetail{220, ""}), "220 ");
  EXPECT_EQ(describe(EventKind::RequestFailed, std::monostate{}), "request not sent: the connection failed");
  EXPECT_EQ(describe(EventKind::Request, TextDetail{"GET / (78 bytes)"}), "GET / (78 bytes)");
}

TEST(Event, MakeEventKeepsKindDetailAndText) {
  const Event e = make_event(1.5, Direction::Received, Stage::Handshake, EventKind::Alert,
                             AlertDetail{tls::AlertLevel::Fatal, 116});
  EXPECT_EQ(e.kind, EventKind::Alert);
  EXPECT_EQ(e.what, "alert fatal certificate_required (116)");
  ASSERT_TRUE(std::holds_alternative<AlertDetail>(e.detail));
  EXPECT_EQ(std::get<AlertDetail>(e.detail).code, 116);
  EXPECT_EQ(e.at_ms, 1.5);
  EXPECT_EQ(to_string(e.kind), "alert");
  EXPECT_EQ(to_string(e.direction), "received");
}

}  // namespace
}  // namespace mtlsdoctor::probe
