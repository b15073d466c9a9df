// Test PKI builder for chain tests: small hierarchies made with the lab's certificate builder,
// pinned to a fixed clock.
#pragma once

#include <gtest/gtest.h>

#include "cert_builder.h"
#include "crl_builder.h"
#include "key_factory.h"
#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::testing {

namespace ld = mtlsdoctor::lab::detail;
using namespace std::chrono_literals;

inline const core::TimePoint kNow = core::TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 6 / 15}};

struct Node {
  ossl::EvpPkeyPtr key;
  ossl::X509Ptr cert;
  x509::Certificate ours;
};

inline x509::Certificate to_ours(X509* x) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(x, &der);
  auto cert = x509::Certificate::from_der({der, static_cast<std::size_t>(len)}, "test");
  OPENSSL_free(der);
  EXPECT_TRUE(cert.has_value());
  return *cert;
}

struct Spec {
  std::string cn;
  bool ca = false;
  core::TimePoint not_before = kNow - 24h * 30;
  core::TimePoint not_after = kNow + 24h * 365;
  ld::KeyType key = ld::KeyType::EcP256;
  std::vector<ld::Purpose> eku{ld::Purpose::ClientAuth};
  std::optional<ld::KeyUsage> key_usage;
  std::vector<ld::AltName> names;
};

inline Node make(const Spec& s, const Node* issuer) {
  auto key = ld::generate_key(s.key);
  EXPECT_TRUE(key.has_value());
  ld::CertSpec spec;
  spec.subject.organization = "Chain Test";
  spec.subject.common_name = s.cn;
  spec.not_before = s.not_before;
  spec.not_after = s.not_after;
  if (s.ca) {
    spec.ca = ld::CaConstraints{};
    spec.key_usage = {false, false, true, true};
  } else {
    spec.key_usage = s.key_usage.value_or(ld::KeyUsage{true, false, false, false});
    spec.extended_key_usage = s.eku;
    spec.alt_names = s.names;
  }
  std::optional<ld::Issuer> by;
  if (issuer) by = ld::Issuer{issuer->cert.get(), issuer->key.get()};
  auto cert = ld::build_certificate(spec, key->get(), by);
  EXPECT_TRUE(cert.has_value());
  auto ours = to_ours(cert->get());
  return Node{std::move(*key), std::move(*cert), std::move(ours)};
}

inline Spec ca(std::string cn) {
  Spec s;
  s.cn = std::move(cn);
  s.ca = true;
  s.not_before = kNow - 24h * 365;
  s.not_after = kNow + 24h * 3650;
  return s;
}

inline Spec leaf(std::string cn) {
  Spec s;
  s.cn = std::move(cn);
  return s;
}

inline std::vector<core::FindingId> ids(const core::Report& r) {
  std::vector<core::FindingId> out;
  for (const auto& f : r.findings) out.push_back(f.id);
  return out;
}

}  // namespace mtlsdoctor::testing
