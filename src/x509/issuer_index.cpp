#include "mtlsdoctor/x509/issuer_index.h"

namespace mtlsdoctor::x509 {

bool may_have_issued(const CertFacts& candidate, const CertFacts& cert) noexcept {
  if (!(candidate.subject == cert.issuer)) return false;
  return cert.authority_key_id.empty() || candidate.subject_key_id.empty() ||
         cert.authority_key_id == candidate.subject_key_id;
}

void IssuerIndex::reserve(std::size_t n) {
  m_facts.reserve(n);
  m_by_subject.reserve(n);
}

void IssuerIndex::add(const CertFacts& facts) {
  // A view of the facts' own string: no copy per certificate.
  m_by_subject.emplace(facts.subject.rfc4514, m_facts.size());
  m_facts.push_back(&facts);
}

std::optional<std::size_t> IssuerIndex::issuer_of(const CertFacts& cert) const {
  if (cert.self_issued) return std::nullopt;
  auto [first, last] = m_by_subject.equal_range(cert.issuer.rfc4514);
  for (auto it = first; it != last; ++it) {
    if (may_have_issued(*m_facts[it->second], cert)) return it->second;
  }
  return std::nullopt;
}

}  // namespace mtlsdoctor::x509
