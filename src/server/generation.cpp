#include "generation.h"

#include <fmt/format.h>
#include <openssl/pem.h>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::server::detail {
namespace {

// Memory that is wiped before it is freed (the server's private key in PEM).
struct Secret {
  std::string bytes;
  ~Secret() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string{};
}

core::Result<std::string> certs_pem(const std::vector<const x509::Certificate*>& certs) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio) return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "out of memory"));
  for (const auto* c : certs) {
    auto x = c->native();
    if (!x) return std::unexpected(x.error());
    if (!PEM_write_bio_X509(bio.get(), *x)) {
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot write a certificate"));
    }
  }
  return bio_string(bio.get());
}

core::Result<void> set_identity(gnutls_certificate_credentials_t cred, const x509::Identity& id,
                                const std::string& file) {
  if (!id.key)
    return core::fail(core::ErrorCategory::Usage, "no private key for the server's certificate (--key)", file);
  std::vector<const x509::Certificate*> chain{&id.leaf};
  for (const auto& c : id.offered) chain.push_back(&c);
  auto pem = certs_pem(chain);
  if (!pem) return std::unexpected(pem.error());
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio || !PEM_write_bio_PrivateKey(bio.get(), id.key->native(), nullptr, nullptr, 0, nullptr, nullptr)) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot export the server's key"));
  }
  Secret key{bio_string(bio.get())};
  BIO_reset(bio.get());
  const gnutls_datum_t c{reinterpret_cast<unsigned char*>(pem->data()), static_cast<unsigned>(pem->size())};
  const gnutls_datum_t k{reinterpret_cast<unsigned char*>(key.bytes.data()), static_cast<unsigned>(key.bytes.size())};
  const int rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM, nullptr, 0);
  if (rc < 0) {
    return core::fail(core::ErrorCategory::Usage,
                      fmt::format("GnuTLS refuses the server's certificate and key: {}", gnutls_strerror(rc)), file);
  }
  return {};
}

std::string priority_string(Versions v) {
  switch (v) {
    case Versions::Tls12Only: return "NORMAL:-VERS-ALL:+VERS-TLS1.2";
    case Versions::Tls13Only: return "NORMAL:-VERS-ALL:+VERS-TLS1.3";
    case Versions::Both: break;
  }
  return "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2";
}

}  // namespace

core::Result<x509::Certificate> CertificateCache::get(std::span<const std::uint8_t> der, std::string_view source) {
  const std::string_view key(reinterpret_cast<const char*>(der.data()), der.size());
  {
    const std::lock_guard lock(m_mutex);
    if (const auto it = m_decoded.find(key); it != m_decoded.end()) {
      ++m_hits;
      return it->second;
    }
  }
  auto cert = x509::Certificate::from_der(der, source);
  if (!cert) return cert;
  if (!cert->native()) return cert;  // verification will say why OpenSSL cannot decode it
  const std::lock_guard lock(m_mutex);
  if (m_decoded.size() >= m_max) m_decoded.clear();
  m_decoded.emplace(std::string(key), *cert);
  return cert;
}

std::uint64_t CertificateCache::hits() const {
  const std::lock_guard lock(m_mutex);
  return m_hits;
}

std::size_t CertificateCache::size() const {
  const std::lock_guard lock(m_mutex);
  return m_decoded.size();
}

Generation::~Generation() {
  if (credentials) gnutls_certificate_free_credentials(credentials);
  if (priority) gnutls_priority_deinit(priority);
}

std::vector<std::string> watched_files(const ServeOptions& o) {
  std::vector<std::string> files;
  for (const auto* f : {&o.identity.cert, &o.identity.key, &o.identity.chain, &o.identity.p12}) {
    if (!f->empty()) files.push_back(*f);
  }
  files.insert(files.end(), o.client_ca.begin(), o.client_ca.end());
  files.insert(files.end(), o.crl.begin(), o.crl.end());
  if (o.policy_file) files.push_back(*o.policy_file);
  return files;
}

