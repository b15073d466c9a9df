#include "mtlsdoctor/chain/system_store.h"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include <cstdlib>
#include <mutex>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::chain {
namespace {

// The path OpenSSL reads: the environment variable when set (X509_get_default_cert_file_env),
// else its compiled-in default.
std::string default_path(const char* env, const char* fallback) {
  const char* set = std::getenv(env);
  return set && *set ? set : fallback;
}

}  // namespace

struct SystemStore::Impl {
  std::once_flag opened;
  ossl::X509StorePtr store;
  std::string description;
};

SystemStore::SystemStore() : m_impl(std::make_shared<Impl>()) {
  m_impl->description = fmt::format("the system trust store ({}, {})",
                                    default_path(X509_get_default_cert_file_env(), X509_get_default_cert_file()),
                                    default_path(X509_get_default_cert_dir_env(), X509_get_default_cert_dir()));
}

const std::string& SystemStore::description() const noexcept {
  return m_impl->description;
}

std::vector<x509::Certificate> SystemStore::by_issuer_name(const x509::Certificate& cert) const {
  std::call_once(m_impl->opened, [impl = m_impl.get()] {
    impl->store.reset(X509_STORE_new());
    // A missing file or directory is no error: the store is then smaller (or empty).
    if (impl->store && X509_STORE_set_default_paths(impl->store.get()) != 1) impl->store.reset();
    ossl::clear_errors();
  });
  std::vector<x509::Certificate> out;
  auto x = cert.native();
  if (!m_impl->store || !x) return out;
  ossl::X509StoreCtxPtr ctx{X509_STORE_CTX_new()};
  if (!ctx || X509_STORE_CTX_init(ctx.get(), m_impl->store.get(), nullptr, nullptr) != 1) {
    ossl::clear_errors();
    return out;
  }
  ossl::X509StackPtr found{X509_STORE_CTX_get1_certs(ctx.get(), X509_get_issuer_name(*x))};
  for (int i = 0; found && i < sk_X509_num(found.get()); ++i) {
    X509* c = sk_X509_value(found.get(), i);
    unsigned char* der = nullptr;
    const int len = i2d_X509(c, &der);
    if (len <= 0) continue;
    auto loaded = x509::Certificate::from_decoded({der, static_cast<std::size_t>(len)}, c, "the system trust store");
    OPENSSL_free(der);
    if (loaded) out.push_back(std::move(*loaded));
  }
  ossl::clear_errors();
  return out;
}

}  // namespace mtlsdoctor::chain
