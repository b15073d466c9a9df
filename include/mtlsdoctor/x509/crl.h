#pragma once

#include <memory>
#include <optional>
#include <string>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/x509/facts.h"

struct X509_crl_st;

namespace mtlsdoctor::x509 {

struct CrlFacts {
  DistinguishedName issuer;
  core::TimePoint last_update;
  std::optional<core::TimePoint> next_update;
  std::size_t revoked_count = 0;
};

class Crl {
 public:
  Crl(X509_crl_st* crl, std::string source);  // takes ownership
  [[nodiscard]] const CrlFacts& facts() const noexcept { return m_facts; }
  [[nodiscard]] const std::string& source() const noexcept { return m_source; }
  [[nodiscard]] X509_crl_st* native() const noexcept { return m_crl.get(); }

 private:
  std::shared_ptr<X509_crl_st> m_crl;
  std::string m_source;
  CrlFacts m_facts;
};

}  // namespace mtlsdoctor::x509
