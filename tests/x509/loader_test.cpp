// Every input format, made by the openssl CLI; the content decides, never the file name.
#include "mtlsdoctor/x509/loader.h"

#include <gtest/gtest.h>

#include "mtlsdoctor/x509/inventory.h"
#include "openssl_cli.h"

namespace mtlsdoctor::x509 {
namespace {

using mtlsdoctor::testing::OpensslDir;

PasswordProvider fixed(std::string password, int* calls = nullptr) {
  return [password, calls](std::string_view) -> core::Result<std::string> {
    if (calls) ++*calls;
    return password;
  };
}

class Loader : public ::testing::Test {
 protected:
  void SetUp() override { dir.make_pki(); }
  OpensslDir dir;
};

TEST_F(Loader, PemBlocksInAnyOrderWithTextBetween) {
  dir.sh(
      "{ echo 'Bag Attributes: junk'; openssl x509 -in leaf.pem -text; echo 'between'; cat leaf.key ca.pem; "
      "echo '-----BEGIN CERTIFICATE REQUEST-----' ; sed 1,1d leaf.csr; } > mixed.txt");
  auto b = load_file(dir / "mixed.txt", no_password());
  ASSERT_TRUE(b.has_value()) << b.error().describe();
  EXPECT_EQ(b->format, SourceFormat::Pem);
  ASSERT_EQ(b->certificates.size(), 2u);
  EXPECT_EQ(b->certificates[1].facts().subject.rfc4514, "CN=Test CA,O=X509 Test");
  ASSERT_EQ(b->keys.size(), 1u);
  EXPECT_EQ(b->keys[0].format(), "PKCS#8");
  EXPECT_TRUE(b->keys[0].matches(b->certificates[0]));
  EXPECT_FALSE(b->keys[0].matches(b->certificates[1]));
  EXPECT_EQ(b->skipped, (std::vector<std::string>{"CERTIFICATE REQUEST"}));
}

TEST_F(Loader, DerCertificateKeyAndCrlAreDetectedByContent) {
  dir.sh("openssl x509 -in leaf.pem -outform DER -out leaf.pem.txt");
  dir.sh("openssl pkey -in leaf.key -outform DER -out leaf.key.crt");
  dir.sh(
      "touch index.txt && printf '%s\\n' '[ca]' 'default_ca=c' '[c]' 'database=index.txt' 'default_md=sha256' "
      "'default_crl_days=7' > ca.cnf && openssl ca -gencrl -config ca.cnf -keyfile ca.key -cert ca.pem -out crl.pem "
      "&& openssl crl -in crl.pem -outform DER -out crl.der");
  auto cert = load_file(dir / "leaf.pem.txt", no_password());
  ASSERT_TRUE(cert.has_value()) << cert.error().describe();
  EXPECT_EQ(cert->format, SourceFormat::Der);
  EXPECT_EQ(cert->certificates.size(), 1u);
  auto key = load_file(dir / "leaf.key.crt", no_password());
  ASSERT_TRUE(key.has_value()) << key.error().describe();
  ASSERT_EQ(key->keys.size(), 1u);
  EXPECT_EQ(key->keys[0].info().type_name(), "RSA");
  EXPECT_EQ(key->keys[0].info().bits, 2048);
  auto crl = load_file(dir / "crl.der", no_password());
  ASSERT_TRUE(crl.has_value()) << crl.error().describe();
  ASSERT_EQ(crl->crls.size(), 1u);
  EXPECT_EQ(crl->crls[0].facts().issuer.rfc4514, "CN=Test CA,O=X509 Test");
  EXPECT_EQ(crl->crls[0].facts().revoked_count, 0u);
}

TEST_F(Loader, EncryptedKeysAskForThePasswordOnceAndTellAWrongOne) {
  dir.sh("openssl pkey -in leaf.key -aes256 -passout pass:s3cret -out p8.pem");
  dir.sh("openssl pkey -in leaf.key -traditional -aes128 -passout pass:s3cret -out p1.pem");
  dir.sh("openssl pkcs8 -topk8 -in leaf.key -v2 aes-256-cbc -passout pass:s3cret -outform DER -out p8.der");
  for (const char* name : {"p8.pem", "p1.pem", "p8.der"}) {
    SCOPED_TRACE(name);
    int calls = 0;
    auto ok = load_file(dir / name, fixed("s3cret", &calls));
    ASSERT_TRUE(ok.has_value()) << ok.error().describe();
    EXPECT_EQ(ok->keys.size(), 1u);
    EXPECT_EQ(calls, 1);
    auto wrong = load_file(dir / name, fixed("nope"));
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().category, core::ErrorCategory::Password);
    EXPECT_EQ(wrong.error().subject, dir / name);
    auto none = load_file(dir / name, no_password());
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().category, core::ErrorCategory::Password);
  }
  EXPECT_EQ(load_file(dir / "p8.pem", fixed("s3cret"))->keys[0].format(), "PKCS#8 (encrypted)");
  EXPECT_EQ(load_file(dir / "p1.pem", fixed("s3cret"))->keys[0].format(), "PKCS#1 RSA (encrypted, legacy PEM)");
}

