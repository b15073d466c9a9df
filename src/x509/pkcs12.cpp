#include "pkcs12.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/legacy.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "names.h"

namespace mtlsdoctor::x509::detail {
namespace {

// PKCS#5 v1 / PKCS#12 v1 PBE schemes: RC2, RC4 and single DES live in OpenSSL 3's legacy provider.
bool needs_legacy_provider(int nid) {
  switch (nid) {
    case NID_pbe_WithSHA1And128BitRC4:
    case NID_pbe_WithSHA1And40BitRC4:
    case NID_pbe_WithSHA1And128BitRC2_CBC:
    case NID_pbe_WithSHA1And40BitRC2_CBC:
    case NID_pbeWithMD5AndDES_CBC:
    case NID_pbeWithSHA1AndDES_CBC:
    case NID_pbeWithMD5AndRC2_CBC:
    case NID_pbeWithSHA1AndRC2_CBC:
    case NID_pbeWithMD2AndDES_CBC: return true;
    default: return false;
  }
}

struct AlgorithmText {
  std::string text;
  bool legacy = false;          // a pre-PBES2 scheme
  bool needs_provider = false;  // RC2/RC4/DES
};

AlgorithmText describe(const X509_ALGOR* alg) {
  const ASN1_OBJECT* oid = nullptr;
  int ptype = 0;
  const void* pval = nullptr;
  X509_ALGOR_get0(&oid, &ptype, &pval, alg);
  const int nid = OBJ_obj2nid(oid);
  if (nid == NID_pbes2 && ptype == V_ASN1_SEQUENCE) {
    ossl::Pbe2ParamPtr pbe2{
        static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter))};
    if (!pbe2) return {"PBES2 (unreadable parameters)", false, false};
    std::string cipher = object_name(pbe2->encryption->algorithm);
    for (auto& c : cipher) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string kdf = object_name(pbe2->keyfunc->algorithm);
    if (OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2) {
      ossl::Pbkdf2ParamPtr params{
          static_cast<PBKDF2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter))};
      if (params) {
        const std::string prf = params->prf ? object_name(params->prf->algorithm) : "hmacWithSHA1";
        kdf = fmt::format("PBKDF2 ({}, {} iterations)", prf, ASN1_INTEGER_get(params->iter));
      }
    }
    return {fmt::format("{}, {}", cipher, kdf), false, false};
  }
  const char* ln = OBJ_nid2ln(nid);
  return {ln ? ln : object_name(oid), true, needs_legacy_provider(nid)};
}

struct Scan {
  std::string cert_encryption = "none";
  std::string key_encryption = "none";
  bool legacy = false;
  bool needs_provider = false;
};

void note(Scan& scan, const AlgorithmText& a, std::string& slot) {
  if (slot == "none") {
    slot = a.text;
  } else if (slot.find(a.text) == std::string::npos) {
    slot += "; " + a.text;
  }
  scan.legacy = scan.legacy || a.legacy;
  scan.needs_provider = scan.needs_provider || a.needs_provider;
}

void scan_bags(const STACK_OF(PKCS12_SAFEBAG) * bags, Scan& scan) {
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
    const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
    if (PKCS12_SAFEBAG_get_nid(bag) == NID_pkcs8ShroudedKeyBag) {
      const X509_ALGOR* alg = nullptr;
      X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, nullptr);
      if (alg) note(scan, describe(alg), scan.key_encryption);
    }
  }
}

// What protects the file, read without the password (the structure is public).
Scan scan_encryption(PKCS12* p12) {
  Scan scan;
  ossl::Pkcs7StackPtr safes{PKCS12_unpack_authsafes(p12)};
  for (int i = 0; safes && i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* p7 = sk_PKCS7_value(safes.get(), i);
    const int type = OBJ_obj2nid(p7->type);
    if (type == NID_pkcs7_encrypted && p7->d.encrypted && p7->d.encrypted->enc_data) {
      note(scan, describe(p7->d.encrypted->enc_data->algorithm), scan.cert_encryption);
    } else if (type == NID_pkcs7_data) {
      ossl::SafeBagStackPtr bags{PKCS12_unpack_p7data(p7)};
      if (bags) scan_bags(bags.get(), scan);
    }
  }
  ossl::clear_errors();
  return scan;
}

std::string mac_name(const PKCS12* p12) {
  if (!PKCS12_mac_present(p12)) return "none";
  const X509_ALGOR* alg = nullptr;
  PKCS12_get0_mac(nullptr, &alg, nullptr, nullptr, p12);
  if (!alg) return "unknown";
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
  return object_name(oid);
}

