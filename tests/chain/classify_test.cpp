// The classification of verification errors on its own: numbers and shape in, id out.
#include "classify.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

namespace mtlsdoctor::chain::detail {
namespace {

using core::Confidence;
using core::FindingId;
using core::Subject;

const ChainShape kAnchored{true, false, false};

FindingId id_of(int code, int depth, Role role, const ChainShape& shape = kAnchored) {
  const auto c = classify(code, depth, role, shape);
  EXPECT_TRUE(c.has_value()) << code << " at " << depth;
  return c ? c->id : FindingId::Ok;
}

TEST(Classify, ValidityOfTheLeafIsTheRolesOwnIdAndOfACaTheChains) {
  EXPECT_EQ(id_of(X509_V_ERR_CERT_HAS_EXPIRED, 0, Role::Client), FindingId::ClientCertExpired);
  EXPECT_EQ(id_of(X509_V_ERR_CERT_HAS_EXPIRED, 0, Role::Server), FindingId::ServerCertExpired);
  EXPECT_EQ(id_of(X509_V_ERR_CERT_NOT_YET_VALID, 0, Role::Client), FindingId::ClientCertNotYetValid);
  EXPECT_EQ(id_of(X509_V_ERR_CERT_HAS_EXPIRED, 1, Role::Client), FindingId::ClientChainInvalid);
  EXPECT_EQ(id_of(X509_V_ERR_CERT_NOT_YET_VALID, 2, Role::Server), FindingId::ServerChainInvalid);
  const auto leaf = classify(X509_V_ERR_CERT_HAS_EXPIRED, 0, Role::Server, kAnchored);
  ASSERT_TRUE(leaf);
  EXPECT_EQ(leaf->subject, Subject::ServerCert);
  EXPECT_EQ(leaf->fault, Fault::Validity);
  EXPECT_EQ(classify(X509_V_ERR_CERT_HAS_EXPIRED, 1, Role::Server, kAnchored)->subject, Subject::Chain);
}

TEST(Classify, RevokedWeakAndOtherFollowTheDepth) {
  EXPECT_EQ(id_of(X509_V_ERR_CERT_REVOKED, 0, Role::Client), FindingId::ClientCertRevoked);
  EXPECT_EQ(id_of(X509_V_ERR_CERT_REVOKED, 1, Role::Client), FindingId::ClientChainInvalid);
  EXPECT_EQ(id_of(X509_V_ERR_EE_KEY_TOO_SMALL, 0, Role::Server), FindingId::ServerCertWeak);
  EXPECT_EQ(classify(X509_V_ERR_CA_MD_TOO_WEAK, 1, Role::Client, kAnchored)->subject, Subject::Chain);
  EXPECT_EQ(id_of(X509_V_ERR_CERT_SIGNATURE_FAILURE, 0, Role::Client), FindingId::ClientChainInvalid);
  EXPECT_EQ(classify(X509_V_ERR_CERT_SIGNATURE_FAILURE, 0, Role::Client, kAnchored)->fault, Fault::Other);
}

TEST(Classify, HostnameBelongsToTheServerRole) {
  const auto c = classify(X509_V_ERR_HOSTNAME_MISMATCH, 0, Role::Server, kAnchored);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, FindingId::ServerHostnameMismatch);
  EXPECT_EQ(c->subject, Subject::ServerCert);
  EXPECT_EQ(id_of(X509_V_ERR_IP_ADDRESS_MISMATCH, 0, Role::Server), FindingId::ServerHostnameMismatch);
}

TEST(Classify, TheLeafsPurposeIsLeftToItsExtensions) {
  EXPECT_FALSE(classify(X509_V_ERR_INVALID_PURPOSE, 0, Role::Client, kAnchored));
  EXPECT_EQ(id_of(X509_V_ERR_INVALID_PURPOSE, 1, Role::Client), FindingId::ClientChainInvalid);
}

TEST(Classify, MissingIssuerOfTheLeafIsAnIncompleteChainLikely) {
  const auto c = classify(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0, Role::Client, kAnchored);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, FindingId::ClientChainIncomplete);
  EXPECT_EQ(c->fault, Fault::Incomplete);
  EXPECT_EQ(c->confidence, Confidence::Likely);
  EXPECT_EQ(id_of(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, 0, Role::Server), FindingId::ServerChainIncomplete);
}

TEST(Classify, UntrustedIsCertainOnlyWhenNoMissingIntermediateLooksTheSame) {
  // Above the leaf, a further missing intermediate would look the same: likely.
  const auto above = classify(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1, Role::Client, kAnchored);
  ASSERT_TRUE(above);
  EXPECT_EQ(above->id, FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(above->confidence, Confidence::Likely);
  // A self-signed top, or a trusted CA of the missing issuer's name (re-keyed): certain.
  const auto self = classify(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, 1, Role::Server, kAnchored);
  ASSERT_TRUE(self);
  EXPECT_EQ(self->id, FindingId::ServerCertUntrusted);
  EXPECT_EQ(self->confidence, Confidence::Certain);
  EXPECT_EQ(self->subject, Subject::ServerCert);
  EXPECT_EQ(classify(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, 0, Role::Client, kAnchored)->id,
            FindingId::ClientCertUntrustedIssuer);
  const auto rekeyed = classify(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0, Role::Client, {true, false, true});
  ASSERT_TRUE(rekeyed);
  EXPECT_EQ(rekeyed->id, FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(rekeyed->confidence, Confidence::Certain);
}

TEST(Classify, TrustIsReportedOnceAndOnlyWithAnchors) {
  EXPECT_FALSE(classify(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0, Role::Client, {false, false, false}));
  EXPECT_FALSE(classify(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, 1, Role::Client, {true, true, false}));
  EXPECT_TRUE(is_trust_error(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT));
  EXPECT_FALSE(is_trust_error(X509_V_ERR_CERT_HAS_EXPIRED));
}

TEST(Classify, CrlGapsUnlessTheLevelWasNeverReached) {
  const auto gap = classify(X509_V_ERR_UNABLE_TO_GET_CRL, 1, Role::Client, kAnchored);
  ASSERT_TRUE(gap);
  EXPECT_EQ(gap->id, FindingId::RevocationUnknown);
  EXPECT_EQ(gap->subject, Subject::Revocation);
  // Without a trusted path the CRLs of the missing levels cannot be found: no second finding.
  EXPECT_FALSE(classify(X509_V_ERR_UNABLE_TO_GET_CRL, 1, Role::Client, {true, true, false}));
  // A stale CRL is a gap whatever the path.
  EXPECT_EQ(id_of(X509_V_ERR_CRL_HAS_EXPIRED, 0, Role::Client, {true, true, false}), FindingId::RevocationUnknown);
}

}  // namespace
}  // namespace mtlsdoctor::chain::detail