core::Result<std::shared_ptr<const Generation>> load_generation(const ServeOptions& o, VerifyHook hook) {
  auto stamps = stamp_files(watched_files(o));  // before reading: a change while loading is seen next time
  if (o.client_ca.empty()) return core::fail(core::ErrorCategory::Usage, "--client-ca is required");
  auto identity = x509::load_identity(o.identity, x509::no_password());
  if (!identity) return std::unexpected(identity.error());
  auto anchors = x509::load_anchors(o.client_ca, x509::no_password());
  if (!anchors) return std::unexpected(anchors.error());
  auto crls = x509::load_crls(o.crl, x509::no_password());
  if (!crls) return std::unexpected(crls.error());
  const std::size_t n_anchors = anchors->size();
  const std::size_t n_crls = crls->size();

  std::vector<const x509::Certificate*> anchor_ptrs;
  for (const auto& a : *anchors) anchor_ptrs.push_back(&a);
  auto anchors_pem = certs_pem(anchor_ptrs);
  if (!anchors_pem) return std::unexpected(anchors_pem.error());

  auto store = chain::TrustStore::create(
      {std::move(*anchors), std::move(*crls), fmt::format("{}", fmt::join(o.client_ca, ", "))});
  if (!store) return std::unexpected(store.error());
  std::optional<policy::Policy> pol;
  if (o.policy_file) {
    auto p = policy::load(*o.policy_file);
    if (!p) return std::unexpected(p.error());
    pol = std::move(*p);
  }
  auto g = std::make_shared<Generation>(Gate{std::move(*store), std::move(pol), 2});
  g->stamps = std::move(stamps);

  if (const int rc = gnutls_certificate_allocate_credentials(&g->credentials); rc < 0) {
    return core::fail(core::ErrorCategory::Crypto, fmt::format("GnuTLS: {}", gnutls_strerror(rc)));
  }
  const std::string& id_file = !o.identity.cert.empty() ? o.identity.cert : o.identity.p12;
  if (auto set = set_identity(g->credentials, *identity, id_file); !set) return std::unexpected(set.error());
  // The CA names of the CertificateRequest; GnuTLS itself verifies nothing (the hook does).
  const gnutls_datum_t ca{reinterpret_cast<unsigned char*>(anchors_pem->data()),
                          static_cast<unsigned>(anchors_pem->size())};
  if (const int rc = gnutls_certificate_set_x509_trust_mem(g->credentials, &ca, GNUTLS_X509_FMT_PEM); rc < 0) {
    return core::fail(core::ErrorCategory::Usage, fmt::format("GnuTLS refuses the client CAs: {}", gnutls_strerror(rc)),
                      o.client_ca.front());
  }
  gnutls_certificate_set_verify_function(g->credentials, hook);
  const std::string prio = priority_string(o.versions);
  if (const int rc = gnutls_priority_init(&g->priority, prio.c_str(), nullptr); rc < 0) {
    return core::fail(core::ErrorCategory::Crypto, fmt::format("GnuTLS priority {}: {}", prio, gnutls_strerror(rc)));
  }
  g->summary =
      fmt::format("certificate {} ({}); client CA {} ({} certificate{}); {} CRL{}; {}", id_file,
                  identity->leaf.facts().subject.rfc4514, fmt::join(o.client_ca, ", "), n_anchors,
                  n_anchors == 1 ? "" : "s", n_crls, n_crls == 1 ? "" : "s",
                  g->gate.policy ? fmt::format("policy {} ({} rule{})", *o.policy_file, g->gate.policy->rules.size(),
                                               g->gate.policy->rules.size() == 1 ? "" : "s")
                                 : std::string("no policy"));
  return std::shared_ptr<const Generation>(std::move(g));
}

}  // namespace mtlsdoctor::server::detail
