#include "names.h"

#include <openssl/evp.h>
#include <openssl/objects.h>

#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::x509::detail {

std::string object_name(const ASN1_OBJECT* obj) {
  const int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    if (const char* sn = OBJ_nid2sn(nid)) return sn;
  }
  char buf[128];
  const int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  return n > 0 ? std::string(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1)) : "?";
}

DistinguishedName read_name(const X509_NAME* name) {
  DistinguishedName dn;
  if (!name) return dn;
  const int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    NameAttribute attr;
    attr.type = object_name(X509_NAME_ENTRY_get_object(entry));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (len >= 0) {
      attr.value.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
      OPENSSL_free(utf8);
    }
    dn.attributes.push_back(std::move(attr));
  }
  // RFC 4514 §2.1: most specific (last encoded) first, with §2.4 escaping.
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (bio && X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len > 0) dn.rfc4514.assign(data, static_cast<std::size_t>(len));
  }
  return dn;
}

core::TimePoint read_time(const ASN1_TIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return core::TimePoint{};
  const std::chrono::year_month_day ymd{std::chrono::year{tm.tm_year + 1900},
                                        std::chrono::month{static_cast<unsigned>(tm.tm_mon + 1)},
                                        std::chrono::day{static_cast<unsigned>(tm.tm_mday)}};
  return std::chrono::sys_days{ymd} + std::chrono::hours{tm.tm_hour} + std::chrono::minutes{tm.tm_min} +
         std::chrono::seconds{tm.tm_sec};
}

std::string hex_colon(const unsigned char* data, std::size_t len) {
  // A table, not fmt per byte: 92 bytes of fingerprints and key ids per certificate.
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (len == 0) return {};
  std::string out(len * 3 - 1, ':');
  for (std::size_t i = 0; i < len; ++i) {
    out[3 * i] = kHex[data[i] >> 4];
    out[3 * i + 1] = kHex[data[i] & 0x0f];
  }
  return out;
}

std::string base64(const unsigned char* data, std::size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

}  // namespace mtlsdoctor::x509::detail
