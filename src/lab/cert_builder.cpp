#include "cert_builder.h"

#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <array>

#include "mtlsdoctor/ossl/errors.h"

namespace mtlsdoctor::lab::detail {
namespace {

std::unexpected<core::Error> crypto_error(std::string message) {
  return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, std::move(message)));
}

// RFC 5280 4.1.2.2: a positive integer of at most 20 octets, unique per CA. Sixteen random
// octets, top bit cleared so the DER content stays 16 octets without a sign pad.
core::Result<ossl::Asn1IntegerPtr> random_serial() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return crypto_error("no random serial number");
  bytes[0] &= 0x7F;
  ossl::BignumPtr bn{BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr)};
  ossl::Asn1IntegerPtr serial{bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr};
  if (!serial) return crypto_error("cannot encode a serial number");
  return serial;
}

core::Result<ossl::X509NamePtr> encode_name(const NameSpec& spec) {
  ossl::X509NamePtr name{X509_NAME_new()};
  const auto add = [&](const char* type, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name.get(), type, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.data()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  bool ok = name != nullptr;
  if (ok && spec.organization) ok = add("O", *spec.organization);
  if (ok && spec.organizational_unit) ok = add("OU", *spec.organizational_unit);
  if (ok) ok = add("CN", spec.common_name);
  if (!ok) return crypto_error("cannot encode the name CN=" + spec.common_name);
  return name;
}

// RFC 5280 4.2.1.2, method (1): SHA-1 of the subjectPublicKey BIT STRING.
core::Result<ossl::Asn1OctetStringPtr> key_identifier(const X509* cert) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  ossl::Asn1OctetStringPtr id{ASN1_OCTET_STRING_new()};
  if (!id || X509_pubkey_digest(cert, EVP_sha1(), md.data(), &len) != 1 ||
      ASN1_OCTET_STRING_set(id.get(), md.data(), static_cast<int>(len)) != 1) {
    return crypto_error("cannot compute a key identifier");
  }
  return id;
}

bool add_basic_constraints(X509* cert, const std::optional<CaConstraints>& ca) {
  ossl::BasicConstraintsPtr bc{BASIC_CONSTRAINTS_new()};
  if (!bc) return false;
  bc->ca = ca ? 0xFF : 0;
  if (ca && ca->path_length) {
    bc->pathlen = ASN1_INTEGER_new();
    if (!bc->pathlen || ASN1_INTEGER_set(bc->pathlen, *ca->path_length) != 1) return false;
  }
  return X509_add1_ext_i2d(cert, NID_basic_constraints, bc.get(), 1, X509V3_ADD_DEFAULT) == 1;
}

bool add_key_usage(X509* cert, const KeyUsage& ku) {
  if (!ku.digital_signature && !ku.key_encipherment && !ku.key_cert_sign && !ku.crl_sign) return true;
  ossl::Asn1BitStringPtr bits{ASN1_BIT_STRING_new()};
  if (!bits) return false;
  // Bit numbers of RFC 5280 4.2.1.3: KeyUsage ::= BIT STRING { digitalSignature (0), ... }.
  const std::array<std::pair<bool, int>, 4> named{
      {{ku.digital_signature, 0}, {ku.key_encipherment, 2}, {ku.key_cert_sign, 5}, {ku.crl_sign, 6}}};
  for (const auto& [set, bit] : named) {
    if (set && ASN1_BIT_STRING_set_bit(bits.get(), bit, 1) != 1) return false;
  }
  return X509_add1_ext_i2d(cert, NID_key_usage, bits.get(), 1, X509V3_ADD_DEFAULT) == 1;
}