TEST_F(Loader, Pkcs12ModernAndLegacyAreOpenedAndDescribed) {
  dir.sh("openssl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile ca.pem -passout pass:pw -out modern.p12");
  dir.sh(
      "openssl pkcs12 -export -legacy -in leaf.pem -inkey leaf.key -certfile ca.pem -passout pass:pw -out legacy.pfx");
  auto modern = load_file(dir / "modern.p12", fixed("pw"));
  ASSERT_TRUE(modern.has_value()) << modern.error().describe();
  EXPECT_EQ(modern->format, SourceFormat::Pkcs12);
  EXPECT_EQ(modern->certificates.size(), 2u);
  ASSERT_EQ(modern->keys.size(), 1u);
  EXPECT_TRUE(modern->keys[0].matches(modern->certificates[0]));
  ASSERT_TRUE(modern->pkcs12.has_value());
  EXPECT_FALSE(modern->pkcs12->legacy);
  EXPECT_EQ(modern->pkcs12->mac, "SHA256");
  EXPECT_NE(modern->pkcs12->certificate_encryption.find("AES-256-CBC"), std::string::npos);
  EXPECT_NE(modern->pkcs12->key_encryption.find("PBKDF2"), std::string::npos);

  auto legacy = load_file(dir / "legacy.pfx", fixed("pw"));
  ASSERT_TRUE(legacy.has_value()) << legacy.error().describe();
  EXPECT_EQ(legacy->certificates.size(), 2u);
  EXPECT_EQ(legacy->keys.size(), 1u);
  EXPECT_TRUE(legacy->pkcs12->legacy);
  EXPECT_EQ(legacy->pkcs12->mac, "SHA1");
  EXPECT_NE(legacy->pkcs12->certificate_encryption.find("RC2"), std::string::npos);

  for (const char* name : {"modern.p12", "legacy.pfx"}) {
    auto wrong = load_file(dir / name, fixed("wrong"));
    ASSERT_FALSE(wrong.has_value()) << name;
    EXPECT_EQ(wrong.error().category, core::ErrorCategory::Password) << name;
    EXPECT_NE(wrong.error().message.find("wrong password"), std::string::npos);
  }
}

TEST_F(Loader, Pkcs12WithoutPasswordNeedsNoProvider) {
  dir.sh("openssl pkcs12 -export -in leaf.pem -inkey leaf.key -passout pass: -out empty.p12");
  auto b = load_file(dir / "empty.p12", no_password());
  ASSERT_TRUE(b.has_value()) << b.error().describe();
  EXPECT_EQ(b->keys.size(), 1u);
}

TEST_F(Loader, BadInputIsAnErrorNamingTheFile) {
  dir.write("empty", "");
  dir.write("blank", "  \n\n");
  dir.write("text", "hello world\n");
  dir.write("garbage.der", std::string("\x30\x82\x01\x00garbage", 12));
  dir.sh("head -c 300 leaf.pem > truncated.pem");
  dir.sh("sed 's/^M/#/' leaf.pem > corrupt.pem");
  dir.sh("openssl req -new -key leaf.key -subj /CN=x -out only.csr");
  for (const char* name : {"empty", "blank", "text", "garbage.der", "truncated.pem", "corrupt.pem", "only.csr"}) {
    auto r = load_file(dir / name, no_password());
    ASSERT_FALSE(r.has_value()) << name;
    EXPECT_EQ(r.error().subject, dir / name);
    EXPECT_EQ(r.error().category, core::ErrorCategory::Parse) << name << ": " << r.error().describe();
  }
  auto missing = load_file(dir / "nope", no_password());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().category, core::ErrorCategory::Io);
  auto directory = load_file(dir / ".", no_password());
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error().category, core::ErrorCategory::Io);
}

TEST_F(Loader, LimitsAreEnforced) {
  LoadLimits small;
  small.max_file_bytes = 100;
  auto big = load_file(dir / "leaf.pem", no_password(), small);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().category, core::ErrorCategory::Limit);
  LoadLimits few_sans;
  few_sans.max_sans = 3;
  auto sans = load_file(dir / "leaf.pem", no_password(), few_sans);
  ASSERT_FALSE(sans.has_value());
  EXPECT_EQ(sans.error().category, core::ErrorCategory::Limit);
  EXPECT_TRUE(load_file(dir / "leaf.pem", no_password()).has_value());
}

TEST_F(Loader, InventoryGroupsChainsAndPairsKeys) {
  dir.sh("mkdir inv && cp leaf.pem leaf.key ca.pem inv/ && cp leaf.pem inv/copy.pem && echo notes > inv/README");
  auto inv = build_inventory({dir / "inv"}, no_password());
  ASSERT_TRUE(inv.has_value()) << inv.error().describe();
  ASSERT_EQ(inv->certificates.size(), 2u);  // the copy is counted, not repeated
  ASSERT_EQ(inv->chains.size(), 1u);
  ASSERT_EQ(inv->chains[0].size(), 2u);
  EXPECT_EQ(inv->cert(inv->chains[0][0]).facts().subject.values("CN").at(0), "leaf, with comma");
  EXPECT_EQ(inv->cert(inv->chains[0][1]).facts().subject.values("CN").at(0), "Test CA");
  ASSERT_EQ(inv->keys.size(), 1u);
  ASSERT_EQ(inv->keys[0].certificates.size(), 1u);
  EXPECT_EQ(inv->keys[0].certificates[0], inv->chains[0][0]);
  EXPECT_EQ(inv->not_crypto.size(), 1u);
  EXPECT_EQ(inv->duplicates[inv->chains[0][0]], 1u);
}

}  // namespace
}  // namespace mtlsdoctor::x509

namespace mtlsdoctor::x509 {
namespace {

TEST(LoaderPkcs7, CertsOnlyBundlesInPemAndDer) {
  mtlsdoctor::testing::OpensslDir dir;
  dir.make_pki();
  dir.sh("openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile ca.pem -out bundle.p7b");
  dir.sh("openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile ca.pem -outform DER -out bundle.p7c");
  for (const char* name : {"bundle.p7b", "bundle.p7c"}) {
    auto b = load_file(dir / name, no_password());
    ASSERT_TRUE(b.has_value()) << name << ": " << b.error().describe();
    EXPECT_EQ(b->certificates.size(), 2u) << name;
  }
}

}  // namespace
}  // namespace mtlsdoctor::x509
