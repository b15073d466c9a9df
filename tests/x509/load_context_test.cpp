// Certificates loaded within a LoadContext keep their DER and facts in its arena
// (src/x509/arena.cpp): they must read the same as without one, and stay whole after the
// context, and their copies, are gone in any order.
#include "mtlsdoctor/x509/load_context.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "cert_builder.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::x509 {
namespace {

using mtlsdoctor::testing::Der;
using mtlsdoctor::testing::make_cert;
using mtlsdoctor::testing::make_name;

std::vector<Der> many_certs(std::size_t n) {
  const auto ca = make_name({{"CN", MBSTRING_ASC, "Context CA"}});
  std::vector<Der> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto leaf = make_name({{"CN", MBSTRING_ASC, "leaf-" + std::to_string(i)}});
    out.push_back(make_cert(leaf.get(), ca.get(), static_cast<long>(i + 1),
                            {{"subjectAltName", "DNS:leaf-" + std::to_string(i) + ".example"}}));
  }
  return out;
}

void expect_same(const Certificate& ours, const Certificate& reference) {
  EXPECT_TRUE(std::ranges::equal(ours.der(), reference.der()));
  EXPECT_EQ(ours.facts().subject.rfc4514, reference.facts().subject.rfc4514);
  EXPECT_EQ(ours.facts().issuer.rfc4514, reference.facts().issuer.rfc4514);
  EXPECT_EQ(ours.facts().sha256_fingerprint, reference.facts().sha256_fingerprint);
  EXPECT_EQ(ours.facts().spki_sha256, reference.facts().spki_sha256);
  ASSERT_EQ(ours.facts().sans.size(), reference.facts().sans.size());
  EXPECT_EQ(ours.facts().sans.front().value, reference.facts().sans.front().value);
  EXPECT_TRUE(ours == reference);
}

TEST(LoadContext, CertificatesOutliveTheContextAcrossManyBlocks) {
  // Enough certificates to fill the first block and start large ones.
  const auto ders = many_certs(3000);
  std::vector<Certificate> kept;
  {
    LoadContext context;
    for (const auto& der : ders) {
      auto cert = Certificate::from_der(der, "bulk", 4096, &context);
      ASSERT_TRUE(cert.has_value()) << cert.error().describe();
      kept.push_back(std::move(*cert));
    }
    EXPECT_EQ(context.cached_names(), 1u);
  }
  // Drop every other certificate, then read the rest, and decode them with OpenSSL too.
  std::vector<Certificate> half;
  for (std::size_t i = 0; i < kept.size(); i += 2) half.push_back(kept[i]);
  kept.clear();
  for (std::size_t k = 0; k < half.size(); ++k) {
    auto reference = Certificate::from_der(ders[2 * k], "reference");
    ASSERT_TRUE(reference.has_value());
    expect_same(half[k], *reference);
  }
  auto native = half.back().native();
  ASSERT_TRUE(native.has_value()) << native.error().describe();
  EXPECT_NE(*native, nullptr);
}

TEST(LoadContext, ACertificateLargerThanABlockGetsItsOwn) {
  // 4,000 SANs: a DER of about 120 KB, more than a shared piece may take.
  std::string sans;
  for (int i = 0; i < 4000; ++i)
    sans += (i ? "," : "") + std::string("DNS:a-longer-host-name-") + std::to_string(i) + ".example";
  const auto name = make_name({{"CN", MBSTRING_ASC, "big"}});
  const Der der = make_cert(name.get(), name.get(), 1, {{"subjectAltName", sans}});
  ASSERT_GT(der.size(), 64u << 10);
  std::optional<Certificate> big;
  {
    LoadContext context;
    auto small = Certificate::from_der(many_certs(1).front(), "small", 4096, &context);
    ASSERT_TRUE(small.has_value());
    auto cert = Certificate::from_der(der, "big", 4096, &context);
    ASSERT_TRUE(cert.has_value()) << cert.error().describe();
    big = std::move(*cert);
  }
  auto reference = Certificate::from_der(der, "reference");
  ASSERT_TRUE(reference.has_value());
  expect_same(*big, *reference);
  EXPECT_EQ(big->facts().sans.size(), 4000u);
}

TEST(LoadContext, LoadsOfManyFilesShareOne) {
  const auto ders = many_certs(5);
  LoadContext context;
  std::vector<Bundle> bundles;
  for (std::size_t i = 0; i < ders.size(); ++i) {
    const std::string bytes(reinterpret_cast<const char*>(ders[i].data()), ders[i].size());
    auto b = load_bytes(bytes, "file-" + std::to_string(i) + ".der", no_password(), {}, &context);
    ASSERT_TRUE(b.has_value()) << b.error().describe();
    bundles.push_back(std::move(*b));
  }
  EXPECT_EQ(context.cached_names(), 1u);  // the one issuer, decoded once for the five files
  EXPECT_EQ(bundles[3].certificates.at(0).facts().subject.rfc4514, "CN=leaf-3");
}

}  // namespace
}  // namespace mtlsdoctor::x509
