#include "facts.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "decoded_name.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "names.h"
#include "verifier_view.h"

namespace mtlsdoctor::x509 {

std::vector<std::string> DistinguishedName::values(std::string_view type) const {
  std::vector<std::string> out;
  for (const auto& a : attributes) {
    if (a.type == type) out.push_back(a.value);
  }
  return out;
}

bool CertFacts::has_eku(KeyPurpose purpose) const {
  return extended_key_usage && std::any_of(extended_key_usage->begin(), extended_key_usage->end(),
                                           [purpose](const ExtendedKeyUsage& e) { return e.purpose == purpose; });
}

bool CertFacts::has_key_usage(KeyUsage usage) const {
  return key_usage && key_usage->has(usage);
}

std::string_view to_string(SanType t) noexcept {
  switch (t) {
    case SanType::Dns: return "DNS";
    case SanType::Ip: return "IP";
    case SanType::Uri: return "URI";
    case SanType::Email: return "email";
    case SanType::DirName: return "dirName";
    case SanType::Other: return "other";
  }
  return "other";
}

std::string_view KeyInfo::type_name() const noexcept {
  switch (type) {
    case KeyType::Rsa: return "RSA";
    case KeyType::RsaPss: return "RSA-PSS";
    case KeyType::Ec: return "EC";
    case KeyType::Ed25519: return "ED25519";
    case KeyType::Ed448: return "ED448";
    case KeyType::Dsa: return "DSA";
    case KeyType::Other: return other;
  }
  return other;
}

std::string_view to_string(KeyUsage u) noexcept {
  static constexpr std::array<std::string_view, 9> kNames = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                                             "dataEncipherment", "keyAgreement",   "keyCertSign",
                                                             "cRLSign",          "encipherOnly",   "decipherOnly"};
  return kNames[static_cast<std::size_t>(u)];
}

std::vector<std::string> KeyUsageSet::names() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < m_bits.size(); ++i) {
    if (m_bits.test(i)) out.emplace_back(to_string(static_cast<KeyUsage>(i)));
  }
  return out;
}

std::string_view to_string(KeyPurpose p) noexcept {
  // OpenSSL's short names (SN_server_auth, …), as object_name() reads them.
  switch (p) {
    case KeyPurpose::ServerAuth: return SN_server_auth;
    case KeyPurpose::ClientAuth: return SN_client_auth;
    case KeyPurpose::CodeSigning: return SN_code_sign;
    case KeyPurpose::EmailProtection: return SN_email_protect;
    case KeyPurpose::TimeStamping: return SN_time_stamp;
    case KeyPurpose::OcspSigning: return SN_OCSP_sign;
    case KeyPurpose::Any: return SN_anyExtendedKeyUsage;
    case KeyPurpose::Other: return "";
  }
  return "";
}

std::vector<std::string> names(const ExtendedKeyUsages& ekus) {
  std::vector<std::string> out;
  out.reserve(ekus.size());
  for (const auto& e : ekus) out.emplace_back(e.name());
  return out;
}

namespace detail {
namespace {

const EVP_MD* digest(const char* name) {
  // Fetched once: an implicit fetch per call costs more than hashing a certificate.
  static EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  return std::string_view(name) == "SHA256" ? sha256 : sha1;
}

std::span<const std::uint8_t> asn1_bytes(const ASN1_STRING* s) {
  return {ASN1_STRING_get0_data(s), static_cast<std::size_t>(ASN1_STRING_length(s))};
}

// Subject, issuer and whether they are the same name. The issuer is usually the previous
// certificate's too: looked up in the cache, decoded once. The subject is usually seen once:
// decoded, unless it is a known issuer (a CA's own certificate).
core::Result<void> read_names(const MTLSD_TBS& tbs, NameCache* cache, CertFacts& f) {
  const auto invalid = [] {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Parse, "not a valid X.509 certificate"));
  };
  std::optional<DecodedName> issuer_own, subject_own;
  std::shared_ptr<const DecodedName> issuer_held;
  const DecodedName* issuer = nullptr;
  if (cache) {
    issuer_held = cache->get(asn1_bytes(tbs.issuer));
    issuer = issuer_held.get();
  } else if ((issuer_own = DecodedName::decode(asn1_bytes(tbs.issuer)))) {
    issuer = &*issuer_own;
  }
  if (!issuer) return invalid();
  const DecodedName* subject = cache ? cache->find(asn1_bytes(tbs.subject)) : nullptr;
  if (!subject && (subject_own = DecodedName::decode(asn1_bytes(tbs.subject)))) subject = &*subject_own;
  if (!subject) return invalid();
  f.self_issued = same_name(*subject, *issuer);
  f.subject = subject_own ? std::move(*subject_own).take_dn() : subject->dn();
  f.issuer = issuer->dn();
  return {};
}

