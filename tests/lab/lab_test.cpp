#include "lab_fixture.h"

namespace mtlsdoctor::lab {
namespace {

using namespace mtlsdoctor::lab::test;
namespace fs = std::filesystem;

TEST_F(LabTest, ManifestListsTheNineteenIdentitiesWithTheirExpectedVerdicts) {
  ASSERT_EQ(m_manifest.identities.size(), 19u);
  ASSERT_EQ(expectations().size(), 19u);
  for (const auto& e : m_manifest.identities) {
    SCOPED_TRACE(e.name);
    auto it = expectations().find(e.name);
    ASSERT_NE(it, expectations().end());
    EXPECT_EQ(e.expected_cause, it->second.cause);
    EXPECT_EQ(e.expected_rejected_by, it->second.rejected_by);
    EXPECT_EQ(e.role, e.name.starts_with("client-") ? "client" : "server");
    EXPECT_FALSE(e.description.empty());
    if (e.role == "client") {
      EXPECT_EQ(e.cacert, "client-ca.pem");
      EXPECT_EQ(e.crl, "client-crl.pem");
      EXPECT_FALSE(e.host);
    } else {
      EXPECT_EQ(e.cacert, "server-ca.pem");
      EXPECT_EQ(e.host, "localhost");
      EXPECT_FALSE(e.crl);
    }
    const bool p12 = e.name.starts_with("client-p12-");
    EXPECT_EQ(e.p12.has_value(), p12);
    EXPECT_EQ(e.password_file.has_value(), p12);
    EXPECT_EQ(e.cert.has_value(), !p12);
    EXPECT_EQ(e.key.has_value(), !p12);
    const bool chainless = p12 || e.name.ends_with("-no-intermediate") || e.name == "server-untrusted";
    EXPECT_EQ(e.chain.has_value(), !chainless);
  }
}

TEST_F(LabTest, ManifestFileHasTheDocumentedShape) {
  const auto json = nlohmann::ordered_json::parse(read_text(dir() / "manifest.json"));
  EXPECT_EQ(json, to_json(m_manifest));
  std::vector<std::string> top;
  for (const auto& [k, v] : json.items()) top.push_back(k);
  EXPECT_EQ(top, (std::vector<std::string>{"generator", "created", "identities"}));
  EXPECT_EQ(json["generator"], "mtls-doctor lab");
  EXPECT_EQ(json["created"], "2026-01-15T12:34:56Z");

  std::vector<std::string> keys;
  for (const auto& [k, v] : json["identities"][0].items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "role", "description", "cert", "key", "chain", "cacert", "crl",
                                            "expected"}));
  EXPECT_EQ(json["identities"][0]["expected"], (nlohmann::ordered_json{{"cause", "ok"}, {"rejected_by", "none"}}));
  keys.clear();
  for (const auto& [k, v] : json["identities"][12].items()) keys.push_back(k);
  EXPECT_EQ(json["identities"][12]["name"], "client-p12-modern");
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "role", "description", "p12", "password_file", "cacert", "crl",
                                            "expected"}));
  keys.clear();
  for (const auto& [k, v] : json["identities"][14].items()) keys.push_back(k);
  EXPECT_EQ(json["identities"][14]["name"], "server-good");
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "role", "description", "cert", "key", "chain", "cacert", "host",
                                            "expected"}));
}

