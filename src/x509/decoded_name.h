// A Name (RFC 5280 §4.1.2.4) decoded from its DER by libcrypto's template for it (SEQUENCE OF
// SET OF AttributeTypeAndValue, as X509_NAME's own decoder reads it), without building an
// X509_NAME: OpenSSL canonicalises every name it decodes (a lower-cased, re-encoded copy) and
// prints through a BIO, ≈ 6 µs per name, twice per certificate (docs/performance.md).
// The result is what read_name(X509_NAME*) gives for the same DER; what d2i_X509_NAME refuses,
// decode() refuses (tests/x509/decoded_name_test.cpp holds both to OpenSSL).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::x509::detail {

class DecodedName {
 public:
  // nullopt, with OpenSSL's reasons in its error queue, when d2i_X509_NAME would refuse `der`.
  [[nodiscard]] static std::optional<DecodedName> decode(std::span<const std::uint8_t> der);

  [[nodiscard]] const DistinguishedName& dn() const noexcept { return m_dn; }
  [[nodiscard]] DistinguishedName take_dn() && { return std::move(m_dn); }
  [[nodiscard]] std::span<const std::uint8_t> der() const noexcept { return m_der; }

  friend bool same_name(const DecodedName& a, const DecodedName& b);

 private:
  DecodedName() = default;
  [[nodiscard]] const X509_NAME* x509_name() const;

  std::vector<std::uint8_t> m_der;
  // The RDNs' sizes and, for single-valued RDNs, attribute types: names that differ here
  // cannot have equal canonical forms.
  std::string m_shape;
  DistinguishedName m_dn;
  // Per attribute: a string type X509_NAME canonicalises, alone in its RDN (same_name may
  // compare its folded value).
  std::vector<bool> m_foldable;
  mutable ossl::X509NamePtr m_x509;  // for same_name, on first need
};

// X509_NAME_cmp(a, b) == 0 (RFC 5280 §7.1 comparison of the canonical forms), decoding the
// names into X509_NAMEs only when their DER differs but their shapes and folded values match.
[[nodiscard]] bool same_name(const DecodedName& a, const DecodedName& b);

// Issuer names by DER, each decoded once.
class NameCache {
 public:
  static constexpr std::size_t kMaxNames = 4096;  // issuers; beyond this, names are decoded each time

  // The name with this DER, decoded and kept on first sight; nullptr when it is not a valid Name.
  [[nodiscard]] std::shared_ptr<const DecodedName> get(std::span<const std::uint8_t> der);
  // The name with this DER if it is held already.
  [[nodiscard]] const DecodedName* find(std::span<const std::uint8_t> der) const;
  [[nodiscard]] std::size_t size() const noexcept { return m_names.size(); }

 private:
  std::unordered_map<std::string_view, std::shared_ptr<const DecodedName>> m_names;  // keys view their DER
};

}  // namespace mtlsdoctor::x509::detail
