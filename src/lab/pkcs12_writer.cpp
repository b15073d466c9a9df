#include "pkcs12_writer.h"

#include <openssl/pkcs12.h>

#include <optional>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/legacy.h"

namespace mtlsdoctor::lab::detail {
namespace {

constexpr int kIterations = 2048;  // PKCS12_DEFAULT_ITER, what `openssl pkcs12 -export` uses

struct Algorithms {
  int cert_nid;
  int key_nid;
  const EVP_MD* mac;
};

Algorithms algorithms_of(Pkcs12Profile profile) {
  switch (profile) {
    case Pkcs12Profile::Legacy:
      return {NID_pbe_WithSHA1And40BitRC2_CBC, NID_pbe_WithSHA1And3_Key_TripleDES_CBC, EVP_sha1()};
    case Pkcs12Profile::Modern: break;
  }
  // A cipher NID (not a PBE one) makes OpenSSL use PBES2 with PBKDF2 and hmacWithSHA256.
  return {NID_aes_256_cbc, NID_aes_256_cbc, EVP_sha256()};
}

}  // namespace

core::Result<std::string> write_pkcs12(Pkcs12Profile profile, const std::string& password,
                                       const Pkcs12Contents& contents) {
  // RC2 lives in the legacy provider; the scope makes a context holding it this thread's
  // default only while the file is made.
  std::optional<ossl::LegacyScope> legacy;
  if (profile == Pkcs12Profile::Legacy) {
    auto scope = ossl::LegacyScope::enter();
    if (!scope) return std::unexpected(scope.error());
    legacy.emplace(std::move(*scope));
  }

  ossl::X509StackPtr chain{sk_X509_new_null()};
  if (!chain) return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "out of memory"));
  for (X509* ca : contents.chain) {
    // The stack frees what it holds, so it holds references of its own.
    if (X509_up_ref(ca) != 1)
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "X509_up_ref"));
    ossl::X509Ptr ref{ca};
    if (sk_X509_push(chain.get(), ref.get()) <= 0) {
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "out of memory"));
    }
    static_cast<void>(ref.release());  // now owned by the stack
  }

  const Algorithms alg = algorithms_of(profile);
  const std::string name{contents.friendly_name};
  // mac_iter -1: no MAC yet; it is added below with the digest this profile calls for.
  ossl::Pkcs12Ptr p12{PKCS12_create_ex(password.c_str(), name.c_str(), contents.key, contents.cert, chain.get(),
                                       alg.key_nid, alg.cert_nid, kIterations, -1, 0, nullptr, nullptr)};
  if (!p12 || PKCS12_set_mac(p12.get(), password.c_str(), static_cast<int>(password.size()), nullptr, 0, kIterations,
                             alg.mac) != 1) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot create the PKCS#12 file"));
  }

  unsigned char* der = nullptr;
  const int len = i2d_PKCS12(p12.get(), &der);
  if (len <= 0) return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot encode PKCS#12"));
  ossl::OpensslBytesPtr owned{der};
  return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<std::size_t>(len));
}

}  // namespace mtlsdoctor::lab::detail
