#include "mtlsdoctor/chain/check.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "mtlsdoctor/x509/crl.h"
#include "pki.h"

namespace mtlsdoctor::chain {
namespace {

using core::FindingId;
using namespace mtlsdoctor::testing;

class ChainCheck : public ::testing::Test {
 protected:
  Node root = make(ca("Root"), nullptr);
  Node inter = make(ca("Intermediate"), &root);

  CheckOptions opts(Role role = Role::Client) {
    CheckOptions o;
    o.role = role;
    o.at = kNow;
    return o;
  }
  Trust trust() { return Trust{{root.ours}, {}, "root.pem"}; }
  Identity identity(const Node& l, std::vector<x509::Certificate> offered) {
    return Identity{l.ours, std::move(offered), std::nullopt, false, "leaf.pem", "", ""};
  }
  CheckResult run(const Identity& id, const Trust& t, const CheckOptions& o) {
    auto r = check_identity(id, t, o);
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return r ? *r : CheckResult{};
  }
  x509::Crl empty_crl(const Node& issuer) {
    ld::CrlSpec spec{kNow - 1h, kNow + 24h * 7, 1, {}};
    auto crl = ld::build_crl(spec, ld::Issuer{issuer.cert.get(), issuer.key.get()});
    EXPECT_TRUE(crl.has_value());
    return x509::Crl(crl->release(), "crl.pem");
  }
  x509::Crl revoking_crl(const Node& issuer, const Node& revoked) {
    ld::CrlSpec spec{kNow - 1h, kNow + 24h * 7, 2, {{revoked.cert.get(), kNow - 2h}}};
    auto crl = ld::build_crl(spec, ld::Issuer{issuer.cert.get(), issuer.key.get()});
    EXPECT_TRUE(crl.has_value());
    return x509::Crl(crl->release(), "crl.pem");
  }
};

TEST_F(ChainCheck, CompleteChainIsAccepted) {
  Node l = make(leaf("good"), &inter);
  auto r = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::Ok);
  EXPECT_EQ(r.report.verdict.rejected_by, core::Side::None);
  EXPECT_EQ(r.report.verdict.confidence, core::Confidence::Certain);
  EXPECT_TRUE(r.trusted);
  ASSERT_EQ(r.path.size(), 3u);
  EXPECT_TRUE(r.path[2].anchor);
  for (const auto& f : r.report.findings) EXPECT_NE(f.severity, core::Severity::Error) << slug(f.id);
}

TEST_F(ChainCheck, ExpiredLeafIsClientCertExpiredAndFineBeforeItsEnd) {
  Spec s = leaf("old");
  s.not_after = kNow - 24h * 3;
  Node l = make(s, &inter);
  auto r = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertExpired);
  EXPECT_EQ(r.report.verdict.rejected_by, core::Side::Server);
  EXPECT_EQ(r.report.findings.front().id, FindingId::ClientCertExpired);  // the cause comes first

  auto earlier = opts();
  earlier.at = kNow - 24h * 10;
  EXPECT_EQ(run(identity(l, {inter.ours}), trust(), earlier).report.verdict.cause, FindingId::Ok);
}

TEST_F(ChainCheck, ServerRoleSpeaksServerIds) {
  Spec s = leaf("localhost");
  s.eku = {ld::Purpose::ServerAuth};
  s.names = {{ld::AltName::Kind::Dns, "localhost"}};
  s.not_after = kNow - 1h;
  Node l = make(s, &inter);
  auto o = opts(Role::Server);
  o.host = "localhost";
  auto r = run(identity(l, {inter.ours}), trust(), o);
  EXPECT_EQ(r.report.verdict.cause, FindingId::ServerCertExpired);
  EXPECT_EQ(r.report.verdict.rejected_by, core::Side::Client);
}

TEST_F(ChainCheck, NotYetValidLeaf) {
  Spec s = leaf("future");
  s.not_before = kNow + 24h * 2;
  Node l = make(s, &inter);
  EXPECT_EQ(run(identity(l, {inter.ours}), trust(), opts()).report.verdict.cause, FindingId::ClientCertNotYetValid);
}

