#include "mtlsdoctor/ossl/legacy.h"

#include <mutex>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::ossl {
namespace {

struct LegacyContext {
  LibCtxPtr ctx;
  ProviderPtr default_provider;
  ProviderPtr legacy_provider;
};

// Created once, on first need, and kept for the process: providers are costly to load.
core::Result<OSSL_LIB_CTX*> legacy_context() {
  static std::once_flag once;
  static LegacyContext* context = nullptr;
  static core::Error failure;
  std::call_once(once, [] {
    auto* made = new LegacyContext{};
    made->ctx.reset(OSSL_LIB_CTX_new());
    if (made->ctx) {
      made->default_provider.reset(OSSL_PROVIDER_load(made->ctx.get(), "default"));
      made->legacy_provider.reset(OSSL_PROVIDER_load(made->ctx.get(), "legacy"));
    }
    if (!made->ctx || !made->default_provider || !made->legacy_provider) {
      failure = error_from_queue(core::ErrorCategory::Unsupported,
                                 "OpenSSL's legacy provider (needed for RC2/3DES PKCS#12) is not available");
      delete made;
      return;
    }
    context = made;  // intentionally kept until exit
  });
  if (!context) return std::unexpected(failure);
  return context->ctx.get();
}

}  // namespace

core::Result<LegacyScope> LegacyScope::enter() {
  auto ctx = legacy_context();
  if (!ctx) return std::unexpected(ctx.error());
  OSSL_LIB_CTX* previous = OSSL_LIB_CTX_set0_default(*ctx);
  return LegacyScope{previous};
}

LegacyScope::LegacyScope(LegacyScope&& other) noexcept : m_previous(other.m_previous), m_active(other.m_active) {
  other.m_active = false;
}

LegacyScope::~LegacyScope() {
  if (m_active) OSSL_LIB_CTX_set0_default(m_previous);
}

}  // namespace mtlsdoctor::ossl
