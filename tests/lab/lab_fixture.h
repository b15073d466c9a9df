// Shared by the lab tests: temp dirs, OpenSSL readers and the expected fault of every identity.
#pragma once

#include <gtest/gtest.h>
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

#include "mtlsdoctor/lab/lab.h"
#include "mtlsdoctor/ossl/legacy.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::lab::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const core::TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + 12h + 34min + 56s;
constexpr auto kMoveBack = std::chrono::days{200};   // into client-expired's and server-expired's validity
constexpr auto kMoveAhead = std::chrono::days{200};  // into client-not-yet-valid's validity

inline time_t to_time_t(core::TimePoint t) {
  return static_cast<time_t>(t.time_since_epoch().count());
}

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    m_path =
        fs::temp_directory_path() / ("mtlsd-lab-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
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

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline ossl::BioPtr open_file(const fs::path& p) {
  ossl::BioPtr bio{BIO_new_file(p.c_str(), "rb")};
  EXPECT_TRUE(bio) << p;
  return bio;
}

inline std::vector<ossl::X509Ptr> read_certs(const fs::path& p) {
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

inline std::vector<ossl::X509CrlPtr> read_crls(const fs::path& p) {
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

inline ossl::EvpPkeyPtr read_key(const fs::path& p) {
  auto bio = open_file(p);
  return ossl::EvpPkeyPtr{bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr};
}

struct Parsed12 {
  ossl::EvpPkeyPtr key;
  ossl::X509Ptr cert;
  ossl::X509StackPtr chain;
};

// PKCS12_parse in whatever library context is this thread's default.
inline std::optional<Parsed12> parse_p12(const fs::path& p, const std::string& password) {
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

inline Identity load_identity(const fs::path& dir, const ManifestEntry& e) {
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
  std::optional<int> purpose;         // default: from the role
  std::optional<std::string> host;    // default: the manifest's
  bool crl = true;                    // clients: CRL_CHECK|CRL_CHECK_ALL with the manifest's CRL
  bool tolerate_crl_time = false;     // after moving the clock, the CRL itself is stale
  std::vector<fs::path> anchors;      // default: the manifest's cacert
  std::vector<fs::path> extra_chain;  // sent after the identity's own chain
  bool partial_chain = false;         // a trusted leaf is an anchor
};

inline int tolerate_crl_time(int ok, X509_STORE_CTX* ctx) {
  const int err = X509_STORE_CTX_get_error(ctx);
  if (err == X509_V_ERR_CRL_NOT_YET_VALID || err == X509_V_ERR_CRL_HAS_EXPIRED) return 1;
  return ok;
}

inline int verify(const fs::path& dir, const ManifestEntry& e, const Checks& c = {}) {
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
inline const std::map<std::string, Expectation>& expectations() {
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
inline Checks without_fault(const fs::path& dir, const ManifestEntry& e) {
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

}  // namespace mtlsdoctor::lab::test
