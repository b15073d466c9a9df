// A certificate: its DER, its facts (read once, cheaply) and, on demand, OpenSSL's full
// X509 object for verification. Copies share the same immutable data.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/facts.h"
#include "mtlsdoctor/x509/load_context.h"

struct x509_st;

namespace mtlsdoctor::x509 {

class Certificate {
 public:
  // Parses DER; `source` names where it came from, for errors ("file.pem", "block 3 of file.pem").
  [[nodiscard]] static core::Result<Certificate> from_der(std::span<const std::uint8_t> der, std::string_view source);
  // Same, refusing certificates with more than `max_sans` subjectAltNames (a Limit error).
  [[nodiscard]] static core::Result<Certificate> from_der(std::span<const std::uint8_t> der, std::string_view source,
                                                          std::size_t max_sans);
  // Same, within a bulk load: issuer names and memory shared through `context` (may be null).
  [[nodiscard]] static core::Result<Certificate> from_der(std::span<const std::uint8_t> der, std::string_view source,
                                                          std::size_t max_sans, LoadContext* context);

  // Same, for a certificate OpenSSL has already decoded (the peer's chain of a handshake):
  // native() then returns `decoded` (one more reference is taken) instead of decoding again.
  // `der` must be its encoding.
  [[nodiscard]] static core::Result<Certificate> from_decoded(std::span<const std::uint8_t> der, x509_st* decoded,
                                                              std::string_view source);

  [[nodiscard]] const CertFacts& facts() const noexcept { return *m_facts; }
  [[nodiscard]] std::span<const std::uint8_t> der() const noexcept;
  [[nodiscard]] const std::string& source() const noexcept { return m_source; }

  // OpenSSL's object (decoded on first use, then shared by every copy); borrowed pointer.
  // Safe to call from several threads at once: one decodes, the others wait for it.
  [[nodiscard]] core::Result<x509_st*> native() const;

  // The same certificate (same DER)?
  friend bool operator==(const Certificate& a, const Certificate& b) noexcept;

  // Short label for messages: "CN=good-client (serial 1A2B…)".
  [[nodiscard]] std::string label() const;

 private:
  struct Data;
  explicit Certificate(std::shared_ptr<Data> data, std::shared_ptr<const CertFacts> facts, std::string source)
      : m_data(std::move(data)), m_facts(std::move(facts)), m_source(std::move(source)) {}
  std::shared_ptr<Data> m_data;
  std::shared_ptr<const CertFacts> m_facts;
  std::string m_source;
};

}  // namespace mtlsdoctor::x509
