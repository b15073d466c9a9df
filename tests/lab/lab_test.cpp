// The lab is checked with OpenSSL's own verifier (X509_verify_cert), not with our checker, so
// the generator and the checker cannot merely agree with each other.
#include "mtlsdoctor/lab/lab.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "mtlsdoctor/ossl/legacy.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::lab {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const core::TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + 12h + 34min + 56s;
constexpr auto kMoveBack = std::chrono::days{200};  // into client-expired's and server-expired's validity
constexpr auto kMoveAhead = std::chrono::days{200};  // into client-not-yet-valid's validity

time_t to_time_t(core::TimePoint t) { return static_cast<time_t>(t.time_since_epoch().count()); }

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    m_path = fs::temp_directory_path() /
             ("mtlsd-lab-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(m_path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  [[nodiscard]] const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

ossl::BioPtr open_file(const fs::path& p) {
  ossl::BioPtr bio{BIO_new_file(p.c_str(), "rb")};
  EXPECT_TRUE(bio) << p;
  return bio;
}

std::vector<ossl::X509Ptr> read_certs(const fs::path& p) {
  std::vector<ossl::X509Ptr> out;
  auto bio = open_file(p);
  while (bio) {
    ossl::X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)};
    if (!cert) break;
    out.push_back(std::move(cert));
  }
  ERR_clear_error();
  return out;
}

std::vector<ossl::X509CrlPtr> read_crls(const fs::path& p) {
  std::vector<ossl::X509CrlPtr> out;
  auto bio = open_file(p);
  while (bio) {
    ossl::X509CrlPtr crl{PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)};
    if (!crl) break;
    out.push_back(std::move(crl));
  }
  ERR_clear_error();
  return out;
}

ossl::EvpPkeyPtr read_key(const fs::path& p) {
  auto bio = open_file(p);
  return ossl::EvpPkeyPtr{bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr};
}

struct Parsed12 {
  ossl::EvpPkeyPtr key;
  ossl::X509Ptr cert;
  ossl::X509StackPtr chain;
};

// PKCS12_parse in whatever library context is this thread's default.
std::optional<Parsed12> parse_p12(const fs::path& p, const std::string& password) {
  auto bio = open_file(p);
  ossl::Pkcs12Ptr p12{bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr};
  if (!p12) return std::nullopt;
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  const bool ok = PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &chain) == 1;
  Parsed12 out{ossl::EvpPkeyPtr{key}, ossl::X509Ptr{cert}, ossl::X509StackPtr{chain}};
  ERR_clear_error();
  if (!ok) return std::nullopt;
  return out;
}

// The identity as a TLS stack would load it: leaf, the chain it sends, its key.
struct Identity {
  ossl::X509Ptr leaf;
  std::vector<ossl::X509Ptr> chain;
  ossl::EvpPkeyPtr key;
};

Identity load_identity(const fs::path& dir, const ManifestEntry& e) {
  Identity id;
  if (e.p12) {
    const std::string password = read_text(dir / *e.password_file);
    auto parsed = parse_p12(dir / *e.p12, password);
    if (!parsed) {
      auto scope = ossl::LegacyScope::enter();
      EXPECT_TRUE(scope.has_value());
      parsed = parse_p12(dir / *e.p12, password);
    }
    EXPECT_TRUE(parsed.has_value()) << e.name;
    if (!parsed) return id;
    id.leaf = std::move(parsed->cert);
    id.key = std::move(parsed->key);
    for (int i = 0; parsed->chain && i < sk_X509_num(parsed->chain.get()); ++i) {
      X509* c = sk_X509_value(parsed->chain.get(), i);
      X509_up_ref(c);
      id.chain.emplace_back(c);
    }
    return id;
  }
  auto certs = read_certs(dir / *e.cert);
  EXPECT_EQ(certs.size(), 1u) << e.name;
  if (!certs.empty()) id.leaf = std::move(certs.front());
  if (e.chain) id.chain = read_certs(dir / *e.chain);
  id.key = read_key(dir / *e.key);
  return id;
}

