#include "mtlsdoctor/x509/identity.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "mtlsdoctor/core/hint.h"

namespace mtlsdoctor::x509 {
namespace {

// A PKCS#12 names its leaf by the key's localKeyID (PKCS12_parse returns it first); a PEM or DER
// file has no such link, and every TLS stack (SSL_CTX_use_certificate_chain_file, curl, nginx,
// Go's X509KeyPair) takes its first certificate as the leaf, whatever the key says.
std::size_t pick_leaf(const std::vector<Certificate>& certs, const std::optional<PrivateKey>& key, bool pkcs12) {
  if (!pkcs12) return 0;
  if (key) {
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (key->matches(certs[i])) return i;
    }
  }
  for (std::size_t i = 0; i < certs.size(); ++i) {
    if (!certs[i].facts().is_ca()) return i;
  }
  return 0;
}

// What `member` of every file holds, in order; a file that holds none of it is an error.
template <class T>
core::Result<std::vector<T>> load_each(const std::vector<std::string>& files, const PasswordProvider& password,
                                       std::vector<T> Bundle::*member, const char* none) {
  std::vector<T> out;
  for (const auto& file : files) {
    auto bundle = load_file(file, password);
    if (!bundle) return std::unexpected(bundle.error());
    auto& found = (*bundle).*member;
    if (found.empty()) return core::fail(core::ErrorCategory::Parse, none, file);
    for (auto& item : found) out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

core::Result<Identity> load_identity(const IdentityFiles& files, const PasswordProvider& password) {
  std::optional<PrivateKey> key;
  const std::string& main_file = files.p12.empty() ? files.cert : files.p12;
  auto main = load_file(main_file, password);
  if (!main) return std::unexpected(main.error());
  if (!files.p12.empty() && main->format != SourceFormat::Pkcs12) {
    return core::fail(core::ErrorCategory::Parse,
                      fmt::format("is not a PKCS#12 file but {} (give its certificate with {} and its key with {})",
                                  to_string(main->format), core::hint(core::Hint::Cert), core::hint(core::Hint::Key)),
                      main_file);
  }
  std::vector<Certificate> certs = main->certificates;
  if (!main->keys.empty()) key = main->keys.front();
  if (certs.empty()) {
    return core::fail(core::ErrorCategory::Parse,
                      main->keys.empty() ? std::string("holds no certificate")
                                         : fmt::format("holds no certificate but a private key: {} and {} swapped?",
                                                       core::hint(core::Hint::Cert), core::hint(core::Hint::Key)),
                      main_file);
  }
  if (!files.key.empty()) {
    auto key_bundle = load_file(files.key, password);
    if (!key_bundle) return std::unexpected(key_bundle.error());
    if (key_bundle->keys.empty()) {
      return core::fail(core::ErrorCategory::Parse,
                        key_bundle->certificates.empty()
                            ? std::string("holds no private key")
                            : fmt::format("holds no private key but a certificate: {} and {} swapped?",
                                          core::hint(core::Hint::Cert), core::hint(core::Hint::Key)),
                        files.key);
    }
    key = key_bundle->keys.front();
  }
  const std::size_t leaf_index = pick_leaf(certs, key, !files.p12.empty());
  Identity identity{certs[leaf_index], {}, {}, false, {}, {}, {}};
  for (std::size_t i = 0; i < certs.size(); ++i) {
    if (i != leaf_index) identity.offered.push_back(certs[i]);
  }
  if (!files.chain.empty()) {
    auto chain = load_file(files.chain, password);
    if (!chain) return std::unexpected(chain.error());
    if (chain->certificates.empty())
      return core::fail(core::ErrorCategory::Parse, "holds no certificate (the chain file holds the intermediates)",
                        files.chain);
    for (auto& c : chain->certificates) identity.offered.push_back(std::move(c));
  }
  identity.key = key;
  identity.key_expected = !files.p12.empty();
  identity.cert_file = main_file;
  identity.key_file = files.key.empty() ? main_file : files.key;
  identity.chain_file = files.chain;
  return identity;
}

std::optional<std::size_t> key_owner_in_offered(const Identity& identity) {
  if (!identity.key || identity.key->matches(identity.leaf)) return std::nullopt;
  for (std::size_t i = 0; i < identity.offered.size(); ++i) {
    if (identity.key->matches(identity.offered[i])) return i;
  }
  return std::nullopt;
}

// A CA directory (CApath, /etc/ssl/certs): every certificate of its files, each once (the hashed
// names are links to the same files); what is not a certificate is passed over, as OpenSSL does.
core::Result<std::vector<Certificate>> load_anchor_directory(const std::string& dir, const PasswordProvider& password) {
  std::vector<Certificate> out;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path());
  }
  if (ec) return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the directory: {}", ec.message()), dir);
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto bundle = load_file(file, password);
    if (!bundle) continue;
    for (auto& c : bundle->certificates) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
    }
  }
  if (out.empty()) return core::fail(core::ErrorCategory::Parse, "holds no CA certificate", dir);
  return out;
}

core::Result<std::vector<Certificate>> load_anchors(const std::vector<std::string>& files,
                                                    const PasswordProvider& password) {
  std::vector<std::string> plain;
  std::vector<Certificate> out;
  for (const auto& file : files) {
    std::error_code ec;
    if (!std::filesystem::is_directory(file, ec)) {
      plain.push_back(file);
      continue;
    }
    auto dir = load_anchor_directory(file, password);
    if (!dir) return std::unexpected(dir.error());
    for (auto& c : *dir) out.push_back(std::move(c));
  }
  auto loaded = load_each(plain, password, &Bundle::certificates, "holds no CA certificate");
  if (!loaded) return std::unexpected(loaded.error());
  for (auto& c : *loaded) out.push_back(std::move(c));
  return out;
}

core::Result<std::vector<Crl>> load_crls(const std::vector<std::string>& files, const PasswordProvider& password) {
  return load_each(files, password, &Bundle::crls, "holds no CRL");
}

std::vector<std::string> system_anchor_files() {
  for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"}) {
    if (std::filesystem::exists(path)) return {path};
  }
  return {};
}

}  // namespace mtlsdoctor::x509