// The certificate's three digests through one context: EVP_Digest makes and frees one per call.
class Digester {
 public:
  // Digest of `data` into `out`; its length, 0 on failure.
  unsigned int run(const EVP_MD* md, std::span<const std::uint8_t> data, unsigned char (&out)[EVP_MAX_MD_SIZE]) {
    unsigned int len = 0;
    if (!m_ctx || !EVP_DigestInit_ex2(m_ctx.get(), md, nullptr) ||
        !EVP_DigestUpdate(m_ctx.get(), data.data(), data.size()) || !EVP_DigestFinal_ex(m_ctx.get(), out, &len)) {
      return 0;
    }
    return len;
  }

 private:
  ossl::EvpMdCtxPtr m_ctx{EVP_MD_CTX_new()};
};

std::string fingerprint(Digester& digester, std::span<const std::uint8_t> der, const char* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  const unsigned int len = digester.run(digest(md), der, out);
  return len ? hex_colon(out, len) : std::string{};
}

int ec_bits(int curve_nid) {
  struct Curve {
    int nid;
    int bits;
  };
  static constexpr std::array kCurves = {
      Curve{NID_X9_62_prime256v1, 256}, Curve{NID_secp384r1, 384},        Curve{NID_secp521r1, 521},
      Curve{NID_secp224r1, 224},        Curve{NID_X9_62_prime192v1, 192}, Curve{NID_secp256k1, 256},
      Curve{NID_brainpoolP256r1, 256},  Curve{NID_brainpoolP384r1, 384},  Curve{NID_brainpoolP512r1, 512},
  };
  for (const auto& c : kCurves) {
    if (c.nid == curve_nid) return c.bits;
  }
  ossl::EcGroupPtr group{EC_GROUP_new_by_curve_name(curve_nid)};
  return group ? EC_GROUP_order_bits(group.get()) : 0;
}

KeyInfo read_key(const MTLSD_SPKI& spki) {
  KeyInfo info;
  const ASN1_OBJECT* oid = nullptr;
  int param_type = 0;
  const void* param = nullptr;
  X509_ALGOR_get0(&oid, &param_type, &param, spki.algorithm);
  const int nid = OBJ_obj2nid(oid);
  switch (nid) {
    case NID_rsaEncryption:
    case NID_rsassaPss: {
      info.type = nid == NID_rsaEncryption ? KeyType::Rsa : KeyType::RsaPss;
      const unsigned char* p = spki.public_key->data;
      ossl::Owned<MTLSD_RSA_PUB, MTLSD_RSA_PUB_free> rsa{d2i_MTLSD_RSA_PUB(nullptr, &p, spki.public_key->length)};
      if (rsa) {
        ossl::BignumPtr n{ASN1_INTEGER_to_BN(rsa->modulus, nullptr)};
        if (n) info.bits = BN_num_bits(n.get());
      }
      info.security_bits = rsa_security_bits(info.bits);
      break;
    }
    case NID_X9_62_id_ecPublicKey: {
      info.type = KeyType::Ec;
      if (param_type == V_ASN1_OBJECT) {
        const int curve = OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(param));
        info.curve = curve != NID_undef ? OBJ_nid2sn(curve) : object_name(static_cast<const ASN1_OBJECT*>(param));
        info.bits = ec_bits(curve);
      } else {
        info.curve = "explicit parameters";
      }
      info.security_bits = info.bits / 2;
      break;
    }
    case NID_ED25519: info = {KeyType::Ed25519, 256, {}, 128, {}}; break;
    case NID_ED448: info = {KeyType::Ed448, 456, {}, 224, {}}; break;
    case NID_dsa: info.type = KeyType::Dsa; break;
    default:
      info.type = KeyType::Other;
      info.other = object_name(oid);
      break;
  }
  return info;
}

KeyUsageSet key_usage_bits(const ASN1_BIT_STRING* bits) {
  KeyUsageSet out;
  for (int i = 0; i <= static_cast<int>(KeyUsage::DecipherOnly); ++i) {
    if (ASN1_BIT_STRING_get_bit(bits, i)) out.set(static_cast<KeyUsage>(i));
  }
  return out;
}

ExtendedKeyUsage key_purpose(const ASN1_OBJECT* obj) {
  switch (OBJ_obj2nid(obj)) {
    case NID_server_auth: return {KeyPurpose::ServerAuth, {}};
    case NID_client_auth: return {KeyPurpose::ClientAuth, {}};
    case NID_code_sign: return {KeyPurpose::CodeSigning, {}};
    case NID_email_protect: return {KeyPurpose::EmailProtection, {}};
    case NID_time_stamp: return {KeyPurpose::TimeStamping, {}};
    case NID_OCSP_sign: return {KeyPurpose::OcspSigning, {}};
    case NID_anyExtendedKeyUsage: return {KeyPurpose::Any, {}};
    default: return {KeyPurpose::Other, object_name(obj)};
  }
}

