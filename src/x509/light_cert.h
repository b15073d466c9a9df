// A certificate decoded by libcrypto's ASN.1 template engine, field by field, without
// decoding the public key into an EVP_PKEY. OpenSSL 3.0's d2i_X509 spends most of its
// ≈100 µs per certificate setting up decoders for the key; a report needs only the key's
// algorithm and size, so bulk reading (inspect over 10,000 certificates) goes through here.
// The issuer and subject Names stay DER: decoded_name.h reads them (issuers repeat, and are
// decoded once).
#pragma once

#include <openssl/asn1t.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <span>

extern "C" {

typedef struct mtlsd_validity_st {
  ASN1_TIME* not_before;
  ASN1_TIME* not_after;
} MTLSD_VALIDITY;

typedef struct mtlsd_spki_st {
  X509_ALGOR* algorithm;
  ASN1_BIT_STRING* public_key;
  ASN1_ENCODING enc;  // the bytes as read: the SPKI pin hashes them without re-encoding
} MTLSD_SPKI;

typedef struct mtlsd_tbs_st {
  ASN1_INTEGER* version;
  ASN1_INTEGER* serial;
  X509_ALGOR* signature;
  ASN1_STRING* issuer;  // the Name's DER, tag and length included: see decoded_name.h
  MTLSD_VALIDITY* validity;
  ASN1_STRING* subject;
  MTLSD_SPKI* spki;
  ASN1_BIT_STRING* issuer_uid;
  ASN1_BIT_STRING* subject_uid;
  STACK_OF(X509_EXTENSION) * extensions;
} MTLSD_TBS;

typedef struct mtlsd_cert_st {
  MTLSD_TBS* tbs;
  X509_ALGOR* signature_algorithm;
  ASN1_BIT_STRING* signature;
} MTLSD_CERT;

typedef struct mtlsd_rsa_pub_st {
  ASN1_INTEGER* modulus;
  ASN1_INTEGER* exponent;
} MTLSD_RSA_PUB;

DECLARE_ASN1_FUNCTIONS(MTLSD_CERT)
DECLARE_ASN1_FUNCTIONS(MTLSD_SPKI)
DECLARE_ASN1_FUNCTIONS(MTLSD_RSA_PUB)
}

namespace mtlsdoctor::x509::detail {

struct LightCertFree {
  void operator()(MTLSD_CERT* c) const noexcept { MTLSD_CERT_free(c); }
};
using LightCertPtr = std::unique_ptr<MTLSD_CERT, LightCertFree>;

// nullptr when the DER is not a certificate (or has trailing bytes).
[[nodiscard]] LightCertPtr decode_light(std::span<const std::uint8_t> der);

}  // namespace mtlsdoctor::x509::detail