bool add_extended_key_usage(X509* cert, const std::vector<Purpose>& purposes) {
  if (purposes.empty()) return true;
  ossl::ExtKeyUsagePtr eku{sk_ASN1_OBJECT_new_null()};
  if (!eku) return false;
  for (const Purpose p : purposes) {
    ossl::Asn1ObjectPtr oid{OBJ_nid2obj(p == Purpose::ServerAuth ? NID_server_auth : NID_client_auth)};
    if (!oid || sk_ASN1_OBJECT_push(eku.get(), oid.get()) <= 0) return false;
    static_cast<void>(oid.release());  // now owned by the stack
  }
  return X509_add1_ext_i2d(cert, NID_ext_key_usage, eku.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

bool add_alt_names(X509* cert, const std::vector<AltName>& alt_names) {
  if (alt_names.empty()) return true;
  ossl::GeneralNamesPtr names{GENERAL_NAMES_new()};
  if (!names) return false;
  for (const AltName& alt : alt_names) {
    const int type = alt.kind == AltName::Kind::Dns ? GEN_DNS : GEN_IPADD;
    // The DNS and IP forms need neither an extension method nor a config context.
    ossl::GeneralNamePtr name{a2i_GENERAL_NAME(nullptr, nullptr, nullptr, type, alt.value.c_str(), 0)};
    if (!name || sk_GENERAL_NAME_push(names.get(), name.get()) <= 0) return false;
    static_cast<void>(name.release());  // now owned by the stack
  }
  return X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

bool add_key_identifiers(X509* cert, X509* issuer_cert, ASN1_OCTET_STRING* ski) {
  if (X509_add1_ext_i2d(cert, NID_subject_key_identifier, ski, 0, X509V3_ADD_DEFAULT) != 1) return false;
  ossl::AuthorityKeyIdPtr akid;
  if (issuer_cert) {
    auto from_issuer = authority_key_id(issuer_cert);
    if (!from_issuer) return false;
    akid = std::move(*from_issuer);
  } else {
    // Self-signed: the authority is the certificate itself.
    akid.reset(AUTHORITY_KEYID_new());
    if (!akid || !(akid->keyid = ASN1_OCTET_STRING_dup(ski))) return false;
  }
  return X509_add1_ext_i2d(cert, NID_authority_key_identifier, akid.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

}  // namespace

const EVP_MD* digest_of(Digest digest) noexcept {
  return digest == Digest::Sha1 ? EVP_sha1() : EVP_sha256();
}

core::Result<ossl::Asn1TimePtr> asn1_time(core::TimePoint t) {
  // ASN1_TIME_set picks UTCTime through 2049 and GeneralizedTime after (RFC 5280 4.1.2.5).
  ossl::Asn1TimePtr out{ASN1_TIME_set(nullptr, static_cast<time_t>(t.time_since_epoch().count()))};
  if (!out) return crypto_error("cannot encode a time");
  return out;
}

core::Result<ossl::AuthorityKeyIdPtr> authority_key_id(X509* issuer) {
  ossl::AuthorityKeyIdPtr akid{AUTHORITY_KEYID_new()};
  if (!akid) return crypto_error("cannot allocate an authority key identifier");
  if (const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(issuer)) {
    akid->keyid = ASN1_OCTET_STRING_dup(ski);
  } else {
    auto computed = key_identifier(issuer);
    if (!computed) return std::unexpected(computed.error());
    akid->keyid = computed->release();
  }
  if (!akid->keyid) return crypto_error("cannot copy the issuer's key identifier");
  return akid;
}

core::Result<ossl::X509Ptr> build_certificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                              std::optional<Issuer> issuer) {
  ossl::X509Ptr cert{X509_new()};
  if (!cert) return crypto_error("cannot allocate a certificate");
  auto serial = random_serial();
  if (!serial) return std::unexpected(serial.error());
  auto subject = encode_name(spec.subject);
  if (!subject) return std::unexpected(subject.error());
  auto not_before = asn1_time(spec.not_before);
  if (!not_before) return std::unexpected(not_before.error());
  auto not_after = asn1_time(spec.not_after);
  if (!not_after) return std::unexpected(not_after.error());

  X509* x = cert.get();
  const X509_NAME* issuer_name = issuer ? X509_get_subject_name(issuer->cert) : subject->get();
  if (X509_set_version(x, X509_VERSION_3) != 1 || X509_set_serialNumber(x, serial->get()) != 1 ||
      X509_set_subject_name(x, subject->get()) != 1 || X509_set_issuer_name(x, issuer_name) != 1 ||
      X509_set1_notBefore(x, not_before->get()) != 1 || X509_set1_notAfter(x, not_after->get()) != 1 ||
      X509_set_pubkey(x, subject_key) != 1) {
    return crypto_error("cannot fill in the certificate for CN=" + spec.subject.common_name);
  }

  auto ski = key_identifier(x);
  if (!ski) return std::unexpected(ski.error());
  if (!add_basic_constraints(x, spec.ca) || !add_key_usage(x, spec.key_usage) ||
      !add_extended_key_usage(x, spec.extended_key_usage) || !add_alt_names(x, spec.alt_names) ||
      !add_key_identifiers(x, issuer ? issuer->cert : nullptr, ski->get())) {
    return crypto_error("cannot add the extensions of CN=" + spec.subject.common_name);
  }

  EVP_PKEY* signing_key = issuer ? issuer->key : subject_key;
  if (X509_sign(x, signing_key, digest_of(spec.digest)) <= 0) {
    return crypto_error("cannot sign the certificate for CN=" + spec.subject.common_name);
  }
  return cert;
}

}  // namespace mtlsdoctor::lab::detail
