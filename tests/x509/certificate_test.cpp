#include "mtlsdoctor/x509/certificate.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>

#include <thread>
#include <vector>

#include "cert_builder.h"

namespace mtlsdoctor::x509 {
namespace {

using namespace mtlsdoctor::testing;

Certificate fresh_certificate(long serial) {
  const auto name = make_name({{"CN", MBSTRING_UTF8, "threads"}});
  const Der der = make_cert(name.get(), name.get(), serial);
  auto cert = Certificate::from_der(der, "threads.pem");
  EXPECT_TRUE(cert.has_value());
  return *cert;
}

// diagnose checks many targets at once against shared anchors: the first native() of a
// certificate may come from several threads together (the sanitizer build runs this).
TEST(Certificate, NativeDecodesOnceWhenManyThreadsAskAtOnce) {
  for (long round = 1; round <= 20; ++round) {
    const Certificate cert = fresh_certificate(round);
    constexpr int kThreads = 8;
    std::vector<x509_st*> seen(kThreads, nullptr);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      // Each thread holds its own copy: copies share the decoded object.
      threads.emplace_back([copy = cert, &seen, i] {
        auto x = copy.native();
        if (x) seen[static_cast<std::size_t>(i)] = *x;
      });
    }
    for (auto& t : threads) t.join();
    ASSERT_NE(seen[0], nullptr);
    for (auto* x : seen) EXPECT_EQ(x, seen[0]);
    EXPECT_EQ(ASN1_INTEGER_get(X509_get0_serialNumber(seen[0])), round);
  }
}

TEST(Certificate, NativeIsTheCertificateOfTheDer) {
  const Certificate cert = fresh_certificate(42);
  auto x = cert.native();
  ASSERT_TRUE(x.has_value());
  unsigned char* der = nullptr;
  const int len = i2d_X509(*x, &der);
  ASSERT_GT(len, 0);
  EXPECT_TRUE(std::ranges::equal(std::span<const std::uint8_t>(der, static_cast<std::size_t>(len)), cert.der()));
  OPENSSL_free(der);
}

}  // namespace
}  // namespace mtlsdoctor::x509
