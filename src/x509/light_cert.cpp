#include "light_cert.h"

// RFC 5280 §4.1, field for field. Two differences from OpenSSL's own X509 template: the
// SubjectPublicKeyInfo's key stays a BIT STRING, and the Names stay DER (a SEQUENCE as read).
extern "C" {

ASN1_SEQUENCE(MTLSD_VALIDITY) =
    {
        ASN1_SIMPLE(MTLSD_VALIDITY, not_before, ASN1_TIME),
        ASN1_SIMPLE(MTLSD_VALIDITY, not_after, ASN1_TIME),
} ASN1_SEQUENCE_END(MTLSD_VALIDITY)

    // _enc keeps the encoding as read (as OpenSSL's X509_CINF does), so the pin hashes it in place.
    ASN1_SEQUENCE_enc(MTLSD_SPKI, enc, 0) =
        {
            ASN1_SIMPLE(MTLSD_SPKI, algorithm, X509_ALGOR),
            ASN1_SIMPLE(MTLSD_SPKI, public_key, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END_enc(MTLSD_SPKI, MTLSD_SPKI)

            ASN1_SEQUENCE(MTLSD_TBS) =
                {
                    ASN1_EXP_OPT(MTLSD_TBS, version, ASN1_INTEGER, 0),
                    ASN1_SIMPLE(MTLSD_TBS, serial, ASN1_INTEGER),
                    ASN1_SIMPLE(MTLSD_TBS, signature, X509_ALGOR),
                    ASN1_SIMPLE(MTLSD_TBS, issuer, ASN1_SEQUENCE),
                    ASN1_SIMPLE(MTLSD_TBS, validity, MTLSD_VALIDITY),
                    ASN1_SIMPLE(MTLSD_TBS, subject, ASN1_SEQUENCE),
                    ASN1_SIMPLE(MTLSD_TBS, spki, MTLSD_SPKI),
                    ASN1_IMP_OPT(MTLSD_TBS, issuer_uid, ASN1_BIT_STRING, 1),
                    ASN1_IMP_OPT(MTLSD_TBS, subject_uid, ASN1_BIT_STRING, 2),
                    ASN1_EXP_SEQUENCE_OF_OPT(MTLSD_TBS, extensions, X509_EXTENSION, 3),
} ASN1_SEQUENCE_END(MTLSD_TBS)

                    ASN1_SEQUENCE(MTLSD_CERT) =
                        {
                            ASN1_SIMPLE(MTLSD_CERT, tbs, MTLSD_TBS),
                            ASN1_SIMPLE(MTLSD_CERT, signature_algorithm, X509_ALGOR),
                            ASN1_SIMPLE(MTLSD_CERT, signature, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(MTLSD_CERT)

    // RFC 8017 §A.1.1
    ASN1_SEQUENCE(MTLSD_RSA_PUB) =
        {
            ASN1_SIMPLE(MTLSD_RSA_PUB, modulus, ASN1_INTEGER),
            ASN1_SIMPLE(MTLSD_RSA_PUB, exponent, ASN1_INTEGER),
} ASN1_SEQUENCE_END(MTLSD_RSA_PUB)

            IMPLEMENT_ASN1_FUNCTIONS(MTLSD_CERT) IMPLEMENT_ASN1_FUNCTIONS(MTLSD_SPKI)
                IMPLEMENT_ASN1_FUNCTIONS(MTLSD_RSA_PUB)
}

namespace mtlsdoctor::x509::detail {

LightCertPtr decode_light(std::span<const std::uint8_t> der) {
  const unsigned char* p = der.data();
  LightCertPtr cert{d2i_MTLSD_CERT(nullptr, &p, static_cast<long>(der.size()))};
  if (cert && p != der.data() + der.size()) return nullptr;  // trailing bytes
  return cert;
}

}  // namespace mtlsdoctor::x509::detail
