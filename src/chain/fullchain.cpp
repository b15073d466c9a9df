#include "mtlsdoctor/chain/fullchain.h"

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/x509/identity.h"
#include "verify.h"

namespace mtlsdoctor::chain {
namespace {

bool is_missing_issuer(int code) {
  return code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT || code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         code == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE || code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
}

struct Errors {
  std::vector<std::pair<int, int>> seen;  // code, depth
};

// Every error is recorded and the path built on: what is missing is the issuer of the last
// certificate OpenSSL could place.
int record(int ok, X509_STORE_CTX* ctx) {
  if (ok) return 1;
  auto* errors = static_cast<Errors*>(X509_STORE_CTX_get_app_data(ctx));
  errors->seen.emplace_back(X509_STORE_CTX_get_error(ctx), X509_STORE_CTX_get_error_depth(ctx));
  return 1;
}

bool self_signed(X509* x) {
  return X509_check_issued(x, x) == X509_V_OK;
}

// The leaf: the first certificate of --cert, as every TLS stack takes it; a bundle written root
// first (its first certificate a CA) whose file holds exactly one end-entity certificate names it.
core::Result<std::size_t> pick_leaf(const std::vector<x509::Certificate>& certs, const std::string& file) {
  if (!certs.front().facts().is_ca()) return 0;
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i < certs.size(); ++i) {
    if (!certs[i].facts().is_ca()) ends.push_back(i);
  }
  if (ends.size() > 1) {
    return core::fail(core::ErrorCategory::Usage,
                      fmt::format("starts with a CA certificate and holds {} end-entity certificates: put the "
                                  "leaf first, or give it alone with --cert and the others with --chain",
                                  ends.size()),
                      file);
  }
  return ends.empty() ? 0 : ends.front();
}

core::Result<std::vector<x509::Certificate>> certificates_of(const std::string& file,
                                                             const x509::PasswordProvider& password) {
  auto bundle = x509::load_file(file, password);
  if (!bundle) return std::unexpected(bundle.error());
  if (bundle->certificates.empty()) {
    return core::fail(core::ErrorCategory::Parse,
                      bundle->keys.empty() ? "holds no certificate"
                                           : "holds a private key but no certificate (the key is not part of a chain)",
                      file);
  }
  return std::move(bundle->certificates);
}

}  // namespace

std::string_view to_string(LeftOut why) noexcept {
  switch (why) {
    case LeftOut::Root: return "root";
    case LeftOut::Duplicate: return "duplicate";
    case LeftOut::Stray: return "stray";
  }
  return "stray";
}

core::Result<Fullchain> build_fullchain(const FullchainRequest& request, const x509::PasswordProvider& password) {
  auto first = certificates_of(request.cert, password);
  if (!first) return std::unexpected(first.error());
  auto leaf_at = pick_leaf(*first, request.cert);
  if (!leaf_at) return std::unexpected(leaf_at.error());
  const x509::Certificate leaf = (*first)[*leaf_at];
  std::vector<x509::Certificate> given;  // every other certificate, in the order given
  for (std::size_t i = 0; i < first->size(); ++i) {
    if (i != *leaf_at) given.push_back((*first)[i]);
  }
  for (const auto& file : request.chain) {
    auto certs = certificates_of(file, password);
    if (!certs) return std::unexpected(certs.error());
    given.insert(given.end(), certs->begin(), certs->end());
  }
  std::vector<x509::Certificate> anchors;
  if (!request.cacert.empty()) {
    auto loaded = x509::load_anchors(request.cacert, password);
    if (!loaded) return std::unexpected(loaded.error());
    anchors = std::move(*loaded);
  } else if (auto system = x509::load_anchors(x509::system_anchor_files(), password)) {
    anchors = std::move(*system);  // as a TLS peer would complete it; an unreadable system bundle is no anchor
  }

  ossl::clear_errors();
  ossl::X509StorePtr store{X509_STORE_new()};
  ossl::X509StackPtr untrusted{sk_X509_new_null()};
  ossl::X509StoreCtxPtr ctx{X509_STORE_CTX_new()};
  if (!store || !untrusted || !ctx)
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot set up path building"));
  for (const auto& anchor : anchors) {
    auto x = anchor.native();
    if (!x) return std::unexpected(x.error());
    X509_STORE_add_cert(store.get(), *x);
  }
  for (const auto& cert : given) {
    auto x = cert.native();
    if (!x) return std::unexpected(x.error());
    // A root given with the chain ends the path as a trusted one would: it is not written either way.
    if (self_signed(*x)) X509_STORE_add_cert(store.get(), *x);
    if (!sk_X509_push(untrusted.get(), *x))
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "out of memory"));
    X509_up_ref(*x);
  }
  auto leaf_x = leaf.native();
  if (!leaf_x) return std::unexpected(leaf_x.error());
  if (!X509_STORE_CTX_init(ctx.get(), store.get(), *leaf_x, untrusted.get()))
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot start path building"));
  // Dates and purposes are `check`'s to judge; here only the path matters.
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
  X509_VERIFY_PARAM_set_auth_level(param, 0);
  Errors errors;
  X509_STORE_CTX_set_app_data(ctx.get(), &errors);
  X509_STORE_CTX_set_verify_cb(ctx.get(), record);
  if (X509_verify_cert(ctx.get()) < 0)
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "path building could not run"));
  ossl::clear_errors();

  std::vector<x509::Certificate> known{leaf};
  known.insert(known.end(), given.begin(), given.end());
  known.insert(known.end(), anchors.begin(), anchors.end());
  Fullchain out;
  STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
  const int n = built ? sk_X509_num(built) : 0;
  for (int i = 0; i < n; ++i) {
    if (const auto* cert = detail::find_by_der(known, sk_X509_value(built, i))) out.path.push_back(*cert);
  }
  if (out.path.empty()) out.path.push_back(leaf);
  for (const auto& [code, depth] : errors.seen) {
    if (depth < 0 || static_cast<std::size_t>(depth) >= out.path.size()) continue;
    if (is_missing_issuer(code) && !out.missing_issuer) {
      out.missing_for = out.path.back();
      out.missing_issuer = out.path.back().facts().issuer.rfc4514;
    } else if (code == X509_V_ERR_CERT_SIGNATURE_FAILURE && !out.bad_signature) {
      out.bad_signature = out.path[static_cast<std::size_t>(depth)];
    }
  }
  if (out.complete() && out.path.size() > 1) {
    auto top = out.path.back().native();
    if (top && self_signed(*top)) {
      out.anchor = out.path.back();
      out.path.pop_back();
    }
  }
  // What was given and is not written, and why.
  std::vector<x509::Certificate> seen{leaf};
  for (const auto& cert : given) {
    const bool on_path = std::ranges::find(out.path, cert) != out.path.end();
    const bool again = std::ranges::find(seen, cert) != seen.end();
    seen.push_back(cert);
    if (on_path && !again) continue;  // written: its first copy
    const bool root = cert.facts().self_issued || (out.anchor && *out.anchor == cert);
    out.left_out.push_back({cert, again ? LeftOut::Duplicate : root ? LeftOut::Root : LeftOut::Stray});
  }
  return out;
}

core::Result<std::string> fullchain_pem(const Fullchain& fullchain) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio) return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "out of memory"));
  for (const auto& cert : fullchain.path) {
    auto x = cert.native();
    if (!x) return std::unexpected(x.error());
    if (!PEM_write_bio_X509(bio.get(), *x))
      return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "cannot write PEM"));
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace mtlsdoctor::chain
