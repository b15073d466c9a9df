// Probes with the same identity and TLS options share one client context (run_probes builds it
// once); anything that changes what the context sends or accepts gets its own.
#include <gtest/gtest.h>

#include "connection.h"

namespace mtlsdoctor::probe::detail {
namespace {

Probe with_chain(std::vector<std::vector<std::uint8_t>> chain, evp_pkey_st* key) {
  Probe p;
  p.credentials = Credentials{std::move(chain), key};
  return p;
}

TEST(ProbeContext, SameIdentityAndOptionsShareOne) {
  auto* key = reinterpret_cast<evp_pkey_st*>(0x1);  // compared, never used
  const Probe a = with_chain({{1, 2, 3}, {4, 5}}, key);
  Probe b = with_chain({{1, 2, 3}, {4, 5}}, key);
  b.target.host = "other.example";  // the target does not matter
  b.target.port = 8443;
  EXPECT_TRUE(same_context(a, b));
  EXPECT_TRUE(same_context(Probe{}, Probe{}));
}

TEST(ProbeContext, AnythingTheContextCarriesSeparates) {
  auto* key = reinterpret_cast<evp_pkey_st*>(0x1);
  const Probe a = with_chain({{1, 2, 3}}, key);
  EXPECT_FALSE(same_context(a, with_chain({{1, 2, 4}}, key)));
  EXPECT_FALSE(same_context(a, with_chain({{1, 2, 3}, {9}}, key)));
  EXPECT_FALSE(same_context(a, with_chain({{1, 2, 3}}, reinterpret_cast<evp_pkey_st*>(0x2))));
  EXPECT_FALSE(same_context(a, Probe{}));
  Probe b = a;
  b.options.security_level = 0;
  EXPECT_FALSE(same_context(a, b));
  b = a;
  b.options.version = TlsVersion::Tls12;
  EXPECT_FALSE(same_context(a, b));
  b = a;
  b.options.max_handshake_bytes = 1024;
  EXPECT_FALSE(same_context(a, b));
}

}  // namespace
}  // namespace mtlsdoctor::probe::detail