// Holds a password and wipes it when done.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string s) : m_value(std::move(s)), m_set(true) {}
  Secret(const Secret&) = delete;
  Secret& operator=(Secret&& o) noexcept {
    wipe();
    m_value = std::move(o.m_value);
    m_set = o.m_set;
    o.m_set = false;
    return *this;
  }
  ~Secret() { wipe(); }
  [[nodiscard]] const char* c_str() const { return m_set ? m_value.c_str() : nullptr; }
  [[nodiscard]] int size() const { return static_cast<int>(m_value.size()); }

 private:
  void wipe() {
    if (!m_value.empty()) OPENSSL_cleanse(m_value.data(), m_value.size());
    m_value.clear();
  }
  std::string m_value;
  bool m_set = false;
};

core::Result<void> take_certificate(X509* cert, Bundle& out, const LoadLimits& limits, int index) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert, &der);
  if (len <= 0)
    return std::unexpected(
        ossl::error_from_queue(core::ErrorCategory::Parse, "unreadable certificate bag", out.source));
  auto parsed = Certificate::from_der({der, static_cast<std::size_t>(len)},
                                      fmt::format("{} (certificate {})", out.source, index), limits.max_sans);
  OPENSSL_free(der);
  if (!parsed) return std::unexpected(parsed.error());
  out.certificates.push_back(std::move(*parsed));
  return {};
}

}  // namespace

Pkcs12Attempt load_pkcs12(std::string_view der, Bundle& out, const PasswordProvider& password,
                          const LoadLimits& limits) {
  ossl::clear_errors();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::Pkcs12Ptr p12{d2i_PKCS12(nullptr, &p, static_cast<long>(der.size()))};
  if (!p12) {
    ossl::clear_errors();
    return {false, {}};
  }
  const auto fail = [&](core::ErrorCategory category, std::string message) {
    return Pkcs12Attempt{true, std::unexpected(ossl::error_from_queue(category, std::move(message), out.source))};
  };

  out.format = SourceFormat::Pkcs12;
  const Scan scan = scan_encryption(p12.get());
  out.pkcs12 = Pkcs12Info{mac_name(p12.get()), scan.cert_encryption, scan.key_encryption, scan.legacy};

  // The MAC tells a wrong password from a corrupt file before any decryption is tried.
  Secret pass;
  if (PKCS12_mac_present(p12.get())) {
    if (PKCS12_verify_mac(p12.get(), "", 0)) {
      pass = Secret{""};
    } else if (!PKCS12_verify_mac(p12.get(), nullptr, 0)) {
      ossl::clear_errors();
      auto given = password(fmt::format("PKCS#12 file {}", out.source));
      if (!given) {
        auto err = given.error();
        if (err.subject.empty()) err.subject = out.source;
        return {true, std::unexpected(std::move(err))};
      }
      pass = Secret{std::move(*given)};
      if (!PKCS12_verify_mac(p12.get(), pass.c_str(), pass.size())) {
        ossl::clear_errors();
        return {true, core::fail(core::ErrorCategory::Password,
                                 "wrong password for the PKCS#12 file (MAC verification failed)", out.source)};
      }
    }
  } else {
    pass = Secret{""};
  }

  EVP_PKEY* pkey = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  const auto parse = [&] { return PKCS12_parse(p12.get(), pass.c_str(), &pkey, &cert, &ca) == 1; };
  bool parsed = false;
  if (!scan.needs_provider) parsed = parse();
  if (!parsed) {
    // RC2-40 (`openssl pkcs12 -legacy`, Windows before 2019, Java before 8u301) needs the legacy provider.
    ossl::clear_errors();
    auto scope = ossl::LegacyScope::enter();
    if (!scope) {
      return {true, std::unexpected(core::Error{
                        core::ErrorCategory::Unsupported,
                        fmt::format("uses legacy encryption ({}) and {}", scan.cert_encryption, scope.error().message),
                        out.source, scope.error().details})};
    }
    parsed = parse();
  }
  if (!parsed) return fail(core::ErrorCategory::Parse, "cannot decrypt or parse the PKCS#12 contents");

  ossl::X509Ptr leaf{cert};
  ossl::X509StackPtr chain{ca};
  if (pkey) out.keys.emplace_back(pkey, out.source, "PKCS#12 key bag");
  int index = 1;
  if (leaf) {
    if (auto r = take_certificate(leaf.get(), out, limits, index++); !r) return {true, std::unexpected(r.error())};
  }
  for (int i = 0; chain && i < sk_X509_num(chain.get()); ++i) {
    if (auto r = take_certificate(sk_X509_value(chain.get(), i), out, limits, index++); !r) {
      return {true, std::unexpected(r.error())};
    }
  }
  return {true, {}};
}

}  // namespace mtlsdoctor::x509::detail
