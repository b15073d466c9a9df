#include "mtlsdoctor/core/finding.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "mtlsdoctor/core/report.h"

namespace mtlsdoctor::core {
namespace {

TEST(FindingIds, SlugsAreUniqueAndRoundTrip) {
  std::set<std::string_view> seen;
  for (auto id : all_finding_ids()) {
    EXPECT_TRUE(seen.insert(slug(id)).second) << slug(id);
    EXPECT_EQ(finding_from_slug(slug(id)), id);
    EXPECT_FALSE(title(id).empty());
  }
  EXPECT_FALSE(finding_from_slug("no-such-cause").has_value());
}

// The public vocabulary of ../shared/DIAGNOSES.md: every id is there, with its side.
TEST(FindingIds, HoldTheWholeDiagnosesVocabulary) {
  const std::pair<const char*, Side> expected[] = {{"dns-failure", Side::Network},
                                                   {"connection-refused", Side::Network},
                                                   {"connection-timeout", Side::Network},
                                                   {"connection-reset", Side::Network},
                                                   {"not-tls", Side::Network},
                                                   {"protocol-version-mismatch", Side::Negotiation},
                                                   {"no-shared-cipher", Side::Negotiation},
                                                   {"sni-required", Side::Negotiation},
                                                   {"server-cert-untrusted", Side::Client},
                                                   {"server-chain-incomplete", Side::Client},
                                                   {"server-cert-expired", Side::Client},
                                                   {"server-cert-not-yet-valid", Side::Client},
                                                   {"server-hostname-mismatch", Side::Client},
                                                   {"server-cert-revoked", Side::Client},
                                                   {"server-cert-missing-serverauth-eku", Side::Client},
                                                   {"server-cert-bad-key-usage", Side::Client},
                                                   {"server-cert-weak", Side::Client},
                                                   {"client-cert-missing", Side::Server},
                                                   {"client-cert-untrusted-issuer", Side::Server},
                                                   {"client-chain-incomplete", Side::Server},
                                                   {"client-cert-expired", Side::Server},
                                                   {"client-cert-not-yet-valid", Side::Server},
                                                   {"client-cert-missing-clientauth-eku", Side::Server},
                                                   {"client-cert-bad-key-usage", Side::Server},
                                                   {"client-cert-revoked", Side::Server},
                                                   {"client-cert-weak", Side::Server},
                                                   {"client-access-denied", Side::Server},
                                                   {"client-cert-rejected", Side::Server},
                                                   {"client-key-mismatch", Side::Local},
                                                   {"client-key-missing", Side::Local},
                                                   {"client-identity-unreadable", Side::Local},
                                                   {"clock-skew", Side::Local},
                                                   {"ok", Side::None},
                                                   {"mtls-not-requested", Side::None}};
  for (const auto& [name, side] : expected) {
    auto id = finding_from_slug(name);
    ASSERT_TRUE(id.has_value()) << name;
    EXPECT_EQ(refusing_side(*id), side) << name;
  }
}

// Ids added for explain's reading of real texts (docs/finding-ids.md): their side and role. All
// are failures to agree, not refusals of a certificate: a server without RFC 5746, OpenVPN's
// control-channel key (tls-auth / tls-crypt) differing between the ends, and a server asking for
// the client certificate after the TLS 1.3 handshake of a client that did not offer it.
TEST(FindingIds, NegotiationFailuresOfExplainsReading) {
  for (const auto& [name, expected] :
       {std::pair{"server-no-secure-renegotiation", FindingId::ServerNoSecureRenegotiation},
        std::pair{"tls-auth-key-mismatch", FindingId::TlsAuthKeyMismatch},
        std::pair{"post-handshake-auth-unsupported", FindingId::PostHandshakeAuthUnsupported}}) {
    const auto id = finding_from_slug(name);
    ASSERT_TRUE(id.has_value()) << name;
    EXPECT_EQ(*id, expected) << name;
    EXPECT_EQ(refusing_side(*id), Side::Negotiation) << name;
    EXPECT_FALSE(counterpart(*id)) << name;
    EXPECT_FALSE(is_success(*id)) << name;
  }
}

TEST(FindingIds, CounterpartIsAnInvolutionBetweenTheRoles) {
  int paired = 0;
  for (auto id : all_finding_ids()) {
    const auto other = counterpart(id);
    if (!other) continue;
    ++paired;
    EXPECT_NE(*other, id) << slug(id);
    EXPECT_EQ(counterpart(*other), id) << slug(id);
    // One judged by a server, the other by a client; or both local (a key that does not match).
    const auto sides = std::set{refusing_side(id), refusing_side(*other)};
    EXPECT_TRUE(sides == (std::set{Side::Server, Side::Client}) || sides == std::set{Side::Local}) << slug(id);
    EXPECT_EQ(slug(id).substr(0, 6) == "client", slug(*other).substr(0, 6) == "server") << slug(id);
  }
  EXPECT_EQ(paired, 20);
  EXPECT_EQ(counterpart(FindingId::ClientCertExpired), FindingId::ServerCertExpired);
  EXPECT_EQ(counterpart(FindingId::ServerCertUntrusted), FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(counterpart(FindingId::ClientKeyMismatch), FindingId::ServerKeyMismatch);
  EXPECT_FALSE(counterpart(FindingId::ServerHostnameMismatch));
  EXPECT_FALSE(counterpart(FindingId::ClientAccessDenied));
  EXPECT_FALSE(counterpart(FindingId::ClientKeyMissing));
  EXPECT_FALSE(counterpart(FindingId::Ok));
}

TEST(FindingIds, SuccessIsExactlyOkAndMtlsNotRequested) {
  std::set<std::string_view> successes;
  for (auto id : all_finding_ids()) {
    if (is_success(id)) successes.insert(slug(id));
  }
  EXPECT_EQ(successes, (std::set<std::string_view>{"ok", "mtls-not-requested"}));
}

// OpenSSL's verify_chain order, local problems first; a fault and its counterpart share a rank.
TEST(FindingIds, RankFollowsOpenSslVerifyOrder) {
  const FindingId order[] = {FindingId::ClientKeyMismatch,
                             FindingId::ClientKeyMissing,
                             FindingId::ClientCertUntrustedIssuer,
                             FindingId::ClientChainIncomplete,
                             FindingId::ClientCertMissingClientAuthEku,
                             FindingId::ClientCertBadKeyUsage,
                             FindingId::ClientChainInvalid,
                             FindingId::ClientCertWeak,
                             FindingId::ServerHostnameMismatch,
                             FindingId::ClientCertRevoked,
                             FindingId::ClientCertExpired,
                             FindingId::ClientCertNotYetValid};
  for (std::size_t i = 1; i < std::size(order); ++i) {
    EXPECT_LT(rank(order[i - 1]), rank(order[i])) << slug(order[i - 1]) << " before " << slug(order[i]);
  }
  int ranked = 0;
  for (auto id : all_finding_ids()) {
    if (const auto other = counterpart(id)) {
      EXPECT_EQ(rank(id), rank(*other)) << slug(id);
    }
    if (rank(id) <= rank(FindingId::ClientCertNotYetValid)) ++ranked;
  }
  EXPECT_EQ(ranked, 22);  // the 12 above and the server counterparts of 10 of them
  // Unranked ids tie with each other, after every ranked one.
  EXPECT_EQ(rank(FindingId::ClientAccessDenied), rank(FindingId::Ok));
  EXPECT_GT(rank(FindingId::ClientAccessDenied), rank(FindingId::ServerCertNotYetValid));
}

TEST(Report, SortPutsTheCauseFirstThenBySeverity) {
  Report r;
  r.findings = {Finding::make(FindingId::RevocationNotChecked, Subject::Revocation, "w"),
                Finding::make(FindingId::KeyNotChecked, Subject::Key, "i"),
                Finding::make(FindingId::ClientCertWeak, Subject::ClientCert, "e1"),
                Finding::make(FindingId::ClientCertExpired, Subject::ClientCert, "e2")};
  r.verdict.cause = FindingId::ClientCertExpired;
  sort_findings(r);
  ASSERT_EQ(r.findings.size(), 4u);
  EXPECT_EQ(r.findings[0].id, FindingId::ClientCertExpired);
  EXPECT_EQ(r.findings[1].id, FindingId::ClientCertWeak);
  EXPECT_EQ(r.findings[2].id, FindingId::RevocationNotChecked);
  EXPECT_EQ(r.findings[3].id, FindingId::KeyNotChecked);
  EXPECT_TRUE(r.has(FindingId::KeyNotChecked));
  EXPECT_FALSE(r.has(FindingId::Ok));
}

}  // namespace
}  // namespace mtlsdoctor::core
