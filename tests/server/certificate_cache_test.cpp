// serve's cache of decoded client certificates: the same DER gives the same decoded certificate
// (OpenSSL's object included) without decoding again; different DER never shares an entry; the
// cache is bounded; bytes that are not a certificate are an error, never cached.
#include <gtest/gtest.h>

#include "generation.h"
#include "mtlsdoctor/x509/loader.h"
#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

std::vector<std::uint8_t> der_of(const Lab& lab, const std::string& file) {
  auto bundle = x509::load_file(lab.file(file), x509::no_password());
  if (!bundle || bundle->certificates.empty()) throw std::runtime_error("cannot read " + file);
  const auto d = bundle->certificates.front().der();
  return {d.begin(), d.end()};
}

TEST(ServeCertificateCache, TheSameBytesAreDecodedOnce) {
  const Lab& lab = Lab::get();
  detail::CertificateCache cache;
  const auto good = der_of(lab, "client-good.crt");
  const auto expired = der_of(lab, "client-expired.crt");
  auto first = cache.get(good, "a");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(cache.hits(), 0u);
  auto again = cache.get(good, "b");
  ASSERT_TRUE(again);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(*first->native(), *again->native()) << "OpenSSL's object is shared, not decoded again";
  EXPECT_EQ(again->facts().subject.rfc4514, first->facts().subject.rfc4514);

  auto other = cache.get(expired, "c");
  ASSERT_TRUE(other);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_NE(other->facts().subject.rfc4514, first->facts().subject.rfc4514);
  EXPECT_NE(*other->native(), *first->native());
  EXPECT_EQ(cache.size(), 2u);
}

TEST(ServeCertificateCache, IsBoundedAndNeverKeepsGarbage) {
  const Lab& lab = Lab::get();
  detail::CertificateCache cache(2);
  for (const char* f : {"client-good.crt", "client-expired.crt", "client-revoked.crt"}) {
    ASSERT_TRUE(cache.get(der_of(lab, f), f));
    EXPECT_LE(cache.size(), 2u);
  }
  const std::vector<std::uint8_t> junk = {0x30, 0x03, 0x02, 0x01, 0x05};
  EXPECT_FALSE(cache.get(junk, "junk"));
  EXPECT_FALSE(cache.get(junk, "junk"));
  EXPECT_LE(cache.size(), 2u);
  // A truncated certificate: a prefix of a real one is not that certificate.
  auto good = der_of(lab, "client-good.crt");
  ASSERT_TRUE(cache.get(good, "good"));
  good.resize(good.size() - 1);
  EXPECT_FALSE(cache.get(good, "cut"));
}

}  // namespace
}  // namespace mtlsdoctor::server::test
