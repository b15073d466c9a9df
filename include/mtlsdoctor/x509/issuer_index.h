// Which certificate of a set issued another: the same name as its issuer, and the AKI equal to
// the SKI when both are present (a re-keyed CA keeps its name). Built once for a whole
// inventory, so finding a certificate's issuers costs a hash lookup, not a search.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::x509 {

// `candidate` may have issued `cert` (by names and key identifiers; signatures are the verifier's).
[[nodiscard]] bool may_have_issued(const CertFacts& candidate, const CertFacts& cert) noexcept;

class IssuerIndex {
 public:
  // Adds the facts of the next certificate (its index is the count added before it); they must
  // outlive the index.
  void add(const CertFacts& facts);
  void reserve(std::size_t n);

  // The first certificate added that may have issued `cert`; none for a self-issued one.
  [[nodiscard]] std::optional<std::size_t> issuer_of(const CertFacts& cert) const;

 private:
  std::vector<const CertFacts*> m_facts;
  std::unordered_multimap<std::string_view, std::size_t> m_by_subject;
};

}  // namespace mtlsdoctor::x509
