// This machine's trust store as OpenSSL finds it by default (X509_STORE_set_default_paths: the
// file of SSL_CERT_FILE or OpenSSL's default bundle, and the hashed directory of SSL_CERT_DIR or
// OpenSSL's default one), searched by subject name: where to look for the issuer of a
// certificate that came without it. Opened on the first search, not before (a run that never
// needs it does not read the bundle).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::chain {

class SystemStore {
 public:
  SystemStore();

  // The certificates of the store whose subject is the issuer name of `cert` (OpenSSL's lookup by
  // subject; key identifiers and signatures are for the caller to compare), each with the source
  // "the system trust store". Empty when the store cannot be read or holds none.
  [[nodiscard]] std::vector<x509::Certificate> by_issuer_name(const x509::Certificate& cert) const;

  // Where the store is, for messages: "the system trust store (/usr/lib/ssl/cert.pem, /usr/lib/ssl/certs)".
  [[nodiscard]] const std::string& description() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::chain
