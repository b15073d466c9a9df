// OpenSSL 3 moved RC2, RC4, DES and friends to the "legacy" provider. Old PKCS#12 files
// (RC2-40 certificate bags, 3DES key bags) need it. Rather than loading it into the
// process-wide default library context, we keep a private context with the default and
// legacy providers and make it this thread's default only while such a file is processed.
#pragma once

#include "mtlsdoctor/core/error.h"

struct ossl_lib_ctx_st;

namespace mtlsdoctor::ossl {

class LegacyScope {
 public:
  // Fails when the legacy provider is not installed.
  [[nodiscard]] static core::Result<LegacyScope> enter();
  LegacyScope(LegacyScope&& other) noexcept;
  LegacyScope& operator=(LegacyScope&&) = delete;
  LegacyScope(const LegacyScope&) = delete;
  ~LegacyScope();

 private:
  explicit LegacyScope(ossl_lib_ctx_st* previous) : m_previous(previous), m_active(true) {}
  ossl_lib_ctx_st* m_previous;
  bool m_active;
};

}  // namespace mtlsdoctor::ossl