TEST_F(LabTest, EveryFileTheManifestNamesExists) {
  for (const auto& e : m_manifest.identities) {
    for (const auto& file : {e.cert, e.key, e.chain, e.p12, e.password_file, e.cacert, e.crl}) {
      if (file) {
        EXPECT_TRUE(fs::is_regular_file(dir() / *file)) << e.name << ": " << *file;
      }
    }
  }
  EXPECT_TRUE(fs::is_regular_file(dir() / "other-ca.pem"));
  for (const auto& entry : fs::directory_iterator(dir())) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST_F(LabTest, SecretsAreReadableByTheOwnerOnly) {
  for (const auto& e : m_manifest.identities) {
    for (const auto& file : {e.key, e.p12, e.password_file}) {
      if (!file) continue;
      struct stat st {};
      ASSERT_EQ(::stat((dir() / *file).c_str(), &st), 0);
      EXPECT_EQ(st.st_mode & 0777, 0600u) << *file;
    }
  }
}

TEST_F(LabTest, EachIdentityFailsOpenSslVerificationWithExactlyItsFault) {
  for (const auto& e : m_manifest.identities) {
    SCOPED_TRACE(e.name);
    const int expected = expectations().at(e.name).verify_error;
    const int got = verify(dir(), e);
    EXPECT_EQ(got, expected) << X509_verify_cert_error_string(got) << " instead of "
                             << X509_verify_cert_error_string(expected);
  }
}

TEST_F(LabTest, EachIdentityPassesOnceItsFaultIsTakenAway) {
  for (const auto& e : m_manifest.identities) {
    SCOPED_TRACE(e.name);
    const int got = verify(dir(), e, without_fault(dir(), e));
    EXPECT_EQ(got, X509_V_OK) << X509_verify_cert_error_string(got);
  }
}

TEST_F(LabTest, MovedClockAlsoShowsTheValidityFaults) {
  // Sanity of the moved clocks above: the good leaf is not valid at either of them.
  Checks back;
  back.at = kNow - kMoveBack;
  back.tolerate_crl_time = true;
  EXPECT_EQ(verify(dir(), entry("client-good"), back), X509_V_ERR_CERT_NOT_YET_VALID);
  Checks ahead;
  ahead.at = kNow + kMoveAhead;
  ahead.tolerate_crl_time = true;
  EXPECT_EQ(verify(dir(), entry("client-good"), ahead), X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST_F(LabTest, BadKeyUsageLacksOnlyDigitalSignature) {
  Identity id = load_identity(dir(), entry("client-bad-key-usage"));
  ASSERT_TRUE(id.leaf);
  EXPECT_TRUE(X509_get_extended_key_usage(id.leaf.get()) & XKU_SSL_CLIENT);
  EXPECT_EQ(X509_get_key_usage(id.leaf.get()), static_cast<uint32_t>(KU_KEY_ENCIPHERMENT));
  EXPECT_TRUE(EVP_PKEY_is_a(X509_get0_pubkey(id.leaf.get()), "RSA"));
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(id.leaf.get())), 2048);
}

TEST_F(LabTest, OnlyTheKeyMismatchIdentityHasAForeignKey) {
  for (const auto& e : m_manifest.identities) {
    SCOPED_TRACE(e.name);
    Identity id = load_identity(dir(), e);
    ASSERT_TRUE(id.leaf);
    ASSERT_TRUE(id.key);
    const bool matches = EVP_PKEY_eq(X509_get0_pubkey(id.leaf.get()), id.key.get()) == 1;
    EXPECT_EQ(matches, e.name != "client-key-mismatch");
    EXPECT_EQ(X509_check_private_key(id.leaf.get(), id.key.get()) == 1, e.name != "client-key-mismatch");
    ERR_clear_error();
  }
}

TEST_F(LabTest, KeysAreUnencryptedPkcs8) {
  for (const auto& e : m_manifest.identities) {
    if (!e.key) continue;
    const std::string pem = read_text(dir() / *e.key);
    EXPECT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << e.name;
  }
}

TEST_F(LabTest, CertificatesFollowTheFixtureProfile) {
  Identity client = load_identity(dir(), entry("client-good"));
  ASSERT_TRUE(client.leaf);
  char buf[256] = {};
  X509_NAME_oneline(X509_get_subject_name(client.leaf.get()), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=mtls-doctor lab/OU=payments/CN=client-good");
  X509_NAME_oneline(X509_get_issuer_name(client.leaf.get()), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=mtls-doctor lab/CN=Lab Client Intermediate");
  EXPECT_EQ(X509_get_version(client.leaf.get()), X509_VERSION_3);
  EXPECT_EQ(X509_get_extended_key_usage(client.leaf.get()), static_cast<uint32_t>(XKU_SSL_CLIENT));
  EXPECT_EQ(X509_get_key_usage(client.leaf.get()), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
  EXPECT_EQ(X509_get_signature_nid(client.leaf.get()), NID_ecdsa_with_SHA256);
  ASSERT_NE(X509_get0_subject_key_id(client.leaf.get()), nullptr);
  ASSERT_NE(X509_get0_authority_key_id(client.leaf.get()), nullptr);
  ASSERT_EQ(client.chain.size(), 1u);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(client.leaf.get()),
                                  X509_get0_subject_key_id(client.chain[0].get())),
            0);
  for (const char* ext : {"basicConstraints", "keyUsage"}) {
    const int idx = X509_get_ext_by_NID(client.leaf.get(), OBJ_txt2nid(ext), -1);
    ASSERT_GE(idx, 0);
    EXPECT_EQ(X509_EXTENSION_get_critical(X509_get_ext(client.leaf.get(), idx)), 1) << ext;
  }
  EXPECT_FALSE(X509_get_extension_flags(client.leaf.get()) & EXFLAG_CA);
  // Serial: 16 random octets, positive.
  const ASN1_INTEGER* serial = X509_get0_serialNumber(client.leaf.get());
  EXPECT_EQ(ASN1_STRING_type(serial), V_ASN1_INTEGER);
  EXPECT_GE(ASN1_STRING_length(serial), 12);
  EXPECT_LE(ASN1_STRING_length(serial), 16);

  // The intermediate: CA with pathlen 0; the root: CA, self-signed.
  X509* intermediate = client.chain[0].get();
  EXPECT_TRUE(X509_get_extension_flags(intermediate) & EXFLAG_CA);
  EXPECT_EQ(X509_get_pathlen(intermediate), 0);
  EXPECT_EQ(X509_get_key_usage(intermediate), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  auto roots = read_certs(dir() / "client-ca.pem");
  ASSERT_EQ(roots.size(), 1u);
  X509_NAME_oneline(X509_get_subject_name(roots[0].get()), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=mtls-doctor lab/CN=Lab Client Root");
  EXPECT_TRUE(X509_get_extension_flags(roots[0].get()) & EXFLAG_SS);
  EXPECT_EQ(X509_get_pathlen(roots[0].get()), -1);

  Identity server = load_identity(dir(), entry("server-good"));
  ASSERT_TRUE(server.leaf);
  X509_NAME_oneline(X509_get_subject_name(server.leaf.get()), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=mtls-doctor lab/CN=localhost");
  EXPECT_EQ(X509_get_extended_key_usage(server.leaf.get()), static_cast<uint32_t>(XKU_SSL_SERVER));
  EXPECT_EQ(X509_check_host(server.leaf.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(server.leaf.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.leaf.get(), "::1", 0), 1);

  Identity sha1 = load_identity(dir(), entry("client-sha1"));
  EXPECT_EQ(X509_get_signature_nid(sha1.leaf.get()), NID_ecdsa_with_SHA1);
  Identity weak = load_identity(dir(), entry("client-weak-key"));
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(weak.leaf.get())), 1024);
  EXPECT_EQ(X509_get_key_usage(weak.leaf.get()), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
  Identity other = load_identity(dir(), entry("client-other-ca"));
  X509_NAME_oneline(X509_get_issuer_name(other.leaf.get()), buf, sizeof buf);
  EXPECT_STREQ(buf, "/O=mtls-doctor lab/CN=Lab Other Intermediate");
}

TEST_F(LabTest, ValidityIsRelativeToTheClock) {
  const auto check = [&](std::string_view name, std::chrono::days from, std::chrono::days to) {
    Identity id = load_identity(dir(), entry(name));
    ASSERT_TRUE(id.leaf);
    int day = 0;
    int sec = 0;
    ossl::Asn1TimePtr now{ASN1_TIME_set(nullptr, to_time_t(kNow))};
    ASSERT_EQ(ASN1_TIME_diff(&day, &sec, now.get(), X509_get0_notBefore(id.leaf.get())), 1);
    EXPECT_EQ(day, from.count()) << name;
    EXPECT_EQ(sec, 0) << name;
    ASSERT_EQ(ASN1_TIME_diff(&day, &sec, now.get(), X509_get0_notAfter(id.leaf.get())), 1);
    EXPECT_EQ(day, to.count()) << name;
    EXPECT_EQ(sec, 0) << name;
  };
  using std::chrono::days;
  check("client-good", days{-1}, days{90});
  check("client-expired", days{-400}, days{-10});
  check("client-not-yet-valid", days{10}, days{400});
  check("server-expired", days{-400}, days{-10});
}

TEST_F(LabTest, ClientCrlFileHoldsTheIntermediateCrlThenTheEmptyRootCrl) {
  auto crls = read_crls(dir() / "client-crl.pem");
  ASSERT_EQ(crls.size(), 2u);
  Identity revoked = load_identity(dir(), entry("client-revoked"));
  ASSERT_TRUE(revoked.leaf);
  ASSERT_EQ(revoked.chain.size(), 1u);
  auto roots = read_certs(dir() / "client-ca.pem");
  ASSERT_EQ(roots.size(), 1u);

  X509_CRL* intermediate = crls[0].get();
  X509_CRL* root = crls[1].get();
  EXPECT_EQ(X509_CRL_get_version(intermediate), X509_CRL_VERSION_2);
  EXPECT_EQ(X509_NAME_cmp(X509_CRL_get_issuer(intermediate), X509_get_subject_name(revoked.chain[0].get())), 0);
  EXPECT_EQ(X509_NAME_cmp(X509_CRL_get_issuer(root), X509_get_subject_name(roots[0].get())), 0);
  EXPECT_EQ(X509_CRL_verify(intermediate, X509_get0_pubkey(revoked.chain[0].get())), 1);
  EXPECT_EQ(X509_CRL_verify(root, X509_get0_pubkey(roots[0].get())), 1);
  EXPECT_EQ(X509_CRL_get_signature_nid(intermediate), NID_ecdsa_with_SHA256);

  ASSERT_EQ(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(intermediate)), 1);
  // RFC 5280 5.1.2.6: with no revoked certificates the list is absent, not empty.
  EXPECT_EQ(X509_CRL_get_REVOKED(root), nullptr);
  X509_REVOKED* listed = nullptr;
  EXPECT_EQ(X509_CRL_get0_by_cert(intermediate, &listed, revoked.leaf.get()), 1);

  for (X509_CRL* crl : {intermediate, root}) {
    EXPECT_GE(X509_CRL_get_ext_by_NID(crl, NID_authority_key_identifier, -1), 0);
    int day = 0;
    int sec = 0;
    ossl::Asn1TimePtr now{ASN1_TIME_set(nullptr, to_time_t(kNow))};
    ASSERT_EQ(ASN1_TIME_diff(&day, &sec, now.get(), X509_CRL_get0_lastUpdate(crl)), 1);
    EXPECT_EQ(day, 0);
    EXPECT_EQ(sec, -3600);
    ASSERT_EQ(ASN1_TIME_diff(&day, &sec, now.get(), X509_CRL_get0_nextUpdate(crl)), 1);
    EXPECT_EQ(day, 30);
    EXPECT_EQ(sec, 0);
  }
}

// The algorithms protecting a PKCS#12 file: MAC digest, certificate bag and key bag encryption.
}  // namespace
}  // namespace mtlsdoctor::lab
