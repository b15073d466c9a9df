// Whether OpenSSL's verifier would see anything of a certificate, judged alone, beyond what
// CertFacts holds (CertFacts::verifier_facts_complete). Conservative: "no" whenever in doubt.
#pragma once

#include <set>

#include "light_cert.h"
#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::x509::detail {

// OpenSSL decodes the public key (X509_get0_pubkey is not null) and EVP_PKEY_get_security_bits
// passes exactly the security levels `info.security_bits` passes.
[[nodiscard]] bool key_as_openssl_counts(const MTLSD_SPKI& spki, const KeyInfo& info);

// The extensions, one at a time, as read_facts decodes them.
class ExtensionAudit {
 public:
  // `decoded`: the extension's value decoded (X509V3_EXT_d2i succeeded).
  void see(int nid, bool critical, bool decoded);
  // Every extension seen is one the facts model, and the facts are what OpenSSL's X509v3 cache
  // makes of them.
  [[nodiscard]] bool complete(const CertFacts& f) const;

 private:
  std::set<int> m_seen;
  bool m_plain = true;
};

// The signature algorithm is one OpenSSL knows the digest and key type of.
[[nodiscard]] bool signature_algorithm_known(int nid);

}  // namespace mtlsdoctor::x509::detail
