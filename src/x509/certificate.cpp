#include "mtlsdoctor/x509/certificate.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include "facts.h"
#include "light_cert.h"
#include "load_context_impl.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::x509 {

struct Certificate::Data {
  // The DER: in a LoadContext's arena (released with this), or owned here without one.
  struct ArenaRelease {
    void operator()(std::uint8_t* p) const noexcept { detail::Arena::release(p); }
  };
  std::unique_ptr<std::uint8_t, ArenaRelease> arena_der;
  std::vector<std::uint8_t> own_der;
  std::span<const std::uint8_t> der;
  // Decoded on the first native() call (the inspect path never needs it, so loading stays light),
  // once whichever threads ask; or set by from_decoded before anyone else sees it.
  std::once_flag decode_once;
  ossl::X509Ptr x509;
  // Why the decoding failed, for every later call (a pointer: bulk loads keep millions of these).
  std::unique_ptr<const core::Error> decode_error;
};

core::Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der, std::string_view source) {
  return from_der(der, source, 4096);
}

core::Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der, std::string_view source,
                                                std::size_t max_sans) {
  return from_der(der, source, max_sans, nullptr);
}

core::Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der, std::string_view source,
                                                std::size_t max_sans, LoadContext* context) {
  ossl::clear_errors();
  auto light = detail::decode_light(der);
  if (!light) {
    return std::unexpected(
        ossl::error_from_queue(core::ErrorCategory::Parse, "not a valid X.509 certificate", std::string(source)));
  }
  auto facts = detail::read_facts(*light, der, max_sans, context ? &context->impl().names : nullptr);
  if (!facts) {
    auto err = facts.error();
    err.subject = std::string(source);
    return std::unexpected(std::move(err));
  }
  if (!context) {
    auto data = std::make_shared<Data>();
    data->own_der.assign(der.begin(), der.end());
    data->der = data->own_der;
    return Certificate{std::move(data), std::make_shared<const CertFacts>(std::move(*facts)), std::string(source)};
  }
  // Bulk loading keeps every certificate: its DER and facts go to the context's arena.
  detail::Arena& arena = context->impl().arena;
  auto data = std::allocate_shared<Data>(detail::ArenaAllocator<Data>(arena));
  data->arena_der.reset(static_cast<std::uint8_t*>(arena.allocate(der.size())));
  std::copy(der.begin(), der.end(), data->arena_der.get());
  data->der = {data->arena_der.get(), der.size()};
  auto shared_facts =
      std::allocate_shared<const CertFacts>(detail::ArenaAllocator<CertFacts>(arena), std::move(*facts));
  return Certificate{std::move(data), std::move(shared_facts), std::string(source)};
}

core::Result<Certificate> Certificate::from_decoded(std::span<const std::uint8_t> der, x509_st* decoded,
                                                    std::string_view source) {
  auto cert = from_der(der, source);
  if (!cert || !decoded || X509_up_ref(decoded) != 1) return cert;
  cert->m_data->x509.reset(decoded);
  return cert;
}

std::span<const std::uint8_t> Certificate::der() const noexcept {
  return m_data->der;
}

core::Result<x509_st*> Certificate::native() const {
  std::call_once(m_data->decode_once, [this] {
    if (m_data->x509) return;
    ossl::clear_errors();  // OpenSSL's error queue is per thread
    const unsigned char* p = m_data->der.data();
    m_data->x509.reset(d2i_X509(nullptr, &p, static_cast<long>(m_data->der.size())));
    if (!m_data->x509) {
      m_data->decode_error = std::make_unique<const core::Error>(
          ossl::error_from_queue(core::ErrorCategory::Parse, "OpenSSL cannot decode this certificate", m_source));
    }
  });
  if (!m_data->x509) return std::unexpected(*m_data->decode_error);
  return m_data->x509.get();
}

bool operator==(const Certificate& a, const Certificate& b) noexcept {
  return a.m_data == b.m_data || std::ranges::equal(a.m_data->der, b.m_data->der);
}

std::string Certificate::label() const {
  const auto cn = m_facts->subject.values("CN");
  const std::string name = cn.empty() ? m_facts->subject.rfc4514 : "CN=" + cn.back();
  return fmt::format("{} (serial {})", name.empty() ? "<empty subject>" : name, m_facts->serial_hex);
}

}  // namespace mtlsdoctor::x509
