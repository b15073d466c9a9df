// "Which of my certificates will this server accept?" — the browser user's question behind
// ERR_BAD_SSL_CLIENT_AUTH_CERT: every identity found (a certificate with its key) ranked against
// the server's acceptable CA names, validity and EKU; the best ones then tried live.
#include <algorithm>
#include <filesystem>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/diagnose/session.h"
#include "mtlsdoctor/x509/inventory.h"

namespace mtlsdoctor::diagnose {

bool IdentityRanking::accepted() const noexcept {
  return std::any_of(ranked.begin(), ranked.end(),
                     [](const RankedIdentity& r) { return r.live && r.live->verdict.outcome == core::Outcome::Ok; });
}

namespace {

// The file a chain certificate is taken from, among all that hold it (the inventory keeps one
// copy): the leaf's own file, else one named after it (client.crt → client-chain.pem), else the first.
std::string chain_source(const x509::Inventory& inv, const x509::Certificate& cert, const std::string& leaf_file) {
  const std::string stem = std::filesystem::path(leaf_file).stem().string();
  std::string first;
  std::string named;
  for (const auto& bundle : inv.files) {
    if (std::find(bundle.certificates.begin(), bundle.certificates.end(), cert) == bundle.certificates.end()) continue;
    if (bundle.source == leaf_file) return bundle.source;
    if (first.empty()) first = bundle.source;
    if (named.empty() && std::filesystem::path(bundle.source).stem().string().starts_with(stem)) named = bundle.source;
  }
  return named.empty() ? first : named;
}

}  // namespace

core::Result<IdentityRanking> rank_identities(const Prepared& prepared, const probe::Target& target,
                                              const std::vector<std::string>& paths, int try_best,
                                              const x509::PasswordProvider& password, const core::Clock& clock) {
  const auto now = clock.now();
  probe::Probe anonymous{target, prepared.options, std::nullopt};
  auto first = probe::run_probe(anonymous);
  if (!first) return std::unexpected(first.error());
  IdentityRanking out;
  if (first->error != probe::TransportError::None && !first->certificate_requested) {
    auto report = judge(prepared, target, first, now);
    if (!report) return std::unexpected(report.error());
    out.unreachable = std::move(*report);
    out.first = std::move(*first);
    return out;
  }
  std::vector<std::filesystem::path> inputs(paths.begin(), paths.end());
  auto inv = x509::build_inventory(inputs, password);
  if (!inv) return std::unexpected(inv.error());

  for (const auto& key_ref : inv->keys) {
    const auto& key = inv->files[key_ref.file].keys[key_ref.index];
    for (const auto leaf_index : key_ref.certificates) {
      chain::Identity id{inv->cert(leaf_index), {}, key, false, inv->files[inv->certificates[leaf_index].file].source,
                         key.source(),          ""};
      std::vector<std::string> files{id.cert_file};
      for (const auto& chain : inv->chains) {
        if (chain.front() != leaf_index) continue;
        for (std::size_t k = 1; k < chain.size(); ++k) {
          id.offered.push_back(inv->cert(chain[k]));
          const auto from = chain_source(*inv, inv->cert(chain[k]), id.cert_file);
          if (std::find(files.begin(), files.end(), from) == files.end()) files.push_back(from);
        }
      }
      auto faults = identity_faults(*first, id, now);
      out.ranked.push_back({std::move(id), std::move(faults), std::nullopt, std::move(files)});
    }
  }
  std::stable_sort(out.ranked.begin(), out.ranked.end(), [](const RankedIdentity& a, const RankedIdentity& b) {
    if (a.faults.size() != b.faults.size()) return a.faults.size() < b.faults.size();
    return a.identity.leaf.facts().not_after > b.identity.leaf.facts().not_after;
  });
  for (std::size_t i = 0; i < out.ranked.size() && static_cast<int>(i) < try_best; ++i) {
    auto& r = out.ranked[i];
    probe::Credentials creds;
    creds.chain.emplace_back(r.identity.leaf.der().begin(), r.identity.leaf.der().end());
    for (const auto& c : r.identity.offered) creds.chain.emplace_back(c.der().begin(), c.der().end());
    creds.key = r.identity.key->native();
    probe::Probe p{target, prepared.options, std::move(creds)};
    auto t = probe::run_probe(p);
    Prepared with = prepared;
    with.identity = r.identity;
    with.credentials.reset();
    with.refused.reset();
    auto report = judge(with, target, t, now);
    if (report) r.live = std::move(*report);
  }
  out.unreadable = std::move(inv->unreadable);
  out.first = std::move(*first);
  return out;
}

}  // namespace mtlsdoctor::diagnose
