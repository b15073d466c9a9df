// The lab's PKCS#12 files: modern and legacy encryption, passwords, the legacy provider.
#include "lab_fixture.h"

namespace mtlsdoctor::lab {
namespace {

using namespace mtlsdoctor::lab::test;
namespace fs = std::filesystem;

struct P12Algorithms {
  int mac = NID_undef;
  int cert_bag = NID_undef;
  int key_bag = NID_undef;
  int pbes2_cipher = NID_undef;
  int pbes2_prf = NID_undef;
  long pbes2_iterations = 0;
};

void note_pbes2(const X509_ALGOR* alg, P12Algorithms& out) {
  ossl::Pbe2ParamPtr pbe2{
      static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter))};
  ASSERT_TRUE(pbe2);
  out.pbes2_cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
  ossl::Pbkdf2ParamPtr kdf{
      static_cast<PBKDF2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter))};
  ASSERT_TRUE(kdf);
  out.pbes2_prf = kdf->prf ? OBJ_obj2nid(kdf->prf->algorithm) : NID_hmacWithSHA1;
  out.pbes2_iterations = ASN1_INTEGER_get(kdf->iter);
}

P12Algorithms p12_algorithms(const fs::path& p) {
  P12Algorithms out;
  auto bio = open_file(p);
  ossl::Pkcs12Ptr p12{bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr};
  EXPECT_TRUE(p12);
  if (!p12) return out;
  const X509_ALGOR* mac = nullptr;
  PKCS12_get0_mac(nullptr, &mac, nullptr, nullptr, p12.get());
  if (mac) {
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, mac);
    out.mac = OBJ_obj2nid(oid);
  }
  ossl::Pkcs7StackPtr safes{PKCS12_unpack_authsafes(p12.get())};
  for (int i = 0; safes && i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* p7 = sk_PKCS7_value(safes.get(), i);
    if (OBJ_obj2nid(p7->type) == NID_pkcs7_encrypted) {
      const X509_ALGOR* alg = p7->d.encrypted->enc_data->algorithm;
      out.cert_bag = OBJ_obj2nid(alg->algorithm);
      if (out.cert_bag == NID_pbes2) note_pbes2(alg, out);
    } else if (OBJ_obj2nid(p7->type) == NID_pkcs7_data) {
      ossl::SafeBagStackPtr bags{PKCS12_unpack_p7data(p7)};
      for (int j = 0; bags && j < sk_PKCS12_SAFEBAG_num(bags.get()); ++j) {
        const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags.get(), j);
        if (PKCS12_SAFEBAG_get_nid(bag) != NID_pkcs8ShroudedKeyBag) continue;
        const X509_ALGOR* alg = nullptr;
        X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, nullptr);
        out.key_bag = OBJ_obj2nid(alg->algorithm);
      }
    }
  }
  return out;
}

TEST_F(LabTest, ModernPkcs12OpensWithItsPasswordWithoutTheLegacyProvider) {
  const ManifestEntry& e = entry("client-p12-modern");
  const std::string password = read_text(dir() / *e.password_file);
  EXPECT_EQ(password.size(), 24u);
  EXPECT_EQ(password.find_first_not_of("0123456789abcdef"), std::string::npos);

  auto parsed = parse_p12(dir() / *e.p12, password);
  ASSERT_TRUE(parsed.has_value());
  ASSERT_TRUE(parsed->cert && parsed->key && parsed->chain);
  EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(parsed->cert.get()), parsed->key.get()), 1);
  ASSERT_EQ(sk_X509_num(parsed->chain.get()), 1);
  auto intermediate = read_certs(dir() / "client-good-chain.pem");
  ASSERT_EQ(intermediate.size(), 1u);
  EXPECT_EQ(X509_cmp(sk_X509_value(parsed->chain.get(), 0), intermediate[0].get()), 0);
  // The same certificate as the .crt written beside it.
  auto crt = read_certs(dir() / "client-p12-modern.crt");
  ASSERT_EQ(crt.size(), 1u);
  EXPECT_EQ(X509_cmp(parsed->cert.get(), crt[0].get()), 0);

  EXPECT_FALSE(parse_p12(dir() / *e.p12, password + "x").has_value());
  EXPECT_FALSE(parse_p12(dir() / *e.p12, "").has_value());

  const P12Algorithms alg = p12_algorithms(dir() / *e.p12);
  EXPECT_EQ(alg.mac, NID_sha256);
  EXPECT_EQ(alg.cert_bag, NID_pbes2);
  EXPECT_EQ(alg.key_bag, NID_pbes2);
  EXPECT_EQ(alg.pbes2_cipher, NID_aes_256_cbc);
  EXPECT_EQ(alg.pbes2_prf, NID_hmacWithSHA256);
  EXPECT_EQ(alg.pbes2_iterations, 2048);
}

