#include "decoded_name.h"

#include <openssl/asn1t.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstring>

#include "names.h"

// OpenSSL's X509_NAME_INTERNAL (crypto/x509/x_name.c), field for field: a SEQUENCE OF RDNs,
// each a SET OF X509_NAME_ENTRY (AttributeTypeAndValue with OpenSSL's own value template).
// clang-format off
extern "C" {
typedef STACK_OF(X509_NAME_ENTRY) MTLSD_RDN;
DEFINE_STACK_OF(MTLSD_RDN)
typedef STACK_OF(MTLSD_RDN) MTLSD_NAME;
DECLARE_ASN1_FUNCTIONS(MTLSD_NAME)

ASN1_ITEM_TEMPLATE(MTLSD_RDN) = ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SET_OF, 0, RDNS, X509_NAME_ENTRY)
static_ASN1_ITEM_TEMPLATE_END(MTLSD_RDN)

ASN1_ITEM_TEMPLATE(MTLSD_NAME) = ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SEQUENCE_OF, 0, Name, MTLSD_RDN)
ASN1_ITEM_TEMPLATE_END(MTLSD_NAME)

IMPLEMENT_ASN1_FUNCTIONS(MTLSD_NAME)
}
// clang-format on

namespace mtlsdoctor::x509 {
namespace detail {
namespace {

using NamePtr = ossl::Owned<MTLSD_NAME, MTLSD_NAME_free>;

// crypto/x509/x_name.c: X509_NAME_MAX. X509_NAME's decoder reads no further.
constexpr std::size_t kX509NameMax = 1024 * 1024;
// crypto/x509/x_name.c: ASN1_MASK_CANON, the string types X509_NAME converts to UTF-8 for its
// canonical form when it decodes a name: a value that does not convert fails the whole name.
constexpr unsigned long kMaskCanon = B_ASN1_UTF8STRING | B_ASN1_BMPSTRING | B_ASN1_UNIVERSALSTRING |
                                     B_ASN1_PRINTABLESTRING | B_ASN1_T61STRING | B_ASN1_IA5STRING |
                                     B_ASN1_VISIBLESTRING;
// What read_name(X509_NAME*) prints with: RFC 2253/4514, UTF-8 left unescaped.
constexpr unsigned long kRfc4514Flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;

// Refused: OpenSSL's own decoder states why, in the error queue.
std::nullopt_t refuse(std::span<const std::uint8_t> der) {
  const unsigned char* p = der.data();
  const ossl::X509NamePtr name{d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size()))};
  return std::nullopt;
}

// A value that X509_NAME_print_ex with kRfc4514Flags prints unchanged, i.e. one in which no
// character needs an RFC 4514 §2.4 escape by OpenSSL's rules (char_type in
// crypto/asn1/charmap.h): printable ASCII other than " + , ; < > \, no '#' or ' ' first, no ' '
// last; in a UTF8String also any byte from 0x80 (not escaped without ASN1_STRFLGS_ESC_MSB).
// Anything else is printed by ASN1_STRING_print_ex, as X509_NAME_print_ex would.
bool prints_unchanged(const ASN1_STRING* value) {
  const int type = ASN1_STRING_type(value);
  if (type != V_ASN1_UTF8STRING && type != V_ASN1_PRINTABLESTRING && type != V_ASN1_IA5STRING) return false;
  const unsigned char* data = ASN1_STRING_get0_data(value);
  const int len = ASN1_STRING_length(value);
  for (int i = 0; i < len; ++i) {
    const unsigned char c = data[i];
    if (c >= 0x80) {
      if (type != V_ASN1_UTF8STRING) return false;  // converted from Latin-1 when printed
      continue;
    }
    if (c < 0x20 || c == 0x7f) return false;
    switch (c) {
      case '"':
      case '+':
      case ',':
      case ';':
      case '<':
      case '>':
      case '\\': return false;
      default: break;
    }
    if (i == 0 && (c == ' ' || c == '#')) return false;
    if (i == len - 1 && c == ' ') return false;
  }
  return true;
}

// A UTF8String, PrintableString or IA5String of ASCII only: what ASN1_STRING_to_UTF8 makes of
// it is the same bytes (one byte per character, below 0x80), and it always succeeds.
bool is_ascii_string(const ASN1_STRING* value) {
  const int type = ASN1_STRING_type(value);
  if (type != V_ASN1_UTF8STRING && type != V_ASN1_PRINTABLESTRING && type != V_ASN1_IA5STRING) return false;
  const unsigned char* data = ASN1_STRING_get0_data(value);
  return std::all_of(data, data + ASN1_STRING_length(value), [](unsigned char c) { return c < 0x80; });
}

struct Entry {
  const X509_NAME_ENTRY* entry;
  int rdn;  // index of its RDN, as X509_NAME_ENTRY_set() numbers it
};

// X509_NAME_print_ex(name, 0, kRfc4514Flags) (do_name_ex in crypto/asn1/a_strex.c): the
// entries last to first, "+" between those of one RDN, "," between RDNs; the type's short
// name, or its dotted OID (80 bytes at most) with the value dumped as #hex DER when OpenSSL
// does not know the type. Empty when OpenSSL's printing would fail.
std::string rfc4514_text(const std::vector<Entry>& entries) {
  std::string out;
  ossl::BioPtr bio;  // only for values that need OpenSSL's escaping
  int prev = -1;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (prev != -1) out += prev == it->rdn ? '+' : ',';
    prev = it->rdn;
    const ASN1_OBJECT* type = X509_NAME_ENTRY_get_object(it->entry);
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(it->entry);
    const int nid = OBJ_obj2nid(type);
    unsigned long flags = kRfc4514Flags;
    if (nid == NID_undef) {
      char oid[80] = {};
      OBJ_obj2txt(oid, sizeof oid, type, 1);
      out += oid;
      flags |= ASN1_STRFLGS_DUMP_ALL;
    } else if (const char* sn = OBJ_nid2sn(nid)) {
      out += sn;
    }
    out += '=';
    if (nid != NID_undef && prints_unchanged(value)) {
      out.append(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                 static_cast<std::size_t>(ASN1_STRING_length(value)));
      continue;
    }
    if (!bio) bio.reset(BIO_new(BIO_s_mem()));
    if (!bio || ASN1_STRING_print_ex(bio.get(), value, flags) < 0) return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len > 0) out.append(data, static_cast<std::size_t>(len));
    (void)BIO_reset(bio.get());
  }
  return out;
}

