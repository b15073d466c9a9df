// A private key. Its material never leaves this type: no accessor returns it, no
// formatter prints it.
#pragma once

#include <memory>
#include <string>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/facts.h"

struct evp_pkey_st;

namespace mtlsdoctor::x509 {

class Certificate;

class PrivateKey {
 public:
  // Takes ownership of `pkey`.
  PrivateKey(evp_pkey_st* pkey, std::string source, std::string format);

  [[nodiscard]] const KeyInfo& info() const noexcept { return m_info; }
  [[nodiscard]] const std::string& source() const noexcept { return m_source; }
  [[nodiscard]] const std::string& format() const noexcept { return m_format; }  // "PKCS#8 (encrypted)", …
  // Base64 SHA-256 of the public half's SubjectPublicKeyInfo: compares with CertFacts::spki_sha256.
  [[nodiscard]] const std::string& spki_sha256() const noexcept { return m_spki_sha256; }
  [[nodiscard]] bool matches(const Certificate& cert) const noexcept;
  [[nodiscard]] evp_pkey_st* native() const noexcept { return m_pkey.get(); }

 private:
  std::shared_ptr<evp_pkey_st> m_pkey;
  std::string m_source;
  std::string m_format;
  KeyInfo m_info;
  std::string m_spki_sha256;
};

}  // namespace mtlsdoctor::x509