std::string general_name_value(const GENERAL_NAME* gn, SanType& type) {
  switch (gn->type) {
    case GEN_DNS:
    case GEN_EMAIL:
    case GEN_URI: {
      type = gn->type == GEN_DNS ? SanType::Dns : gn->type == GEN_EMAIL ? SanType::Email : SanType::Uri;
      const ASN1_IA5STRING* s = gn->d.ia5;
      return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<std::size_t>(ASN1_STRING_length(s)));
    }
    case GEN_IPADD: {
      type = SanType::Ip;
      const ASN1_OCTET_STRING* ip = gn->d.ip;
      const unsigned char* b = ASN1_STRING_get0_data(ip);
      const int len = ASN1_STRING_length(ip);
      char text[INET6_ADDRSTRLEN] = {};
      if ((len == 4 && inet_ntop(AF_INET, b, text, sizeof text)) ||
          (len == 16 && inet_ntop(AF_INET6, b, text, sizeof text))) {
        return text;  // RFC 5952 form for IPv6
      }
      return fmt::format("<{} bytes>", len);
    }
    case GEN_DIRNAME: type = SanType::DirName; return read_name(gn->d.directoryName).rfc4514;
    default: type = SanType::Other; return "";
  }
}

}  // namespace

int rsa_security_bits(int bits) noexcept {
  // NIST SP 800-57 Part 1, as OpenSSL's BN_security_bits counts it.
  if (bits >= 15360) return 256;
  if (bits >= 7680) return 192;
  if (bits >= 3072) return 128;
  if (bits >= 2048) return 112;
  if (bits >= 1024) return 80;
  return 0;
}

std::string sha256_b64(std::span<const std::uint8_t> data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &len, digest("SHA256"), nullptr)) return {};
  return base64(out, len);
}

