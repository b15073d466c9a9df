#include "mtlsdoctor/tls/peer.h"

#include <algorithm>

namespace mtlsdoctor::tls {
namespace {

void add(PeerChain& out, X509* x) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(x, &der);
  if (len > 0) {
    out.der.emplace_back(der, der + len);
    out.decoded.certificates.push_back(ossl::share(x));
  }
  OPENSSL_free(der);
}

}  // namespace

PeerChain read_peer_chain(const SSL* ssl) {
  PeerChain out;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  if (!chain) return out;
  // On the server side OpenSSL's chain starts after the leaf (SSL_get_peer_cert_chain(3)).
  if (SSL_is_server(ssl)) {
    if (X509* leaf = SSL_get0_peer_certificate(ssl)) add(out, leaf);
  }
  for (int i = 0; i < sk_X509_num(chain); ++i) add(out, sk_X509_value(chain, i));
  return out;
}

AcceptableCaNames read_ca_names(const SSL* ssl) {
  AcceptableCaNames out;
  STACK_OF(X509_NAME)* names = SSL_get_client_CA_list(ssl);
  if (!names) return out;
  for (int i = 0; i < sk_X509_NAME_num(names); ++i) {
    const X509_NAME* name = sk_X509_NAME_value(names, i);
    ossl::BioPtr bio{BIO_new(BIO_s_mem())};
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    out.rfc4514.emplace_back(data, static_cast<std::size_t>(len > 0 ? len : 0));
    unsigned char* der = nullptr;
    const int der_len = i2d_X509_NAME(name, &der);
    out.der.emplace_back(der, der + std::max(der_len, 0));
    OPENSSL_free(der);
  }
  return out;
}

}  // namespace mtlsdoctor::tls