TEST_F(ChainCheck, ExpiredIntermediateIsReportedAtDepth1) {
  Spec is = ca("Old Intermediate");
  is.not_after = kNow - 24h;
  Node old_inter = make(is, &root);
  Node l = make(leaf("child"), &old_inter);
  auto r = run(identity(l, {old_inter.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientChainInvalid);
  const auto* f = r.report.find(FindingId::ClientChainInvalid);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence["depth"], 1);
  EXPECT_FALSE(r.report.has(FindingId::ClientCertExpired));
}

// The typed fields that other modules read (diagnose reads verify_code) say what the evidence
// shows: the verify code exactly where the evidence has one, the depth and the certificate.
TEST_F(ChainCheck, TypedFieldsNameTheVerifyCodeDepthAndCertificate) {
  Spec is = ca("Old Intermediate");
  is.not_after = kNow - 24h;
  Node old_inter = make(is, &root);
  Spec ls = leaf("child");
  ls.not_after = kNow - 1h;
  Node l = make(ls, &old_inter);
  auto r = run(identity(l, {old_inter.ours}), trust(), opts());
  const auto* inter_finding = r.report.find(FindingId::ClientChainInvalid);
  ASSERT_NE(inter_finding, nullptr);
  EXPECT_EQ(inter_finding->verify_code, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_EQ(inter_finding->depth, 1);
  EXPECT_EQ(inter_finding->certificate, old_inter.ours.facts().sha256_fingerprint);
  const auto* leaf_finding = r.report.find(FindingId::ClientCertExpired);
  ASSERT_NE(leaf_finding, nullptr);
  EXPECT_EQ(leaf_finding->verify_code, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_EQ(leaf_finding->depth, 0);
  EXPECT_EQ(leaf_finding->certificate, l.ours.facts().sha256_fingerprint);

  Node revoked = make(leaf("revoked"), &inter);
  Trust t = trust();
  t.crls = {revoking_crl(inter, revoked), empty_crl(root)};
  auto rr = run(identity(revoked, {inter.ours, inter.ours}), t, opts());
  const auto* rf = rr.report.find(FindingId::ClientCertRevoked);
  ASSERT_NE(rf, nullptr);
  EXPECT_FALSE(rf->verify_code) << "the evidence names no verify_error for it";
  EXPECT_EQ(rf->certificate, revoked.ours.facts().sha256_fingerprint);
  const auto* dup = rr.report.find(FindingId::ChainDuplicateCert);
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ(dup->certificate, inter.ours.facts().sha256_fingerprint);

  for (const auto* report : {&r.report, &rr.report}) {
    for (const auto& f : report->findings) {
      EXPECT_EQ(f.evidence.contains("verify_error"), f.verify_code.has_value()) << slug(f.id);
      if (f.verify_code) {
        EXPECT_EQ(f.evidence["verify_error"], *f.verify_code) << slug(f.id);
      }
      if (f.evidence.contains("depth")) {
        EXPECT_EQ(f.evidence["depth"], f.depth.value_or(-1)) << slug(f.id);
      }
      if (f.evidence.contains("sha256")) {
        EXPECT_EQ(f.evidence["sha256"], f.certificate.value_or("")) << slug(f.id);
      }
    }
  }
}

TEST_F(ChainCheck, LeafWithoutIntermediateIsChainIncompleteLikely) {
  Node l = make(leaf("alone"), &inter);
  auto r = run(identity(l, {}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientChainIncomplete);
  EXPECT_EQ(r.report.verdict.confidence, core::Confidence::Likely);
  const auto* f = r.report.find(FindingId::ClientChainIncomplete);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence["missing_issuer"], "CN=Intermediate,O=Chain Test");
  EXPECT_FALSE(r.trusted);
}

TEST_F(ChainCheck, ChainToAnotherRootIsUntrustedIssuer) {
  Node other_root = make(ca("Other Root"), nullptr);
  Node other_inter = make(ca("Other Intermediate"), &other_root);
  Node l = make(leaf("stranger"), &other_inter);
  auto r = run(identity(l, {other_inter.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(r.report.verdict.confidence, core::Confidence::Likely);
  // With the other root offered too, the chain provably ends at an untrusted root.
  auto sure = run(identity(l, {other_inter.ours, other_root.ours}), trust(), opts());
  EXPECT_EQ(sure.report.verdict.cause, FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(sure.report.verdict.confidence, core::Confidence::Certain);
}

TEST_F(ChainCheck, RekeyedCaOfTheSameNameIsUntrustedAndCertain) {
  Node impostor = make(ca("Intermediate"), &root);  // same name, other key
  Node l = make(leaf("x"), &impostor);
  Trust t{{root.ours, inter.ours}, {}, "cas.pem"};
  auto r = run(identity(l, {}), t, opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertUntrustedIssuer);
  EXPECT_EQ(r.report.verdict.confidence, core::Confidence::Certain);
}

TEST_F(ChainCheck, SelfSignedServerIsUntrusted) {
  Spec s = leaf("localhost");
  s.eku = {ld::Purpose::ServerAuth};
  Node self = make(s, nullptr);
  auto r = run(identity(self, {}), trust(), opts(Role::Server));
  EXPECT_EQ(r.report.verdict.cause, FindingId::ServerCertUntrusted);
  EXPECT_EQ(r.report.verdict.confidence, core::Confidence::Certain);
}

TEST_F(ChainCheck, UntrustedIsReportedBeforeExpiredAsOpenSslMeetsIt) {
  Node other_root = make(ca("Other Root"), nullptr);
  Spec s = leaf("both");
  s.not_after = kNow - 24h;
  Node l = make(s, &other_root);
  auto r = run(identity(l, {other_root.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertUntrustedIssuer);
  EXPECT_TRUE(r.report.has(FindingId::ClientCertExpired));  // and every other problem is still listed
}

TEST_F(ChainCheck, WrongOrderIsAWarningOnlyWhenOutOfOrder) {
  Node inter2 = make(ca("Intermediate 2"), &inter);
  Node l = make(leaf("deep"), &inter2);
  auto wrong = run(identity(l, {inter.ours, inter2.ours}), trust(), opts());
  EXPECT_TRUE(wrong.report.has(FindingId::ChainWrongOrder));
  EXPECT_EQ(wrong.report.verdict.cause, FindingId::Ok);
  auto right = run(identity(l, {inter2.ours, inter.ours}), trust(), opts());
  EXPECT_FALSE(right.report.has(FindingId::ChainWrongOrder));
}

TEST_F(ChainCheck, UnrelatedCertificateIsNamed) {
  Node stray = make(ca("Stray CA"), nullptr);
  Node l = make(leaf("x"), &inter);
  auto r = run(identity(l, {inter.ours, stray.ours}), trust(), opts());
  const auto* f = r.report.find(FindingId::ChainUnrelatedCert);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence["subject"], "CN=Stray CA,O=Chain Test");
  EXPECT_FALSE(run(identity(l, {inter.ours}), trust(), opts()).report.has(FindingId::ChainUnrelatedCert));
}

TEST_F(ChainCheck, RootIncludedAndDuplicatesAreNoted) {
  Node l = make(leaf("x"), &inter);
  auto r = run(identity(l, {inter.ours, root.ours, inter.ours}), trust(), opts());
  EXPECT_TRUE(r.report.has(FindingId::ChainRootIncluded));
  EXPECT_TRUE(r.report.has(FindingId::ChainDuplicateCert));
  EXPECT_EQ(r.report.verdict.cause, FindingId::Ok);
  auto clean = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_FALSE(clean.report.has(FindingId::ChainRootIncluded));
  EXPECT_FALSE(clean.report.has(FindingId::ChainDuplicateCert));
}

TEST_F(ChainCheck, LeafRepeatedInTheChainFileIsNotADuplicate) {
  Node l = make(leaf("x"), &inter);
  auto r = run(identity(l, {l.ours, inter.ours}), trust(), opts());
  EXPECT_FALSE(r.report.has(FindingId::ChainDuplicateCert));
  EXPECT_FALSE(r.report.has(FindingId::ChainUnrelatedCert));
}

TEST_F(ChainCheck, ExpiresSoonWarnsWithinTheWindowOnly) {
  Spec s = leaf("soon");
  s.not_after = kNow + 24h * 10;
  Node l = make(s, &inter);
  auto r = run(identity(l, {inter.ours}), trust(), opts());
  const auto* f = r.report.find(FindingId::CertExpiresSoon);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence["days_left"], 10);
  EXPECT_EQ(r.report.verdict.cause, FindingId::Ok);
  Node later = make(leaf("later"), &inter);  // 365 days
  EXPECT_FALSE(run(identity(later, {inter.ours}), trust(), opts()).report.has(FindingId::CertExpiresSoon));
}

TEST_F(ChainCheck, WithoutAnchorsTrustIsNotCheckedAndSaidSo) {
  Node l = make(leaf("x"), &inter);
  auto r = run(identity(l, {inter.ours}), Trust{}, opts());
  EXPECT_TRUE(r.report.has(FindingId::TrustNotChecked));
  EXPECT_EQ(r.report.verdict.cause, FindingId::Ok);
  EXPECT_EQ(r.report.verdict.confidence, core::Confidence::Likely);
  EXPECT_FALSE(run(identity(l, {inter.ours}), trust(), opts()).report.has(FindingId::TrustNotChecked));
}

TEST_F(ChainCheck, RevocationCheckedOnlyWithCrls) {
  Node l = make(leaf("x"), &inter);
  auto unchecked = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_TRUE(unchecked.report.has(FindingId::RevocationNotChecked));

  Trust with_crls = trust();
  with_crls.crls = {empty_crl(inter), empty_crl(root)};
  auto checked = run(identity(l, {inter.ours}), with_crls, opts());
  EXPECT_FALSE(checked.report.has(FindingId::RevocationNotChecked));
  EXPECT_FALSE(checked.report.has(FindingId::RevocationUnknown));
  EXPECT_EQ(checked.report.verdict.cause, FindingId::Ok);
}

TEST_F(ChainCheck, RevokedLeafNamesTheRevocationTime) {
  Node l = make(leaf("revoked"), &inter);
  Trust t = trust();
  t.crls = {revoking_crl(inter, l), empty_crl(root)};
  auto r = run(identity(l, {inter.ours}), t, opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertRevoked);
  const auto* f = r.report.find(FindingId::ClientCertRevoked);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence["revoked_at"], core::format_rfc3339(kNow - 2h));
}

// Issue 15, M1: OpenSSL fails a certificate whose CRL is out of date (code 12), so the peer refuses.
TEST_F(ChainCheck, ExpiredCrlIsRevocationUnknownAndRefusedAsOpenSslDoes) {
  Node l = make(leaf("x"), &inter);
  ld::CrlSpec stale{kNow - 24h * 8, kNow - 24h, 1, {}};
  auto crl = ld::build_crl(stale, ld::Issuer{inter.cert.get(), inter.key.get()});
  ASSERT_TRUE(crl.has_value());
  Trust t = trust();
  t.crls = {x509::Crl(crl->release(), "stale.crl"), empty_crl(root)};
  auto r = run(identity(l, {inter.ours}), t, opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::RevocationUnknown);
  EXPECT_EQ(r.report.verdict.rejected_by, core::Side::Server);
  const auto* f = r.report.find(FindingId::RevocationUnknown);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, core::Severity::Error);
  EXPECT_EQ(f->verify_code, X509_V_ERR_CRL_HAS_EXPIRED);
  // The server role: the client refuses.
  Spec s = leaf("localhost");
  s.eku = {ld::Purpose::ServerAuth};
  Node server = make(s, &inter);
  auto as_server = run(identity(server, {inter.ours}), t, opts(Role::Server));
  EXPECT_EQ(as_server.report.verdict.cause, FindingId::RevocationUnknown);
  EXPECT_EQ(as_server.report.verdict.rejected_by, core::Side::Client);
}

TEST_F(ChainCheck, MissingCrlForALevelIsRevocationUnknown) {
  Node l = make(leaf("x"), &inter);
  Trust t = trust();
  t.crls = {empty_crl(inter)};  // none for the root's level
  auto r = run(identity(l, {inter.ours}), t, opts());
  EXPECT_TRUE(r.report.has(FindingId::RevocationUnknown));
  EXPECT_EQ(r.report.find(FindingId::RevocationUnknown)->severity, core::Severity::Warning);
}

// Without its issuer, OpenSSL judges a CRL of the leaf's issuer with the leaf itself ("key usage
// does not include CRL signing", a bad signature, "revoked" from a CRL nobody verified): none of it
// is a fact about the leaf. Revocation is not checkable, and that is what is said.
TEST_F(ChainCheck, CrlWithoutItsIssuerIsNotJudgedWithTheLeaf) {
  Node l = make(leaf("orphan"), &inter);
  Trust t;  // no anchors, and the intermediate is not sent
  t.crls = {revoking_crl(inter, l)};
  auto r = run(identity(l, {}), t, opts());
  EXPECT_FALSE(r.report.has(FindingId::ClientChainInvalid));
  EXPECT_FALSE(r.report.has(FindingId::ClientCertRevoked));
  const auto* f = r.report.find(FindingId::RevocationUnknown);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verify_code, X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER);
  EXPECT_EQ(f->evidence["missing_issuer"], inter.ours.facts().subject.rfc4514);
  EXPECT_EQ(f->evidence["unverified_crl_lists_it"], true);
  EXPECT_EQ(f->severity, core::Severity::Warning);

  // With the issuer sent (and no anchors), the CRL verifies and the revocation is certain.
  auto with_issuer = run(identity(l, {inter.ours}), t, opts());
  EXPECT_TRUE(with_issuer.report.has(FindingId::ClientCertRevoked));
  EXPECT_FALSE(with_issuer.report.has(FindingId::ClientChainInvalid));
  // A CRL that does not list it, without the issuer: not checkable, and nothing claims it is listed.
  Trust empty;
  empty.crls = {empty_crl(inter)};
  auto unlisted = run(identity(l, {}), empty, opts());
  const auto* u = unlisted.report.find(FindingId::RevocationUnknown);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->evidence["unverified_crl_lists_it"], false);
  EXPECT_FALSE(unlisted.report.has(FindingId::ClientChainInvalid));
}

TEST_F(ChainCheck, HostnameCheckedForServersWhenGiven) {
  Spec s = leaf("localhost");
  s.eku = {ld::Purpose::ServerAuth};
  s.names = {{ld::AltName::Kind::Dns, "localhost"}, {ld::AltName::Kind::Ip, "127.0.0.1"}};
  Node l = make(s, &inter);
  auto o = opts(Role::Server);
  EXPECT_TRUE(run(identity(l, {inter.ours}), trust(), o).report.has(FindingId::HostnameNotChecked));
  o.host = "localhost";
  EXPECT_EQ(run(identity(l, {inter.ours}), trust(), o).report.verdict.cause, FindingId::Ok);
  o.host = "127.0.0.1";
  EXPECT_EQ(run(identity(l, {inter.ours}), trust(), o).report.verdict.cause, FindingId::Ok);
  o.host = "api.example";
  auto r = run(identity(l, {inter.ours}), trust(), o);
  EXPECT_EQ(r.report.verdict.cause, FindingId::ServerHostnameMismatch);
  EXPECT_FALSE(r.report.has(FindingId::HostnameNotChecked));
}

TEST_F(ChainCheck, KeyMatchMismatchAndAbsence) {
  Node l = make(leaf("x"), &inter);
  Node other = make(leaf("y"), &inter);
  auto id = identity(l, {inter.ours});
  EXPECT_TRUE(run(id, trust(), opts()).report.has(FindingId::KeyNotChecked));

  EVP_PKEY_up_ref(l.key.get());
  id.key = x509::PrivateKey(l.key.get(), "good.key", "PKCS#8");
  auto good = run(id, trust(), opts());
  EXPECT_FALSE(good.report.has(FindingId::KeyNotChecked));
  EXPECT_FALSE(good.report.has(FindingId::ClientKeyMismatch));

  EVP_PKEY_up_ref(other.key.get());
  id.key = x509::PrivateKey(other.key.get(), "other.key", "PKCS#8");
  auto bad = run(id, trust(), opts());
  EXPECT_EQ(bad.report.verdict.cause, FindingId::ClientKeyMismatch);
  EXPECT_EQ(bad.report.verdict.rejected_by, core::Side::Local);

  id.key.reset();
  id.key_expected = true;
  EXPECT_EQ(run(id, trust(), opts()).report.verdict.cause, FindingId::ClientKeyMissing);
}

TEST_F(ChainCheck, ExtendedKeyUsageMustHoldTheRolesPurpose) {
  Spec s = leaf("server-only");
  s.eku = {ld::Purpose::ServerAuth};
  Node l = make(s, &inter);
  auto r = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertMissingClientAuthEku);
  // The same certificate is fine where serverAuth is what is needed.
  auto as_server = run(identity(l, {inter.ours}), trust(), opts(Role::Server));
  EXPECT_FALSE(as_server.report.has(FindingId::ServerCertMissingServerAuthEku));
  EXPECT_EQ(as_server.report.verdict.cause, FindingId::Ok);
}

TEST_F(ChainCheck, KeyUsageWithoutDigitalSignature) {
  Spec s = leaf("enc-only");
  s.key = ld::KeyType::Rsa2048;
  s.key_usage = ld::KeyUsage{false, true, false, false};
  s.eku = {ld::Purpose::ClientAuth, ld::Purpose::ServerAuth};
  Node l = make(s, &inter);
  auto client = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_EQ(client.report.verdict.cause, FindingId::ClientCertBadKeyUsage);
  // A server may still use keyEncipherment alone with TLS 1.2 RSA key exchange: a warning.
  auto server = run(identity(l, {inter.ours}), trust(), opts(Role::Server));
  const auto* f = server.report.find(FindingId::ServerCertBadKeyUsage);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, core::Severity::Warning);
  EXPECT_EQ(server.report.verdict.cause, FindingId::Ok);
}

TEST_F(ChainCheck, WeakKeyDependsOnTheSecurityLevel) {
  Spec s = leaf("weak");
  s.key = ld::KeyType::Rsa1024;
  Node l = make(s, &inter);
  auto r = run(identity(l, {inter.ours}), trust(), opts());
  EXPECT_EQ(r.report.verdict.cause, FindingId::ClientCertWeak);
  auto lenient = opts();
  lenient.security_level = 0;
  EXPECT_EQ(run(identity(l, {inter.ours}), trust(), lenient).report.verdict.cause, FindingId::Ok);
}

}  // namespace
}  // namespace mtlsdoctor::chain
