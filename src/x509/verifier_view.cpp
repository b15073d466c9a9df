#include "verifier_view.h"

#include <openssl/ec.h>
#include <openssl/objects.h>

#include <array>
#include <memory>

#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::x509::detail {
namespace {

// RSA moduli whose strength OpenSSL 3.0 (ossl_ifc_ffc_compute_security_bits) states as a
// canonical value in the same band of the security-level table (80/112/128/192/256) as
// rsa_security_bits: 4096 is 152 there and 128 here, both between 128 and 192.
bool canonical_rsa_size(int bits) {
  static constexpr std::array kSizes = {2048, 3072, 4096, 6144, 7680, 8192, 15360};
  for (int s : kSizes)
    if (s == bits) return true;
  return false;
}

// One group per curve, made once: the point is checked as OpenSSL's decoder checks it.
const EC_GROUP* group_of(int nid) {
  static const ossl::EcGroupPtr p256{EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)};
  static const ossl::EcGroupPtr p384{EC_GROUP_new_by_curve_name(NID_secp384r1)};
  static const ossl::EcGroupPtr p521{EC_GROUP_new_by_curve_name(NID_secp521r1)};
  switch (nid) {
    case NID_X9_62_prime256v1: return p256.get();
    case NID_secp384r1: return p384.get();
    case NID_secp521r1: return p521.get();
    default: return nullptr;
  }
}

bool point_on_curve(const EC_GROUP* group, const ASN1_BIT_STRING* key) {
  std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> point{EC_POINT_new(group), EC_POINT_free};
  return point &&
         EC_POINT_oct2point(group, point.get(), key->data, static_cast<std::size_t>(key->length), nullptr) == 1 &&
         !EC_POINT_is_at_infinity(group, point.get());
}

}  // namespace

bool key_as_openssl_counts(const MTLSD_SPKI& spki, const KeyInfo& info) {
  const ASN1_BIT_STRING* key = spki.public_key;
  if (!key || (key->flags & 0x07) != 0) return false;  // unused bits in the key's BIT STRING
  const ASN1_OBJECT* oid = nullptr;
  int param_type = 0;
  const void* param = nullptr;
  X509_ALGOR_get0(&oid, &param_type, &param, spki.algorithm);
  switch (OBJ_obj2nid(oid)) {
    case NID_rsaEncryption: {
      if (info.type != KeyType::Rsa || !canonical_rsa_size(info.bits)) return false;
      if (param_type != V_ASN1_NULL && param_type != V_ASN1_UNDEF) return false;
      const unsigned char* p = key->data;
      ossl::Owned<MTLSD_RSA_PUB, MTLSD_RSA_PUB_free> rsa{d2i_MTLSD_RSA_PUB(nullptr, &p, key->length)};
      return rsa && p == key->data + key->length && ASN1_STRING_type(rsa->modulus) == V_ASN1_INTEGER &&
             ASN1_STRING_type(rsa->exponent) == V_ASN1_INTEGER;
    }
    case NID_X9_62_id_ecPublicKey: {
      if (info.type != KeyType::Ec || param_type != V_ASN1_OBJECT) return false;
      const EC_GROUP* group = group_of(OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(param)));
      return group && point_on_curve(group, key);
    }
    case NID_ED25519: return param_type == V_ASN1_UNDEF && key->length == 32;
    case NID_ED448: return param_type == V_ASN1_UNDEF && key->length == 57;
    default: return false;
  }
}

void ExtensionAudit::see(int nid, bool critical, bool decoded) {
  if (!m_seen.insert(nid).second) m_plain = false;  // repeated: OpenSSL 3.0 marks it invalid
  switch (nid) {
    // Modelled, and handled by OpenSSL when critical (X509_supported_extension).
    case NID_subject_alt_name:
    case NID_ext_key_usage:
    case NID_key_usage:
    case NID_basic_constraints:
    case NID_certificate_policies: break;
    // Modelled; not among those OpenSSL supports as critical.
    case NID_subject_key_identifier:
    case NID_authority_key_identifier:
    case NID_info_access:
    case NID_crl_distribution_points:
      if (critical) m_plain = false;
      break;
    // Read by nobody here or there: only as long as it is not critical.
    case NID_ct_precert_scts:
      if (critical) m_plain = false;
      return;
    default: m_plain = false; return;
  }
  if (!decoded) m_plain = false;
}

bool ExtensionAudit::complete(const CertFacts& f) const {
  if (!m_plain || f.version != 3) return false;
  if (f.extended_key_usage) {
    for (const auto& e : *f.extended_key_usage)
      if (e.purpose == KeyPurpose::Other) return false;  // Netscape/Microsoft SGC count for servers
  }
  if (f.basic_constraints && f.basic_constraints->path_length &&
      (!f.basic_constraints->ca || *f.basic_constraints->path_length < 0))
    return false;
  return true;
}

bool signature_algorithm_known(int nid) {
  int md = NID_undef, pk = NID_undef;
  return nid != NID_undef && OBJ_find_sigid_algs(nid, &md, &pk) == 1 && pk != NID_undef;
}

}  // namespace mtlsdoctor::x509::detail