// What X509_verify_cert is asked; the defaults are what a TLS stack at security level 2 does.
struct Checks {
  core::TimePoint at = kNow;
  int auth_level = 2;
  std::optional<int> purpose;           // default: from the role
  std::optional<std::string> host;      // default: the manifest's
  bool crl = true;                      // clients: CRL_CHECK|CRL_CHECK_ALL with the manifest's CRL
  bool tolerate_crl_time = false;       // after moving the clock, the CRL itself is stale
  std::vector<fs::path> anchors;        // default: the manifest's cacert
  std::vector<fs::path> extra_chain;    // sent after the identity's own chain
  bool partial_chain = false;           // a trusted leaf is an anchor
};

int tolerate_crl_time(int ok, X509_STORE_CTX* ctx) {
  const int err = X509_STORE_CTX_get_error(ctx);
  if (err == X509_V_ERR_CRL_NOT_YET_VALID || err == X509_V_ERR_CRL_HAS_EXPIRED) return 1;
  return ok;
}

int verify(const fs::path& dir, const ManifestEntry& e, const Checks& c = {}) {
  Identity id = load_identity(dir, e);
  if (!id.leaf) return -1;
  ossl::X509StorePtr store{X509_STORE_new()};
  std::vector<fs::path> anchors = c.anchors;
  if (anchors.empty()) anchors.push_back(dir / *e.cacert);
  for (const auto& file : anchors) {
    for (auto& cert : read_certs(file)) EXPECT_EQ(X509_STORE_add_cert(store.get(), cert.get()), 1);
  }
  const bool crl = e.role == "client" && c.crl;
  if (crl) {
    auto crls = read_crls(dir / *e.crl);
    EXPECT_EQ(crls.size(), 2u);
    for (auto& one : crls) EXPECT_EQ(X509_STORE_add_crl(store.get(), one.get()), 1);
  }

  ossl::X509StackPtr untrusted{sk_X509_new_null()};
  auto add_untrusted = [&](X509* cert) {
    X509_up_ref(cert);
    sk_X509_push(untrusted.get(), cert);
  };
  for (auto& cert : id.chain) add_untrusted(cert.get());
  for (const auto& file : c.extra_chain) {
    for (auto& cert : read_certs(file)) add_untrusted(cert.get());
  }

  ossl::X509StoreCtxPtr ctx{X509_STORE_CTX_new()};
  EXPECT_EQ(X509_STORE_CTX_init(ctx.get(), store.get(), id.leaf.get(), untrusted.get()), 1);
  const int purpose = c.purpose.value_or(e.role == "client" ? X509_PURPOSE_SSL_CLIENT : X509_PURPOSE_SSL_SERVER);
  EXPECT_EQ(X509_STORE_CTX_set_purpose(ctx.get(), purpose), 1);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, to_time_t(c.at));
  X509_VERIFY_PARAM_set_auth_level(param, c.auth_level);
  unsigned long flags = 0;
  if (crl) flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
  if (c.partial_chain) flags |= X509_V_FLAG_PARTIAL_CHAIN;
  X509_VERIFY_PARAM_set_flags(param, flags);
  const std::optional<std::string> host = c.host ? c.host : e.host;
  if (host) {
    EXPECT_EQ(X509_VERIFY_PARAM_set1_host(param, host->c_str(), host->size()), 1);
  }
  if (c.tolerate_crl_time) X509_STORE_CTX_set_verify_cb(ctx.get(), tolerate_crl_time);

  const int rc = X509_verify_cert(ctx.get());
  ERR_clear_error();
  return rc == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx.get());
}

struct Expectation {
  std::string cause;
  std::string rejected_by;
  int verify_error;  // what `openssl verify -auth_level 2 -purpose ...` says
};