// X509_NAME_cmp compares canonical forms in which a string value is its UTF-8 with runs of
// white space (" \t\n\v\f\r") made one space and trimmed, and ASCII letters lower-cased
// (asn1_string_canon in crypto/x509/x_name.c). Two values whose canonical forms are equal are
// still equal with all white space dropped and ASCII lower-cased, so when that differs, the
// canonical forms differ too. (The converse does not hold: "ab" and "a b" fold alike.)
bool folded_equal(std::string_view a, std::string_view b) {
  const auto space = [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  const auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20) : c; };
  std::size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && space(static_cast<unsigned char>(a[i]))) ++i;
    while (j < b.size() && space(static_cast<unsigned char>(b[j]))) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[j]))) return false;
    ++i;
    ++j;
  }
}

void append_u32(std::string& out, std::size_t n) {
  const auto v = static_cast<std::uint32_t>(n);
  char bytes[4];
  std::memcpy(bytes, &v, sizeof bytes);
  out.append(bytes, sizeof bytes);
}

}  // namespace

std::optional<DecodedName> DecodedName::decode(std::span<const std::uint8_t> der) {
  if (der.size() > kX509NameMax) return refuse(der);
  const unsigned char* p = der.data();
  const NamePtr rdns{d2i_MTLSD_NAME(nullptr, &p, static_cast<long>(der.size()))};
  if (!rdns || p != der.data() + der.size()) return refuse(der);

  DecodedName out;
  out.m_der.assign(der.begin(), der.end());
  std::vector<Entry> entries;
  const int rdn_count = sk_MTLSD_RDN_num(rdns.get());
  for (int i = 0; i < rdn_count; ++i) {
    const MTLSD_RDN* rdn = sk_MTLSD_RDN_value(rdns.get(), i);
    const int n = sk_X509_NAME_ENTRY_num(rdn);
    // An empty RDN leaves no trace in X509_NAME (its entries are flattened), nor here.
    if (n == 1) {
      const ASN1_OBJECT* type = X509_NAME_ENTRY_get_object(sk_X509_NAME_ENTRY_value(rdn, 0));
      out.m_shape += 'o';
      append_u32(out.m_shape, OBJ_length(type));
      out.m_shape.append(reinterpret_cast<const char*>(OBJ_get0_data(type)), OBJ_length(type));
    } else if (n > 1) {
      out.m_shape += 'm';
      append_u32(out.m_shape, static_cast<std::size_t>(n));
    }
    for (int j = 0; j < n; ++j) {
      const X509_NAME_ENTRY* entry = sk_X509_NAME_ENTRY_value(rdn, j);
      entries.push_back({entry, i});
      const int type = ASN1_STRING_type(X509_NAME_ENTRY_get_data(entry));
      out.m_foldable.push_back(n == 1 && (ASN1_tag2bit(type) & kMaskCanon) != 0);
    }
  }

  // The attributes as read_name(X509_NAME*) lists them, in encoded order.
  out.m_dn.attributes.reserve(entries.size());
  for (const auto& e : entries) {
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(e.entry);
    NameAttribute attr;
    attr.type = object_name(X509_NAME_ENTRY_get_object(e.entry));
    if (is_ascii_string(value)) {
      // ASCII converts to itself, and cannot fail to.
      attr.value.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                        static_cast<std::size_t>(ASN1_STRING_length(value)));
      out.m_dn.attributes.push_back(std::move(attr));
      continue;
    }
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, value);
    if (len >= 0) {
      attr.value.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
      OPENSSL_free(utf8);
    } else if (ASN1_tag2bit(ASN1_STRING_type(value)) & kMaskCanon) {
      return refuse(der);  // X509_NAME's canonical form cannot be made: OpenSSL refuses the name
    }
    out.m_dn.attributes.push_back(std::move(attr));
  }
  out.m_dn.rfc4514 = rfc4514_text(entries);
  return out;
}