TEST_F(LabTest, LegacyPkcs12OpensOnlyWithTheLegacyProvider) {
  const ManifestEntry& e = entry("client-p12-legacy");
  const std::string password = read_text(dir() / *e.password_file);
  EXPECT_EQ(password.size(), 24u);
  EXPECT_NE(password, read_text(dir() / "client-p12-modern.pass"));

  EXPECT_FALSE(parse_p12(dir() / *e.p12, password).has_value()) << "RC2 without the legacy provider";
  {
    auto scope = ossl::LegacyScope::enter();
    ASSERT_TRUE(scope.has_value()) << scope.error().describe();
    auto parsed = parse_p12(dir() / *e.p12, password);
    ASSERT_TRUE(parsed.has_value());
    ASSERT_TRUE(parsed->cert && parsed->key && parsed->chain);
    EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(parsed->cert.get()), parsed->key.get()), 1);
    EXPECT_EQ(sk_X509_num(parsed->chain.get()), 1);
    EXPECT_FALSE(parse_p12(dir() / *e.p12, password + "x").has_value());
  }

  const P12Algorithms alg = p12_algorithms(dir() / *e.p12);
  EXPECT_EQ(alg.mac, NID_sha1);
  EXPECT_EQ(alg.cert_bag, NID_pbe_WithSHA1And40BitRC2_CBC);
  EXPECT_EQ(alg.key_bag, NID_pbe_WithSHA1And3_Key_TripleDES_CBC);
}

// Issue 15, M9: a directory that holds files (the lab's own included) is refused unless the
// caller asks to overwrite (lab create --force); then the PKI is replaced.
TEST_F(LabTest, CreatingTwiceInTheSameDirectoryReplacesThePkiOnlyWhenAsked) {
  const std::string first = read_text(dir() / "client-good.crt");
  const auto refused = create(dir(), m_clock);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().category, core::ErrorCategory::Usage);
  EXPECT_EQ(read_text(dir() / "client-good.crt"), first);
  auto again = create(dir(), m_clock, Existing::Overwrite);
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(again->identities.size(), 19u);
  EXPECT_NE(read_text(dir() / "client-good.crt"), first);
  for (const auto& e : again->identities) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(verify(dir(), e), expectations().at(e.name).verify_error);
  }
}

// Speed is measured by bench/ (docs/performance.md), never asserted here: CI machines are noisy.
TEST(Lab, CreateMakesMissingParents) {
  TempDir tmp;
  const core::FixedClock clock{kNow};
  auto made = create(tmp.path() / "a" / "b", clock);
  ASSERT_TRUE(made.has_value()) << made.error().describe();
  EXPECT_TRUE(fs::is_regular_file(tmp.path() / "a" / "b" / "manifest.json"));
}

TEST(Lab, CreateReportsAnIoErrorWhenTheDirectoryCannotBeMade) {
  TempDir tmp;
  fs::create_directories(tmp.path());
  { std::ofstream(tmp.path() / "file") << "x"; }
  const core::FixedClock clock{kNow};
  auto made = create(tmp.path() / "file" / "lab", clock);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().category, core::ErrorCategory::Io);
}

}  // namespace
}  // namespace mtlsdoctor::lab
