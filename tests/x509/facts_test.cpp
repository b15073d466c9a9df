// Facts read by our light decoder, compared with what the openssl CLI prints for the same file.
#include <gtest/gtest.h>

#include "mtlsdoctor/x509/loader.h"
#include "openssl_cli.h"

namespace mtlsdoctor::x509 {
namespace {

using mtlsdoctor::testing::OpensslDir;

class Facts : public ::testing::Test {
 protected:
  void SetUp() override { dir.make_pki(); }
  const CertFacts& leaf() {
    if (!bundle) {
      auto loaded = load_file(dir / "leaf.pem", no_password());
      EXPECT_TRUE(loaded.has_value()) << loaded.error().describe();
      bundle = std::move(*loaded);
    }
    return bundle->certificates.at(0).facts();
  }
  OpensslDir dir;
  std::optional<Bundle> bundle;
};

TEST_F(Facts, NamesSerialAndFingerprintsMatchOpenssl) {
  const auto& f = leaf();
  EXPECT_EQ("subject=" + f.subject.rfc4514, dir.out("openssl x509 -in leaf.pem -noout -subject -nameopt RFC2253"));
  EXPECT_EQ("issuer=" + f.issuer.rfc4514, dir.out("openssl x509 -in leaf.pem -noout -issuer -nameopt RFC2253"));
  EXPECT_EQ("serial=" + f.serial_hex, dir.out("openssl x509 -in leaf.pem -noout -serial"));
  EXPECT_EQ("sha256 Fingerprint=" + f.sha256_fingerprint,
            dir.out("openssl x509 -in leaf.pem -noout -fingerprint -sha256"));
  EXPECT_EQ("sha1 Fingerprint=" + f.sha1_fingerprint, dir.out("openssl x509 -in leaf.pem -noout -fingerprint -sha1"));
  EXPECT_EQ(f.spki_sha256, dir.out("openssl x509 -in leaf.pem -noout -pubkey | openssl pkey -pubin -outform DER | "
                                   "openssl dgst -sha256 -binary | base64"));
  EXPECT_EQ(f.subject.values("OU"), (std::vector<std::string>{"payments", "eu"}));
  EXPECT_EQ(f.subject.values("CN"), (std::vector<std::string>{"leaf, with comma"}));
  EXPECT_FALSE(f.self_issued);
  EXPECT_EQ(f.version, 3);
}

TEST_F(Facts, ValidityMatchesOpenssl) {
  const auto& f = leaf();
  const auto end = dir.out("date -u -d \"$(openssl x509 -in leaf.pem -noout -enddate | cut -d= -f2)\" +%s");
  EXPECT_EQ(std::chrono::system_clock::to_time_t(f.not_after), std::stoll(end));
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::days>(f.not_after - f.not_before).count(), 90);
}

TEST_F(Facts, ExtensionsAreRead) {
  const auto& f = leaf();
  ASSERT_EQ(f.sans.size(), 4u);
  EXPECT_EQ(to_string(f.sans[0].type), "DNS");
  EXPECT_EQ(f.sans[0].value, "api.example");
  EXPECT_EQ(f.sans[1].value, "127.0.0.1");
  EXPECT_EQ(f.sans[2].value, "::1");
  EXPECT_EQ(to_string(f.sans[3].type), "email");
  EXPECT_TRUE(f.has_eku(KeyPurpose::ClientAuth));
  EXPECT_TRUE(f.has_eku(KeyPurpose::ServerAuth));
  EXPECT_FALSE(f.has_eku(KeyPurpose::CodeSigning));
  ASSERT_TRUE(f.key_usage.has_value());
  EXPECT_EQ(f.key_usage->names(), (std::vector<std::string>{"digitalSignature"}));
  ASSERT_TRUE(f.basic_constraints.has_value());
  EXPECT_FALSE(f.basic_constraints->ca);
  EXPECT_TRUE(f.basic_constraints->critical);
  EXPECT_EQ(f.ocsp_urls, (std::vector<std::string>{"http://ocsp.example/"}));
  EXPECT_EQ(f.ca_issuer_urls, (std::vector<std::string>{"http://ca.example/ca.der"}));
  EXPECT_EQ(f.crl_urls, (std::vector<std::string>{"http://ca.example/ca.crl"}));
  EXPECT_FALSE(f.subject_key_id.empty());
  EXPECT_EQ(f.key.type_name(), "RSA");
  EXPECT_EQ(f.key.bits, 2048);
  EXPECT_EQ(f.key.security_bits, 112);
  EXPECT_EQ(f.signature_algorithm, "ecdsa-with-SHA256");
}

TEST_F(Facts, CaFactsAndAuthorityKeyIdentifierLink) {
  auto ca = load_file(dir / "ca.pem", no_password());
  ASSERT_TRUE(ca.has_value());
  const auto& c = ca->certificates.at(0).facts();
  EXPECT_TRUE(c.is_ca());
  EXPECT_EQ(c.basic_constraints->path_length, 0);
  EXPECT_TRUE(c.self_issued);
  EXPECT_EQ(c.key.type_name(), "EC");
  EXPECT_EQ(c.key.curve, "prime256v1");
  EXPECT_EQ(c.key.bits, 256);
  EXPECT_EQ(leaf().authority_key_id, c.subject_key_id);
  EXPECT_FALSE(c.extended_key_usage.has_value());  // absent, not empty
}

TEST_F(Facts, AbsentExtensionsStayAbsent) {
  dir.sh(
      "openssl req -x509 -newkey ed25519 -nodes -keyout bare.key -out bare.pem -subj '/CN=bare' -days 1 "
      "-noenc -addext basicConstraints=CA:FALSE");
  auto b = load_file(dir / "bare.pem", no_password());
  ASSERT_TRUE(b.has_value()) << b.error().describe();
  const auto& f = b->certificates.at(0).facts();
  EXPECT_FALSE(f.key_usage.has_value());
  EXPECT_FALSE(f.extended_key_usage.has_value());
  EXPECT_TRUE(f.sans.empty());
  EXPECT_EQ(f.key.type_name(), "ED25519");
  EXPECT_EQ(f.signature_algorithm, "ED25519");
}

// What a policy matches on is typed; purposes we do not know keep their OID, in the
// certificate's order (the JSON lists them as encoded).
TEST_F(Facts, PurposesUsagesAndNamesAreTypedAndUnknownPurposesKeepTheirOid) {
  dir.sh(
      "openssl req -x509 -newkey ed25519 -nodes -keyout typed.key -out typed.pem -subj '/CN=typed' -days 1 "
      "-addext 'extendedKeyUsage=serverAuth,1.2.3.4,clientAuth' "
      "-addext 'keyUsage=critical,keyAgreement,digitalSignature' "
      "-addext 'subjectAltName=URI:spiffe://a/b,DNS:x.example,IP:10.0.0.1,email:a@b.example'");
  auto t = load_file(dir / "typed.pem", no_password());
  ASSERT_TRUE(t.has_value()) << t.error().describe();
  const auto& f = t->certificates.at(0).facts();
  ASSERT_TRUE(f.extended_key_usage.has_value());
  ASSERT_EQ(f.extended_key_usage->size(), 3u);
  EXPECT_EQ((*f.extended_key_usage)[0].purpose, KeyPurpose::ServerAuth);
  EXPECT_EQ((*f.extended_key_usage)[1].purpose, KeyPurpose::Other);
  EXPECT_EQ((*f.extended_key_usage)[1].other, "1.2.3.4");
  EXPECT_EQ((*f.extended_key_usage)[2].purpose, KeyPurpose::ClientAuth);
  EXPECT_EQ(names(*f.extended_key_usage), (std::vector<std::string>{"serverAuth", "1.2.3.4", "clientAuth"}));
  EXPECT_FALSE(f.has_eku(KeyPurpose::Any));
  ASSERT_TRUE(f.key_usage.has_value());
  EXPECT_EQ(*f.key_usage, (KeyUsageSet{KeyUsage::DigitalSignature, KeyUsage::KeyAgreement}));
  EXPECT_FALSE(f.has_key_usage(KeyUsage::KeyEncipherment));
  EXPECT_EQ(f.key_usage->names(), (std::vector<std::string>{"digitalSignature", "keyAgreement"}));  // bit order
  ASSERT_EQ(f.sans.size(), 4u);
  EXPECT_EQ(f.sans[0].type, SanType::Uri);
  EXPECT_EQ(f.sans[1].type, SanType::Dns);
  EXPECT_EQ(f.sans[2].type, SanType::Ip);
  EXPECT_EQ(f.sans[3].type, SanType::Email);
  EXPECT_EQ(f.key.type, KeyType::Ed25519);
}

}  // namespace
}  // namespace mtlsdoctor::x509