// Independent of the lab's own table: tests/fixtures/README.md.
const std::map<std::string, Expectation>& expectations() {
  static const std::map<std::string, Expectation> table{
      {"client-good", {"ok", "none", X509_V_OK}},
      {"client-other-ca", {"client-cert-untrusted-issuer", "server", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}},
      {"client-expired", {"client-cert-expired", "server", X509_V_ERR_CERT_HAS_EXPIRED}},
      {"client-not-yet-valid", {"client-cert-not-yet-valid", "server", X509_V_ERR_CERT_NOT_YET_VALID}},
      {"client-no-clientauth-eku", {"client-cert-missing-clientauth-eku", "server", X509_V_ERR_INVALID_PURPOSE}},
      {"client-bad-key-usage", {"client-cert-bad-key-usage", "server", X509_V_ERR_INVALID_PURPOSE}},
      {"client-revoked", {"client-cert-revoked", "server", X509_V_ERR_CERT_REVOKED}},
      {"client-wrong-ou", {"ok", "none", X509_V_OK}},
      {"client-weak-key", {"client-cert-weak", "server", X509_V_ERR_EE_KEY_TOO_SMALL}},
      {"client-sha1", {"client-cert-weak", "server", X509_V_ERR_CA_MD_TOO_WEAK}},
      {"client-key-mismatch", {"client-key-mismatch", "local", X509_V_OK}},
      {"client-no-intermediate", {"client-chain-incomplete", "server", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}},
      {"client-p12-modern", {"ok", "none", X509_V_OK}},
      {"client-p12-legacy", {"ok", "none", X509_V_OK}},
      {"server-good", {"ok", "none", X509_V_OK}},
      {"server-expired", {"server-cert-expired", "client", X509_V_ERR_CERT_HAS_EXPIRED}},
      {"server-wrong-name", {"server-hostname-mismatch", "client", X509_V_ERR_HOSTNAME_MISMATCH}},
      {"server-no-intermediate", {"server-chain-incomplete", "client", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}},
      {"server-untrusted", {"server-cert-untrusted", "client", X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT}},
  };
  return table;
}

// The same checks with the one intended fault taken away: then everything must pass.
Checks without_fault(const fs::path& dir, const ManifestEntry& e) {
  Checks c;
  const std::string& n = e.name;
  if (n == "client-other-ca") {
    c.anchors = {dir / "other-ca.pem"};
    c.crl = false;  // the Other CAs publish no CRL
  } else if (n == "client-expired" || n == "server-expired") {
    c.at = kNow - kMoveBack;
    c.tolerate_crl_time = true;
  } else if (n == "client-not-yet-valid") {
    c.at = kNow + kMoveAhead;
    c.tolerate_crl_time = true;
  } else if (n == "client-no-clientauth-eku") {
    c.purpose = X509_PURPOSE_SSL_SERVER;  // the EKU it has
  } else if (n == "client-bad-key-usage") {
    c.purpose = X509_PURPOSE_ANY;  // everything but the keyUsage check; its EKU is checked apart
  } else if (n == "client-revoked") {
    c.crl = false;
  } else if (n == "client-weak-key") {
    c.auth_level = 1;  // 80 bits: RSA-1024 passes
  } else if (n == "client-sha1") {
    c.auth_level = 0;  // OpenSSL rates SHA-1 signatures below even level 1
  } else if (n == "client-no-intermediate") {
    c.extra_chain = {dir / "client-good-chain.pem"};
  } else if (n == "server-no-intermediate") {
    c.extra_chain = {dir / "server-good-chain.pem"};
  } else if (n == "server-wrong-name") {
    c.host = "wrong.example";
  } else if (n == "server-untrusted") {
    c.anchors = {dir / *e.cert};
    c.partial_chain = true;
  }
  return c;
}

class LabTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = create(m_tmp.path(), m_clock);
    ASSERT_TRUE(made.has_value()) << made.error().describe();
    m_manifest = std::move(*made);
  }

  [[nodiscard]] const ManifestEntry& entry(std::string_view name) const {
    for (const auto& e : m_manifest.identities) {
      if (e.name == name) return e;
    }
    ADD_FAILURE() << "no identity " << name;
    return m_manifest.identities.front();
  }

  [[nodiscard]] const fs::path& dir() const { return m_tmp.path(); }

  TempDir m_tmp;
  core::FixedClock m_clock{kNow};
  Manifest m_manifest;
};

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
struct P12Algorithms {
  int mac = NID_undef;
  int cert_bag = NID_undef;
  int key_bag = NID_undef;
  int pbes2_cipher = NID_undef;
  int pbes2_prf = NID_undef;
  long pbes2_iterations = 0;
};

void note_pbes2(const X509_ALGOR* alg, P12Algorithms& out) {
  ossl::Pbe2ParamPtr pbe2{static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter))};
  ASSERT_TRUE(pbe2);
  out.pbes2_cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
  ossl::Pbkdf2ParamPtr kdf{static_cast<PBKDF2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter))};
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

TEST_F(LabTest, CreatingTwiceInTheSameDirectoryReplacesThePki) {
  const std::string first = read_text(dir() / "client-good.crt");
  auto again = create(dir(), m_clock);
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
