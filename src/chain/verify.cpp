#include "verify.h"

#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <chrono>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::chain::detail {
namespace {

int record_error(int ok, X509_STORE_CTX* ctx) {
  if (ok) return 1;
  auto* errors = static_cast<std::vector<VerifyError>*>(X509_STORE_CTX_get_app_data(ctx));
  const int code = X509_STORE_CTX_get_error(ctx);
  const int depth = X509_STORE_CTX_get_error_depth(ctx);
  VerifyError e{code, depth, X509_verify_cert_error_string(code), {}};
  if (X509* cert = X509_STORE_CTX_get_current_cert(ctx)) {
    char buf[512];
    X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
    e.subject = buf;
  }
  const bool seen = std::any_of(errors->begin(), errors->end(),
                                [&](const VerifyError& o) { return o.code == code && o.depth == depth; });
  if (!seen) errors->push_back(std::move(e));
  return 1;  // carry on: we want every problem, not the first
}

// Errors OpenSSL records while judging a CRL of the certificate at some depth.
bool is_crl_error(int code) noexcept {
  switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_DIFFERENT_CRL_SCOPE:
    case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
    case X509_V_ERR_CERT_REVOKED: return true;
    default: return false;
  }
}

// When the path stops at a certificate whose issuer was not found, OpenSSL still looks for that
// certificate's CRL and, having no issuer, judges the CRL with the certificate itself (x509_vfy.c
// check_crl: "if not last certificate then issuer is next certificate in chain", else the last):
// "key usage does not include CRL signing", a bad CRL signature, even "revoked" from a CRL
// nobody verified. None of that is a fact about the certificate: its revocation cannot be
// checked. Those errors become one, UNABLE_TO_GET_CRL_ISSUER, which narration explains.
void drop_crl_errors_without_issuer(STACK_OF(X509) * chain, VerifyOutcome& out) {
  const int top = chain ? sk_X509_num(chain) - 1 : -1;
  if (top < 0) return;
  X509* last = sk_X509_value(chain, top);
  if (X509_check_issued(last, last) == X509_V_OK) return;  // a root: its own CRL's issuer
  bool any = false, listed = false;
  std::string subject;
  std::erase_if(out.errors, [&](const VerifyError& e) {
    if (e.depth != top || !is_crl_error(e.code)) return false;
    any = true;
    listed = listed || e.code == X509_V_ERR_CERT_REVOKED;
    subject = e.subject;
    return true;
  });
  if (!any) return;
  const int code = X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER;
  out.errors.push_back({code, top, X509_verify_cert_error_string(code), std::move(subject)});
  out.crl_without_issuer = CrlWithoutIssuer{top, listed};
}

bool looks_like_ip(const std::string& host) {
  return host.find(':') != std::string::npos ||
         std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

const x509::Certificate* find_by_der(const std::vector<x509::Certificate>& certs, X509* x) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(x, &der);
  if (len <= 0) return nullptr;
  const std::span<const std::uint8_t> bytes{der, static_cast<std::size_t>(len)};
  const x509::Certificate* found = nullptr;
  for (const auto& c : certs) {
    if (std::ranges::equal(c.der(), bytes)) {
      found = &c;
      break;
    }
  }
  OPENSSL_free(der);
  return found;
}

core::Result<VerifyContext> start_verify(const TrustStore& store, const x509::Certificate& leaf,
                                         std::span<const x509::Certificate> sent, Role role, int security_level,
                                         core::TimePoint at) {
  ossl::clear_errors();
  VerifyContext v{ossl::X509StackPtr{sk_X509_new_null()}, ossl::X509StoreCtxPtr{X509_STORE_CTX_new()}};
  if (!v.untrusted || !v.ctx) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot set up verification"));
  }
  for (const auto& cert : sent) {
    auto x = cert.native();
    if (!x) return std::unexpected(x.error());
    if (!sk_X509_push(v.untrusted.get(), *x)) {
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "out of memory"));
    }
    X509_up_ref(*x);  // the stack frees what it holds
  }
  auto native = leaf.native();
  if (!native) return std::unexpected(native.error());
  if (!X509_STORE_CTX_init(v.ctx.get(), store.native(), *native, v.untrusted.get())) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot start verification"));
  }
  // A server judging a client uses the "ssl_client" purpose and vice versa; the security level
  // becomes the auth level.
  X509_STORE_CTX_set_default(v.ctx.get(), role == Role::Client ? "ssl_client" : "ssl_server");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(v.ctx.get());
  X509_VERIFY_PARAM_set_auth_level(param, security_level);
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(at));
  if (!store.trust().crls.empty()) {
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  }
  return v;
}

core::Result<VerifyOutcome> run_openssl_verify(const Identity& identity, const TrustStore& store,
                                               const CheckOptions& options) {
  const Trust& trust = store.trust();
  auto started = start_verify(store, identity.leaf, identity.offered, options.role, options.security_level, options.at);
  if (!started) return std::unexpected(started.error());
  X509_STORE_CTX* ctx = started->ctx.get();
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
  if (options.role == Role::Server && options.host) {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int set = looks_like_ip(*options.host) ? X509_VERIFY_PARAM_set1_ip_asc(param, options.host->c_str())
                                                 : X509_VERIFY_PARAM_set1_host(param, options.host->c_str(), 0);
    if (!set) {
      return core::fail(core::ErrorCategory::Usage, "not a valid host name or IP address", *options.host);
    }
  }

  VerifyOutcome out;
  X509_STORE_CTX_set_app_data(ctx, &out.errors);
  X509_STORE_CTX_set_verify_cb(ctx, record_error);
  const int rc = X509_verify_cert(ctx);
  if (rc < 0) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "verification could not run"));
  }
  ossl::clear_errors();

  STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
  drop_crl_errors_without_issuer(chain, out);
  for (int i = 0; chain && i < sk_X509_num(chain); ++i) {
    X509* x = sk_X509_value(chain, i);
    if (i == 0) {
      out.path.push_back({identity.leaf, false});
    } else if (const auto* offered = find_by_der(identity.offered, x)) {
      const bool is_anchor = find_by_der(trust.anchors, x) != nullptr;
      out.path.push_back({*offered, is_anchor});
    } else if (const auto* anchor = find_by_der(trust.anchors, x)) {
      out.path.push_back({*anchor, true});
    }
  }
  return out;
}

}  // namespace mtlsdoctor::chain::detail