core::Result<CertFacts> read_facts(const MTLSD_CERT& cert, std::span<const std::uint8_t> der, std::size_t max_sans,
                                   NameCache* name_cache) {
  CertFacts f;
  const MTLSD_TBS& tbs = *cert.tbs;
  f.version = tbs.version ? static_cast<int>(ASN1_INTEGER_get(tbs.version)) + 1 : 1;
  if (auto named = read_names(tbs, name_cache, f); !named) return std::unexpected(named.error());
  if (ossl::BignumPtr serial{ASN1_INTEGER_to_BN(tbs.serial, nullptr)}) {
    ossl::OpensslStringPtr hex{BN_bn2hex(serial.get())};
    if (hex) f.serial_hex = hex.get();
  }
  f.not_before = read_time(tbs.validity->not_before);
  f.not_after = read_time(tbs.validity->not_after);
  f.key = read_key(*tbs.spki);
  // Long names, as `openssl x509 -text` prints them: "ecdsa-with-SHA256".
  const int sig_nid = OBJ_obj2nid(cert.signature_algorithm->algorithm);
  {
    const char* ln = sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : nullptr;
    f.signature_algorithm = ln ? ln : object_name(cert.signature_algorithm->algorithm);
  }
  Digester digester;
  f.sha256_fingerprint = fingerprint(digester, der, "SHA256");
  f.sha1_fingerprint = fingerprint(digester, der, "SHA1");
  if (tbs.spki->enc.enc && tbs.spki->enc.len > 0) {
    // RFC 7469 §2.4: the hash of the DER SubjectPublicKeyInfo, i.e. the bytes as they are in
    // the certificate; re-encoding them through the template cost more than both fingerprints.
    unsigned char out[EVP_MAX_MD_SIZE];
    const unsigned int len =
        digester.run(digest("SHA256"), {tbs.spki->enc.enc, static_cast<std::size_t>(tbs.spki->enc.len)}, out);
    if (len) f.spki_sha256 = base64(out, len);
  }

  ExtensionAudit audit;
  const int ext_count = sk_X509_EXTENSION_num(tbs.extensions);
  for (int i = 0; i < ext_count; ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(tbs.extensions, i);
    const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
    const bool critical = X509_EXTENSION_get_critical(ext) > 0;
    switch (nid) {
      case NID_subject_alt_name: {
        ossl::GeneralNamesPtr names{static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, names != nullptr);
        if (!names) break;
        const int n = sk_GENERAL_NAME_num(names.get());
        if (static_cast<std::size_t>(n) > max_sans) {
          return core::fail(core::ErrorCategory::Limit,
                            fmt::format("certificate {} has {} subjectAltNames, more than the limit of {}",
                                        f.subject.rfc4514, n, max_sans));
        }
        f.sans.reserve(f.sans.size() + static_cast<std::size_t>(n));
        for (int j = 0; j < n; ++j) {
          SubjectAltName san;
          san.value = general_name_value(sk_GENERAL_NAME_value(names.get(), j), san.type);
          f.sans.push_back(std::move(san));
        }
        break;
      }
      case NID_ext_key_usage: {
        ossl::ExtKeyUsagePtr eku{static_cast<EXTENDED_KEY_USAGE*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, eku != nullptr);
        ExtendedKeyUsages purposes;
        for (int j = 0; eku && j < sk_ASN1_OBJECT_num(eku.get()); ++j) {
          purposes.push_back(key_purpose(sk_ASN1_OBJECT_value(eku.get(), j)));
        }
        f.extended_key_usage = std::move(purposes);
        break;
      }
      case NID_key_usage: {
        ossl::Asn1BitStringPtr bits{static_cast<ASN1_BIT_STRING*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, bits != nullptr);
        f.key_usage = bits ? key_usage_bits(bits.get()) : KeyUsageSet{};
        break;
      }
      case NID_basic_constraints: {
        ossl::BasicConstraintsPtr bc{static_cast<BASIC_CONSTRAINTS*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, bc != nullptr);
        BasicConstraints out;
        out.critical = critical;
        if (bc) {
          out.ca = bc->ca != 0;
          if (bc->pathlen) out.path_length = ASN1_INTEGER_get(bc->pathlen);
        }
        f.basic_constraints = out;
        break;
      }
      case NID_subject_key_identifier: {
        ossl::Asn1OctetStringPtr ski{static_cast<ASN1_OCTET_STRING*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, ski != nullptr);
        if (ski)
          f.subject_key_id =
              hex_colon(ASN1_STRING_get0_data(ski.get()), static_cast<std::size_t>(ASN1_STRING_length(ski.get())));
        break;
      }
      case NID_authority_key_identifier: {
        ossl::AuthorityKeyIdPtr aki{static_cast<AUTHORITY_KEYID*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, aki != nullptr);
        if (aki && aki->keyid) {
          f.authority_key_id =
              hex_colon(ASN1_STRING_get0_data(aki->keyid), static_cast<std::size_t>(ASN1_STRING_length(aki->keyid)));
        }
        break;
      }
      case NID_info_access: {
        ossl::AiaPtr aia{static_cast<AUTHORITY_INFO_ACCESS*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, aia != nullptr);
        for (int j = 0; aia && j < sk_ACCESS_DESCRIPTION_num(aia.get()); ++j) {
          const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), j);
          if (ad->location->type != GEN_URI) continue;
          SanType type;
          std::string url = general_name_value(ad->location, type);
          const int method = OBJ_obj2nid(ad->method);
          if (method == NID_ad_OCSP) f.ocsp_urls.push_back(std::move(url));
          if (method == NID_ad_ca_issuers) f.ca_issuer_urls.push_back(std::move(url));
        }
        break;
      }
      case NID_crl_distribution_points: {
        ossl::CrlDistPointsPtr dps{static_cast<CRL_DIST_POINTS*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, dps != nullptr);
        for (int j = 0; dps && j < sk_DIST_POINT_num(dps.get()); ++j) {
          const DIST_POINT* dp = sk_DIST_POINT_value(dps.get(), j);
          if (!dp->distpoint || dp->distpoint->type != 0) continue;
          const GENERAL_NAMES* names = dp->distpoint->name.fullname;
          for (int k = 0; k < sk_GENERAL_NAME_num(names); ++k) {
            const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, k);
            if (gn->type != GEN_URI) continue;
            SanType type;
            f.crl_urls.push_back(general_name_value(gn, type));
          }
        }
        break;
      }
      case NID_certificate_policies: {
        ossl::CertPoliciesPtr policies{static_cast<CERTIFICATEPOLICIES*>(X509V3_EXT_d2i(ext))};
        audit.see(nid, critical, policies != nullptr);
        for (int j = 0; policies && j < sk_POLICYINFO_num(policies.get()); ++j) {
          char oid[128];
          const int n = OBJ_obj2txt(oid, sizeof oid, sk_POLICYINFO_value(policies.get(), j)->policyid, 1);
          if (n > 0 && static_cast<std::size_t>(n) < sizeof oid)
            f.policy_oids.emplace_back(oid, static_cast<std::size_t>(n));
        }
        break;
      }
      default: audit.see(nid, critical, false); break;
    }
  }
  f.verifier_facts_complete =
      audit.complete(f) && signature_algorithm_known(sig_nid) && key_as_openssl_counts(*tbs.spki, f.key);
  return f;
}

}  // namespace detail
}  // namespace mtlsdoctor::x509
