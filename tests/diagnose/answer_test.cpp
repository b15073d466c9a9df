// How a service's own answer after TLS becomes the verdict, from transcripts made by hand: the
// cases a live PostgreSQL or SMTP server cannot easily be made to produce (localized messages,
// a full server, an SMTP refusal over TLS).
#include <gtest/gtest.h>

#include "mtlsdoctor/diagnose/diagnose.h"

namespace mtlsdoctor::diagnose {
namespace {

probe::Transcript after_tls(std::size_t certificates_sent) {
  probe::Transcript t;
  t.target = "db.example:5432";
  t.starttls = probe::StartTls::Postgres;
  t.handshake_done = true;
  t.certificate_requested = true;
  t.client_certificates_sent = certificates_sent;
  t.client_certificate_message = true;
  return t;
}

probe::Transcript postgres_error(std::size_t certificates_sent, std::string sqlstate, std::string message) {
  auto t = after_tls(certificates_sent);
  probe::PostgresAnswer pg;
  pg.user = "mtls-doctor";
  pg.database = "mtls-doctor";
  pg.error = probe::PostgresError{"FATAL", std::move(sqlstate), std::move(message), "", ""};
  t.postgres = pg;
  return t;
}

core::Report judge(const probe::Transcript& t) {
  const Inputs in{t, std::nullopt, {}, {}, "", core::TimePoint{std::chrono::seconds{1'800'000'000}}, 2};
  auto r = diagnose(in);
  EXPECT_TRUE(r.has_value());
  return r ? *r : core::Report{};
}

// Class 28 refusals: the English text makes the cause certain; under another lc_messages the
// text cannot be matched and the SQLSTATE with what was sent still names it, less surely.
TEST(PostgresAnswer, Class28IsReadFromTheTextThenFromTheSqlstate) {
  struct Case {
    std::size_t sent;
    std::string message;
    core::FindingId cause;
    core::Confidence confidence;
  };
  const std::vector<Case> cases = {
      {0, "connection requires a valid client certificate", core::FindingId::ClientCertMissing,
       core::Confidence::Certain},
      {0, "no pg_hba.conf entry for host \"10.0.0.1\", user \"u\", database \"d\", SSL encryption",
       core::FindingId::ClientAccessDenied, core::Confidence::Certain},
      {2, "certificate authentication failed for user \"u\"", core::FindingId::ClientAccessDenied,
       core::Confidence::Certain},
      // lc_messages = de_DE
      {0, "Verbindung erfordert ein gültiges Client-Zertifikat", core::FindingId::ClientCertMissing,
       core::Confidence::Likely},
      {2, "Zertifikatauthentifizierung für Benutzer »x« fehlgeschlagen", core::FindingId::ClientAccessDenied,
       core::Confidence::Likely},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    const auto r = judge(postgres_error(c.sent, "28000", c.message));
    EXPECT_EQ(r.verdict.cause, c.cause);
    EXPECT_EQ(r.verdict.rejected_by, core::Side::Server);
    EXPECT_EQ(r.verdict.confidence, c.confidence);
    EXPECT_EQ(r.findings.front().evidence["server_response"], "PostgreSQL FATAL 28000 " + c.message);
  }
}

TEST(PostgresAnswer, OtherClassesAreTheServiceNotTheCertificate) {
  for (const auto& [state, text] : {std::pair{"53300", "sorry, too many clients already"},
                                    std::pair{"57P03", "the database system is starting up"}}) {
    const auto r = judge(postgres_error(2, state, text));
    EXPECT_EQ(r.verdict.cause, core::FindingId::ServiceRefused) << state;
    EXPECT_EQ(r.verdict.rejected_by, core::Side::Server);
    EXPECT_EQ(r.findings.front().evidence["sqlstate"], state);
  }
}

TEST(PostgresAnswer, AnAuthenticationRequestMeansAccepted) {
  auto t = after_tls(2);
  probe::PostgresAnswer pg;
  pg.authentication = 10;
  pg.sasl_mechanisms = "SCRAM-SHA-256";
  t.postgres = pg;
  EXPECT_EQ(judge(t).verdict.cause, core::FindingId::Ok);
  // Whatever follows AuthenticationOk is past the certificate.
  pg.authentication = 0;
  pg.error = probe::PostgresError{"FATAL", "28000", "role \"x\" does not exist", "", ""};
  t.postgres = pg;
  EXPECT_EQ(judge(t).verdict.cause, core::FindingId::Ok);
}

TEST(PostgresAnswer, ATls13AlertBeforeAnyMessageStillDecides) {
  auto t = after_tls(2);
  t.postgres = probe::PostgresAnswer{};
  t.alerts.push_back({probe::Direction::Received, true, 116, "certificate_required", true, 5});
  t.error = probe::TransportError::TlsError;
  t.stopped_at = probe::Stage::Response;
  EXPECT_EQ(judge(t).verdict.cause, core::FindingId::ClientCertMissing);
}

TEST(SmtpAnswer, TwoHundredsAcceptAndTheRestRefuse) {
  auto t = after_tls(2);
  t.starttls = probe::StartTls::Smtp;
  t.smtp = probe::SmtpReply{250, {"mail.example", "PIPELINING"}};
  EXPECT_EQ(judge(t).verdict.cause, core::FindingId::Ok);
  t.smtp = probe::SmtpReply{554, {"5.7.1 client certificate not allowed"}};
  const auto r = judge(t);
  EXPECT_EQ(r.verdict.outcome, core::Outcome::Failed);
  EXPECT_EQ(r.verdict.rejected_by, core::Side::Server);
}

}  // namespace
}  // namespace mtlsdoctor::diagnose
