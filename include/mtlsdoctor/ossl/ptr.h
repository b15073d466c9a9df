// Owning pointers for OpenSSL objects: the one place where *_free appears.
// Borrowed = raw pointer, owned = one of these aliases (OpenSSL's get0/get1 vocabulary).
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace mtlsdoctor::ossl {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

inline void free_x509_stack(STACK_OF(X509) * s) {
  sk_X509_pop_free(s, X509_free);
}
inline void free_crl_stack(STACK_OF(X509_CRL) * s) {
  sk_X509_CRL_pop_free(s, X509_CRL_free);
}
inline void free_ext_stack(STACK_OF(X509_EXTENSION) * s) {
  sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
}
inline void free_pkcs7_stack(STACK_OF(PKCS7) * s) {
  sk_PKCS7_pop_free(s, PKCS7_free);
}
inline void free_safebag_stack(STACK_OF(PKCS12_SAFEBAG) * s) {
  sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free);
}
inline void free_bio(BIO* b) {
  BIO_free_all(b);
}
inline void free_openssl_string(char* s) {
  OPENSSL_free(s);
}
inline void free_openssl_bytes(unsigned char* s) {
  OPENSSL_free(s);
}
inline void free_provider(OSSL_PROVIDER* p) {
  OSSL_PROVIDER_unload(p);
}
inline void free_ext_key_usage(EXTENDED_KEY_USAGE* e) {
  EXTENDED_KEY_USAGE_free(e);
}
inline void free_bit_string(ASN1_BIT_STRING* b) {
  ASN1_BIT_STRING_free(b);
}
inline void free_general_names(GENERAL_NAMES* g) {
  GENERAL_NAMES_free(g);
}
inline void free_aia(AUTHORITY_INFO_ACCESS* a) {
  AUTHORITY_INFO_ACCESS_free(a);
}
inline void free_crl_dist(CRL_DIST_POINTS* c) {
  CRL_DIST_POINTS_free(c);
}
inline void free_cert_policies(CERTIFICATEPOLICIES* c) {
  CERTIFICATEPOLICIES_free(c);
}
inline void free_octet_string(ASN1_OCTET_STRING* o) {
  ASN1_OCTET_STRING_free(o);
}
inline void free_akid(AUTHORITY_KEYID* a) {
  AUTHORITY_KEYID_free(a);
}
inline void free_basic_constraints(BASIC_CONSTRAINTS* b) {
  BASIC_CONSTRAINTS_free(b);
}
inline void free_pbe2(PBE2PARAM* p) {
  PBE2PARAM_free(p);
}
inline void free_pbkdf2(PBKDF2PARAM* p) {
  PBKDF2PARAM_free(p);
}

using X509Ptr = Owned<X509, X509_free>;
// A decoded certificate shared by several owners (a transcript and the checks that read it).
using SharedX509 = std::shared_ptr<X509>;
// Takes one more reference on `x` (X509_up_ref) for the new owner.
[[nodiscard]] inline SharedX509 share(X509* x) {
  if (!x || X509_up_ref(x) != 1) return nullptr;
  return SharedX509(x, X509_free);
}
using X509CrlPtr = Owned<X509_CRL, X509_CRL_free>;
using X509StorePtr = Owned<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = Owned<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509NamePtr = Owned<X509_NAME, X509_NAME_free>;
using X509ExtensionPtr = Owned<X509_EXTENSION, X509_EXTENSION_free>;
using X509StackPtr = Owned<STACK_OF(X509), free_x509_stack>;
using X509CrlStackPtr = Owned<STACK_OF(X509_CRL), free_crl_stack>;
using X509ExtStackPtr = Owned<STACK_OF(X509_EXTENSION), free_ext_stack>;
using X509RevokedPtr = Owned<X509_REVOKED, X509_REVOKED_free>;
using EvpPkeyPtr = Owned<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using BioPtr = Owned<BIO, free_bio>;
using Pkcs12Ptr = Owned<PKCS12, PKCS12_free>;
using Pkcs7StackPtr = Owned<STACK_OF(PKCS7), free_pkcs7_stack>;
using SafeBagStackPtr = Owned<STACK_OF(PKCS12_SAFEBAG), free_safebag_stack>;
using Asn1IntegerPtr = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1TimePtr = Owned<ASN1_TIME, ASN1_TIME_free>;
using Asn1ObjectPtr = Owned<ASN1_OBJECT, ASN1_OBJECT_free>;
using Asn1OctetStringPtr = Owned<ASN1_OCTET_STRING, free_octet_string>;
using Asn1BitStringPtr = Owned<ASN1_BIT_STRING, free_bit_string>;
using BignumPtr = Owned<BIGNUM, BN_free>;
using OpensslStringPtr = Owned<char, free_openssl_string>;
using OpensslBytesPtr = Owned<unsigned char, free_openssl_bytes>;
using ProviderPtr = Owned<OSSL_PROVIDER, free_provider>;
using LibCtxPtr = Owned<OSSL_LIB_CTX, OSSL_LIB_CTX_free>;
using ExtKeyUsagePtr = Owned<EXTENDED_KEY_USAGE, free_ext_key_usage>;
using GeneralNamesPtr = Owned<GENERAL_NAMES, free_general_names>;
using AiaPtr = Owned<AUTHORITY_INFO_ACCESS, free_aia>;
using CrlDistPointsPtr = Owned<CRL_DIST_POINTS, free_crl_dist>;
using CertPoliciesPtr = Owned<CERTIFICATEPOLICIES, free_cert_policies>;
using AuthorityKeyIdPtr = Owned<AUTHORITY_KEYID, free_akid>;
using BasicConstraintsPtr = Owned<BASIC_CONSTRAINTS, free_basic_constraints>;
using Pbe2ParamPtr = Owned<PBE2PARAM, free_pbe2>;
using Pbkdf2ParamPtr = Owned<PBKDF2PARAM, free_pbkdf2>;
using Pkcs7Ptr = Owned<PKCS7, PKCS7_free>;
using X509SigPtr = Owned<X509_SIG, X509_SIG_free>;
using OcspRequestPtr = Owned<OCSP_REQUEST, OCSP_REQUEST_free>;
using OcspResponsePtr = Owned<OCSP_RESPONSE, OCSP_RESPONSE_free>;
using OcspBasicRespPtr = Owned<OCSP_BASICRESP, OCSP_BASICRESP_free>;
using OcspCertIdPtr = Owned<OCSP_CERTID, OCSP_CERTID_free>;
using EcGroupPtr = Owned<EC_GROUP, EC_GROUP_free>;
using SslCtxPtr = Owned<SSL_CTX, SSL_CTX_free>;
using SslPtr = Owned<SSL, SSL_free>;
// Used by the lab's certificate and CRL builders.
using GeneralNamePtr = Owned<GENERAL_NAME, GENERAL_NAME_free>;
using Asn1EnumeratedPtr = Owned<ASN1_ENUMERATED, ASN1_ENUMERATED_free>;

}  // namespace mtlsdoctor::ossl
