// Certificates built in the test with libcrypto's own X509 API and signed by a throwaway key:
// names of any string type and content, and any extensions, without the openssl CLI.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::testing {

using Der = std::vector<std::uint8_t>;

inline EVP_PKEY* signing_key() {
  static const ossl::EvpPkeyPtr key{EVP_EC_gen("P-256")};
  return key.get();
}

// One value in a name: attribute type (short name or dotted OID), ASN.1 string type, bytes.
struct NameValue {
  std::string type;
  int asn1_type;
  std::string bytes;
  bool joins_previous_rdn = false;  // a multi-valued RDN
};

inline ossl::X509NamePtr make_name(const std::vector<NameValue>& values) {
  ossl::X509NamePtr name{X509_NAME_new()};
  for (const auto& v : values) {
    EXPECT_EQ(X509_NAME_add_entry_by_txt(name.get(), v.type.c_str(), v.asn1_type,
                                         reinterpret_cast<const unsigned char*>(v.bytes.data()),
                                         static_cast<int>(v.bytes.size()), -1, v.joins_previous_rdn ? -1 : 0),
              1)
        << v.type;
  }
  return name;
}

// `extensions`: (name, value) as `openssl x509 -extfile` takes them: {"subjectAltName", "DNS:a"}.
inline Der make_cert(const X509_NAME* subject, const X509_NAME* issuer, long serial = 7,
                     const std::vector<std::pair<std::string, std::string>>& extensions = {}) {
  ossl::X509Ptr x{X509_new()};
  X509_set_version(x.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial);
  X509_set_subject_name(x.get(), subject);
  X509_set_issuer_name(x.get(), issuer);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 86400);
  X509_set_pubkey(x.get(), signing_key());
  for (const auto& [name, value] : extensions) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
    ossl::X509ExtensionPtr ext{X509V3_EXT_conf(nullptr, &ctx, name.c_str(), value.c_str())};
    EXPECT_TRUE(ext) << name;
    if (ext) X509_add_ext(x.get(), ext.get(), -1);
  }
  EXPECT_GT(X509_sign(x.get(), signing_key(), EVP_sha256()), 0);
  unsigned char* der = nullptr;
  const int len = i2d_X509(x.get(), &der);
  EXPECT_GT(len, 0);
  Der out(der, der + std::max(len, 0));
  OPENSSL_free(der);
  return out;
}

}  // namespace mtlsdoctor::testing
