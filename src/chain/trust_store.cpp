#include "mtlsdoctor/chain/trust_store.h"

#include <openssl/x509_vfy.h>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::chain {

struct TrustStore::Impl {
  Trust trust;
  ossl::X509StorePtr store;
};

core::Result<TrustStore> TrustStore::create(Trust trust) {
  ossl::clear_errors();
  auto impl = std::make_shared<Impl>(Impl{std::move(trust), ossl::X509StorePtr{X509_STORE_new()}});
  if (!impl->store)
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot set up verification"));
  for (const auto& anchor : impl->trust.anchors) {
    auto x = anchor.native();
    if (!x) return std::unexpected(x.error());
    X509_STORE_add_cert(impl->store.get(), *x);  // duplicates are ignored by OpenSSL
  }
  for (const auto& crl : impl->trust.crls) X509_STORE_add_crl(impl->store.get(), crl.native());
  ossl::clear_errors();
  return TrustStore{std::move(impl)};
}

const Trust& TrustStore::trust() const noexcept {
  return m_impl->trust;
}

x509_store_st* TrustStore::native() const noexcept {
  return m_impl->store.get();
}

}  // namespace mtlsdoctor::chain
