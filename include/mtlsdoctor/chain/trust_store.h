// What a peer trusts, made once into OpenSSL's store and shared by every check against it:
// `diagnose --targets` judges many server chains against the same anchors and CRLs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/crl.h"

struct x509_store_st;

namespace mtlsdoctor::chain {

struct Trust {
  std::vector<x509::Certificate> anchors;  // empty: trust is not checked (and said so)
  std::vector<x509::Crl> crls;             // empty: revocation is not checked (and said so)
  std::string anchors_source;              // for messages: "client-ca.pem"
};

// Immutable once made; copies share the store, and checks may use it from several threads at
// once (OpenSSL locks its store's lookups).
class TrustStore {
 public:
  [[nodiscard]] static core::Result<TrustStore> create(Trust trust);

  [[nodiscard]] const Trust& trust() const noexcept;
  // OpenSSL's store of the anchors and CRLs, for X509_STORE_CTX_init; borrowed.
  [[nodiscard]] x509_store_st* native() const noexcept;

 private:
  struct Impl;
  explicit TrustStore(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<const Impl> m_impl;
};

}  // namespace mtlsdoctor::chain
