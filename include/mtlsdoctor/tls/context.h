// TLS contexts for either role, built from our values: versions, security level, the identity a
// side presents, and (server) how it asks for and judges client certificates. Each builder
// checks what OpenSSL refuses at the place it refuses it and returns that as an Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/tls/version.h"

namespace mtlsdoctor::tls {

using Der = std::vector<std::uint8_t>;

// A certificate chain and its key, as one side presents them.
struct Identity {
  std::vector<Der> chain;   // DER: the leaf, then what is sent with it
  EVP_PKEY* key = nullptr;  // borrowed; must match the leaf
};

// The client side. It does not verify the server during the handshake: a diagnosing client
// judges the server's chain afterwards, reporting every problem instead of the first.
class ClientContextBuilder {
 public:
  ClientContextBuilder& versions(TlsVersion v) {
    m_versions = v;
    return *this;
  }
  ClientContextBuilder& security_level(int level) {
    m_security_level = level;
    return *this;
  }
  // The largest handshake message (the server's Certificate, above all) accepted.
  ClientContextBuilder& max_certificate_list(std::size_t bytes) {
    m_max_cert_list = bytes;
    return *this;
  }
  ClientContextBuilder& identity(Identity id) {
    m_identity = std::move(id);
    return *this;
  }

  [[nodiscard]] core::Result<ossl::SslCtxPtr> build() const;

 private:
  TlsVersion m_versions = TlsVersion::Any;
  int m_security_level = 2;
  std::size_t m_max_cert_list = 256 * 1024;
  Identity m_identity;
};

// Whether a server asks for a client certificate, and what it does without a valid one.
enum class ClientCertificate {
  None,      // never asks
  Optional,  // asks; a client may send none, but one it sends must verify
  Require,   // asks; no certificate or one that does not verify ends the handshake
  // Not verified during the handshake (Go's RequestClientCert / RequireAnyClientCert): the
  // application judges what was sent, if anything.
  RequestAny,  // asks; takes whatever comes, or nothing
  RequireAny,  // asks; no certificate ends the handshake, any certificate is taken
};

// Which CA names a CertificateRequest carries (RFC 8446 §4.2.4 certificate_authorities,
// RFC 5246 §7.4.4 certificate_authorities).
enum class CaNames {
  FromClientCas,  // the subjects of the client CAs (nginx, Apache and HAProxy do this)
  Listed,         // the subjects of the certificates given to ca_names()
  None,           // an empty list: "any CA" (some servers do this on purpose)
};

class ServerContextBuilder {
 public:
  ServerContextBuilder& identity(Identity id) {
    m_identity = std::move(id);
    return *this;
  }
  ServerContextBuilder& versions(TlsVersion v) {
    m_versions = v;
    return *this;
  }
  ServerContextBuilder& security_level(int level) {
    m_security_level = level;
    return *this;
  }
  ServerContextBuilder& client_certificate(ClientCertificate mode) {
    m_mode = mode;
    return *this;
  }
  // The anchors client certificates must chain to.
  ServerContextBuilder& client_cas(std::vector<Der> anchors) {
    m_client_cas = std::move(anchors);
    return *this;
  }
  // Chain length allowed below the anchor (OpenSSL's verify depth; nginx ssl_verify_depth).
  ServerContextBuilder& verify_depth(int depth) {
    m_verify_depth = depth;
    return *this;
  }
  ServerContextBuilder& ca_names(CaNames which, std::vector<Der> listed = {}) {
    m_ca_names = which;
    m_listed_names = std::move(listed);
    return *this;
  }

  // Judge client certificates at this time instead of the system's (an injected clock, `--at`).
  ServerContextBuilder& verify_at(core::TimePoint at) {
    m_verify_at = at;
    return *this;
  }

  [[nodiscard]] core::Result<ossl::SslCtxPtr> build() const;

 private:
  Identity m_identity;
  std::optional<core::TimePoint> m_verify_at;
  TlsVersion m_versions = TlsVersion::Any;
  int m_security_level = 2;
  ClientCertificate m_mode = ClientCertificate::None;
  std::vector<Der> m_client_cas;
  int m_verify_depth = 9;
  CaNames m_ca_names = CaNames::FromClientCas;
  std::vector<Der> m_listed_names;
};

}  // namespace mtlsdoctor::tls
