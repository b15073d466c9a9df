#include "mtlsdoctor/x509/inventory.h"

#include <algorithm>
#include <fstream>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace mtlsdoctor::x509 {
namespace {

constexpr std::size_t kMaxDirectoryFiles = 1'000'000;

std::string der_key(const Certificate& c) {
  const auto der = c.der();
  return std::string(reinterpret_cast<const char*>(der.data()), der.size());
}

void index_certificates(Inventory& inv) {
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t f = 0; f < inv.files.size(); ++f) {
    for (std::size_t i = 0; i < inv.files[f].certificates.size(); ++i) {
      auto [it, inserted] = seen.try_emplace(der_key(inv.files[f].certificates[i]), inv.certificates.size());
      if (inserted) {
        inv.certificates.push_back({f, i});
        inv.duplicates.push_back(0);
      } else {
        ++inv.duplicates[it->second];
      }
    }
  }
}

// Issuer of each certificate among the others: same name, and the AKI equal to the SKI when
// both are present (a re-keyed CA keeps its name).
std::vector<std::ptrdiff_t> find_issuers(const Inventory& inv) {
  std::unordered_multimap<std::string, std::size_t> by_subject;
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) by_subject.emplace(inv.cert(i).facts().subject.rfc4514, i);
  std::vector<std::ptrdiff_t> issuer(inv.certificates.size(), -1);
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    const auto& f = inv.cert(i).facts();
    if (f.self_issued) continue;
    auto [first, last] = by_subject.equal_range(f.issuer.rfc4514);
    for (auto it = first; it != last; ++it) {
      const auto& candidate = inv.cert(it->second).facts();
      if (!f.authority_key_id.empty() && !candidate.subject_key_id.empty() &&
          f.authority_key_id != candidate.subject_key_id) {
        continue;
      }
      issuer[i] = static_cast<std::ptrdiff_t>(it->second);
      break;
    }
  }
  return issuer;
}

void group_chains(Inventory& inv) {
  const auto issuer = find_issuers(inv);
  std::vector<bool> is_issuer(inv.certificates.size(), false);
  for (auto p : issuer) {
    if (p >= 0) is_issuer[static_cast<std::size_t>(p)] = true;
  }
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    if (is_issuer[i]) continue;  // chains start at certificates that issued none of the others
    std::vector<std::size_t> chain{i};
    for (auto p = issuer[i]; p >= 0 && chain.size() < 16; p = issuer[static_cast<std::size_t>(p)]) {
      if (std::find(chain.begin(), chain.end(), static_cast<std::size_t>(p)) != chain.end()) break;  // a loop
      chain.push_back(static_cast<std::size_t>(p));
    }
    inv.chains.push_back(std::move(chain));
  }
}

void pair_keys(Inventory& inv) {
  std::unordered_multimap<std::string, std::size_t> by_spki;
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) by_spki.emplace(inv.cert(i).facts().spki_sha256, i);
  for (std::size_t f = 0; f < inv.files.size(); ++f) {
    for (std::size_t k = 0; k < inv.files[f].keys.size(); ++k) {
      KeyRef ref{f, k, {}};
      auto [first, last] = by_spki.equal_range(inv.files[f].keys[k].spki_sha256());
      for (auto it = first; it != last; ++it) ref.certificates.push_back(it->second);
      inv.keys.push_back(std::move(ref));
    }
  }
}

// Only files that look like key material are loaded from directories.
bool looks_like_crypto(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4096];
  in.read(head, sizeof head);
  const std::string_view text(head, static_cast<std::size_t>(in.gcount()));
  if (text.empty()) return false;
  if (static_cast<unsigned char>(text.front()) == 0x30) return true;
  if (text.find("-----BEGIN ") != std::string_view::npos) return true;
  // A PEM file may carry a long text preamble (`openssl x509 -text` output) before its block.
  std::string line;
  in.clear();
  in.seekg(0);
  std::size_t lines = 0;
  while (std::getline(in, line) && ++lines < 100000) {
    if (line.find("-----BEGIN ") != std::string::npos) return true;
  }
  return false;
}

core::Result<void> walk_directory(const std::filesystem::path& dir, Inventory& inv, const PasswordProvider& password,
                                  const LoadLimits& limits) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  auto it = std::filesystem::recursive_directory_iterator(dir, std::filesystem::directory_options::skip_permission_denied, ec);
  if (ec) return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the directory: {}", ec.message()), dir.string());
  for (const auto end = std::filesystem::recursive_directory_iterator(); it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) files.push_back(it->path());
    if (files.size() > kMaxDirectoryFiles) {
      return core::fail(core::ErrorCategory::Limit, fmt::format("more than {} files", kMaxDirectoryFiles), dir.string());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (!looks_like_crypto(file)) {
      inv.not_crypto.push_back(file.string());
      continue;
    }
    auto bundle = load_file(file, password, limits);
    if (!bundle) {
      inv.unreadable.push_back({file.string(), bundle.error()});
      continue;
    }
    inv.files.push_back(std::move(*bundle));
  }
  return {};
}

}  // namespace

core::Result<Inventory> build_inventory(const std::vector<std::filesystem::path>& inputs,
                                        const PasswordProvider& password, const LoadLimits& limits) {
  Inventory inv;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      if (auto r = walk_directory(input, inv, password, limits); !r) return std::unexpected(r.error());
      continue;
    }
    auto bundle = load_file(input, password, limits);
    if (!bundle) return std::unexpected(bundle.error());
    inv.files.push_back(std::move(*bundle));
  }
  index_certificates(inv);
  group_chains(inv);
  pair_keys(inv);
  return inv;
}

}  // namespace mtlsdoctor::x509
