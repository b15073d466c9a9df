#include "mtlsdoctor/x509/crl.h"

#include <openssl/x509.h>

#include "mtlsdoctor/ossl/ptr.h"
#include "names.h"

namespace mtlsdoctor::x509 {

Crl::Crl(X509_crl_st* crl, std::string source) : m_crl(ossl::X509CrlPtr{crl}), m_source(std::move(source)) {
  m_facts.issuer = detail::read_name(X509_CRL_get_issuer(crl));
  m_facts.last_update = detail::read_time(X509_CRL_get0_lastUpdate(crl));
  if (const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl)) m_facts.next_update = detail::read_time(next);
  m_facts.revoked_count = static_cast<std::size_t>(std::max(0, sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl))));
}

}  // namespace mtlsdoctor::x509
