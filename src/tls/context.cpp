#include "mtlsdoctor/tls/context.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "mtlsdoctor/ossl/errors.h"

namespace mtlsdoctor::tls {
namespace {

// Takes any certificate: the application judges it after the handshake.
int accept_any(int /*preverify_ok*/, X509_STORE_CTX* /*ctx*/) {
  return 1;
}

ossl::X509Ptr decode(const Der& der) {
  const unsigned char* p = der.data();
  return ossl::X509Ptr{d2i_X509(nullptr, &p, static_cast<long>(der.size()))};
}

core::Result<ossl::SslCtxPtr> new_context(const SSL_METHOD* method, TlsVersion versions, int security_level) {
  ossl::clear_errors();
  ossl::SslCtxPtr ctx(SSL_CTX_new(method));
  if (!ctx) return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot create a TLS context"));
  SSL_CTX_set_security_level(ctx.get(), security_level);
  switch (versions) {
    case TlsVersion::Tls12:
      SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
      SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
      break;
    case TlsVersion::Tls13:
      SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION);
      SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION);
      break;
    case TlsVersion::Any: SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION); break;
  }
  return ctx;
}

// The leaf, the chain sent with it, and the key, which must match. `whose`: "client", "server".
core::Result<void> use_identity(SSL_CTX* ctx, const Identity& id, int security_level, std::string_view whose) {
  for (std::size_t i = 0; i < id.chain.size(); ++i) {
    const auto x = decode(id.chain[i]);
    const bool ok = x && (i == 0 ? SSL_CTX_use_certificate(ctx, x.get()) : SSL_CTX_add1_chain_cert(ctx, x.get()));
    if (!ok) {
      return std::unexpected(ossl::error_from_queue(
          core::ErrorCategory::Crypto,
          fmt::format("OpenSSL refuses to send {} at security level {}",
                      i == 0 ? fmt::format("the {} certificate", whose) : std::string("a chain certificate"),
                      security_level)));
    }
  }
  if (id.key && (!SSL_CTX_use_PrivateKey(ctx, id.key) || !SSL_CTX_check_private_key(ctx))) {
    return std::unexpected(ossl::error_from_queue(
        core::ErrorCategory::Crypto, fmt::format("the private key does not match the {} certificate", whose)));
  }
  return {};
}

}  // namespace

core::Result<ossl::SslCtxPtr> ClientContextBuilder::build() const {
  auto ctx = new_context(TLS_client_method(), m_versions, m_security_level);
  if (!ctx) return ctx;
  // The server is judged afterwards, every problem reported: the handshake goes on.
  SSL_CTX_set_verify(ctx->get(), SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_max_cert_list(ctx->get(), static_cast<long>(m_max_cert_list));
  if (!m_identity.chain.empty()) {
    if (auto used = use_identity(ctx->get(), m_identity, m_security_level, "client"); !used)
      return std::unexpected(used.error());
  }
  return ctx;
}

core::Result<ossl::SslCtxPtr> ServerContextBuilder::build() const {
  if (m_identity.chain.empty() || !m_identity.key) {
    return core::fail(core::ErrorCategory::Usage, "a TLS server needs a certificate and its private key");
  }
  auto ctx = new_context(TLS_server_method(), m_versions, m_security_level);
  if (!ctx) return ctx;
  SSL_CTX* c = ctx->get();
  if (auto used = use_identity(c, m_identity, m_security_level, "server"); !used) return std::unexpected(used.error());

  X509_STORE* store = SSL_CTX_get_cert_store(c);
  for (const auto& der : m_client_cas) {
    const auto x = decode(der);
    if (!x || !X509_STORE_add_cert(store, x.get())) {
      return std::unexpected(
          ossl::error_from_queue(core::ErrorCategory::Parse, "a client CA certificate cannot be used"));
    }
  }
  const std::vector<Der>* names = nullptr;
  switch (m_ca_names) {
    case CaNames::FromClientCas: names = &m_client_cas; break;
    case CaNames::Listed: names = &m_listed_names; break;
    case CaNames::None: break;
  }
  // Always set a list, even an empty one, so that what is sent is what was asked for.
  SSL_CTX_set_client_CA_list(c, sk_X509_NAME_new_null());
  for (const auto& der : names ? *names : std::vector<Der>{}) {
    const auto x = decode(der);
    if (!x || !SSL_CTX_add_client_CA(c, x.get())) {
      return std::unexpected(
          ossl::error_from_queue(core::ErrorCategory::Parse, "a CA name certificate cannot be used"));
    }
  }
  int mode = SSL_VERIFY_NONE;
  SSL_verify_cb callback = nullptr;
  switch (m_mode) {
    case ClientCertificate::None: break;
    case ClientCertificate::Optional: mode = SSL_VERIFY_PEER; break;
    case ClientCertificate::Require: mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT; break;
    case ClientCertificate::RequestAny:
      mode = SSL_VERIFY_PEER;
      callback = accept_any;
      break;
    case ClientCertificate::RequireAny:
      mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
      callback = accept_any;
      break;
  }
  SSL_CTX_set_verify(c, mode, callback);
  SSL_CTX_set_verify_depth(c, m_verify_depth);
  if (m_verify_at)
    X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(c), static_cast<time_t>(m_verify_at->time_since_epoch().count()));
  // One connection, one handshake: no session resumption muddying what a client is judged on.
  SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(c, 0);
  return ctx;
}

}  // namespace mtlsdoctor::tls