const X509_NAME* DecodedName::x509_name() const {
  if (!m_x509) {
    const unsigned char* p = m_der.data();
    m_x509.reset(d2i_X509_NAME(nullptr, &p, static_cast<long>(m_der.size())));
  }
  return m_x509.get();
}

bool same_name(const DecodedName& a, const DecodedName& b) {
  if (std::ranges::equal(a.m_der, b.m_der)) return true;
  if (a.m_shape != b.m_shape) return false;
  // Same shape: the entries pair up one to one. A quick "no" first for string values that
  // differ even once folded (the common case: a leaf named like its CA, C/O/CN, with other
  // values); only names that could be equal go to OpenSSL's own comparison.
  for (std::size_t i = 0; i < a.m_foldable.size(); ++i) {
    if (a.m_foldable[i] && b.m_foldable[i] && !folded_equal(a.m_dn.attributes[i].value, b.m_dn.attributes[i].value)) {
      return false;
    }
  }
  const X509_NAME* x = a.x509_name();
  const X509_NAME* y = b.x509_name();
  return x && y && X509_NAME_cmp(x, y) == 0;
}

std::shared_ptr<const DecodedName> NameCache::get(std::span<const std::uint8_t> der) {
  const std::string_view key(reinterpret_cast<const char*>(der.data()), der.size());
  if (const auto it = m_names.find(key); it != m_names.end()) return it->second;
  auto decoded = DecodedName::decode(der);
  if (!decoded) return nullptr;
  auto shared = std::make_shared<const DecodedName>(std::move(*decoded));
  if (m_names.size() < kMaxNames) {
    const auto own = shared->der();
    m_names.emplace(std::string_view(reinterpret_cast<const char*>(own.data()), own.size()), shared);
  }
  return shared;
}

const DecodedName* NameCache::find(std::span<const std::uint8_t> der) const {
  const auto it = m_names.find(std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
  return it == m_names.end() ? nullptr : it->second.get();
}

}  // namespace detail
}  // namespace mtlsdoctor::x509
