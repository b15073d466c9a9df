// `files:` entries → one item per certificate found (a bundle of three gives three).
#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <optional>

#include "judge.h"
#include "kubeconfig.h"
#include "mtlsdoctor/x509/inventory.h"
#include "mtlsdoctor/x509/issuer_index.h"
#include "sources.h"

namespace mtlsdoctor::monitor::detail {
namespace {

namespace fs = std::filesystem;

bool has_glob(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

// The files and directories an entry names: a glob expanded (sorted), else the path itself.
core::Result<std::vector<fs::path>> expand(const FileSource& source) {
  if (!has_glob(source.path)) return std::vector<fs::path>{source.resolved};
  glob_t g{};
  const int rc = ::glob(source.resolved.c_str(), GLOB_ERR, nullptr, &g);
  std::vector<fs::path> out;
  for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  if (rc == GLOB_NOMATCH) return core::fail(core::ErrorCategory::Io, "no file matches the pattern", source.path);
  if (rc != 0) return core::fail(core::ErrorCategory::Io, "cannot read the directories of the pattern", source.path);
  return out;
}

// Every certificate of an entry's files, indexed once: a certificate is judged with the
// certificates above it, wherever in the entry they are (the bundle, another file of the
// directory or of the glob).
class EntryIssuers {
 public:
  void add(const x509::Inventory& inv) {
    m_certs.reserve(m_certs.size() + inv.certificates.size());
    m_index.reserve(m_certs.capacity());
    for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
      m_certs.push_back(inv.cert(i));
      m_index.add(m_certs.back().facts());  // the facts are shared, not moved with the vector
    }
  }
  // The certificates that issued `cert`, nearest first, as far as the entry holds them.
  [[nodiscard]] std::vector<x509::Certificate> above(const x509::Certificate& cert) const {
    std::vector<x509::Certificate> out;
    const x509::CertFacts* facts = &cert.facts();
    while (out.size() < 16) {
      const auto found = m_index.issuer_of(*facts);
      if (!found) break;
      const auto& issuer = m_certs[*found];
      if (issuer == cert || std::find(out.begin(), out.end(), issuer) != out.end()) break;  // a loop
      out.push_back(issuer);
      facts = &issuer.facts();
    }
    return out;
  }

 private:
  std::vector<x509::Certificate> m_certs;
  x509::IssuerIndex m_index;
};

Item unknown_item(std::string name, std::string source, const core::Error& error) {
  Item item;
  item.kind = ItemKind::File;
  item.name = std::move(name);
  item.source = std::move(source);
  mark_unknown(item, core::FindingId::ClientIdentityUnreadable, error);
  return item;
}

void add_inventory_items(const x509::Inventory& inv, const EntryIssuers& issuers, const FileSource& source,
                         const JudgeInputs& base, const ItemSink& out) {
  // How many certificates each file holds: "file.pem" names the only one, "file.pem#2" the second.
  std::vector<std::size_t> per_file(inv.files.size(), 0);
  for (const auto& ref : inv.certificates) ++per_file[ref.file];
  std::vector<std::size_t> seen(inv.files.size(), 0);
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    const auto& ref = inv.certificates[i];
    const auto& bundle = inv.files[ref.file];
    const std::size_t n = ++seen[ref.file];
    Item item;
    item.kind = ItemKind::File;
    item.source = bundle.source;
    item.name = per_file[ref.file] > 1 ? fmt::format("{}#{}", bundle.source, n) : bundle.source;
    chain::Identity identity{inv.cert(i), issuers.above(inv.cert(i)), std::nullopt, false, bundle.source, {}, {}};
    JudgeInputs in = base;
    in.role = role_of(identity.leaf.facts(), source.role);
    judge(item, identity, in);
    out(std::move(item));
  }
  for (const auto& bad : inv.unreadable) out(unknown_item(bad.path, bad.path, bad.error));
}

// A kubeconfig: each user's client identity is an item "path#user", judged as a client identity.
bool add_kubeconfig_items(const fs::path& file, const JudgeInputs& base, const ItemSink& out) {
  auto users = read_kubeconfig(file);
  if (!users) return false;
  for (auto& user : *users) {
    Item item;
    item.kind = ItemKind::File;
    item.name = fmt::format("{}#{}", file.string(), user.name);
    item.source = file.string();
    item.thresholds = base.thresholds;
    if (!user.identity) {
      mark_unknown(item, core::FindingId::ClientIdentityUnreadable, user.identity.error());
    } else {
      JudgeInputs in = base;
      in.role = CertRole::Client;
      judge(item, *user.identity, in);
    }
    out(std::move(item));
  }
  return true;
}

}  // namespace

void add_file_items(const FileSource& source, const Config& config, const SweepOptions& options, OnlineChecks& online,
                    const ItemSink& out, const ItemCount& coming) {
  const auto password = password_from(source.password_file);
  auto trust = make_trust(source.cacert, source.crl, password);
  if (!trust) {
    out(unknown_item(source.path, source.path, trust.error()));
    return;
  }
  JudgeInputs base;
  base.trust = &*trust;
  base.cacert_configured = source.cacert.has_value();
  base.crl_configured = !source.crl.empty();
  base.thresholds = source.thresholds.value_or(config.thresholds);
  base.at = options.at;
  base.security_level = options.security_level;
  base.verifier = options.verifier;
  base.online = &online;
  FetchedStores stores;  // the entry's trust with the CRLs of distribution points, made once a set
  base.fetched_stores = &stores;
  auto inputs = expand(source);
  if (!inputs) {
    out(unknown_item(source.path, source.path, inputs.error()));
    return;
  }
  // Every file of the entry is read before any certificate is judged: issuers may be anywhere in it.
  struct Loaded {
    std::vector<Item> items;  // kubeconfig users, or why the input could not be read
    std::optional<x509::Inventory> inventory;
  };
  std::vector<Loaded> loaded(inputs->size());
  EntryIssuers issuers;
  for (std::size_t k = 0; k < inputs->size(); ++k) {
    const auto& input = (*inputs)[k];
    std::error_code ec;
    const auto keep = [&items = loaded[k].items](Item&& item) { items.push_back(std::move(item)); };
    if (fs::is_regular_file(input, ec) && add_kubeconfig_items(input, base, keep)) continue;
    auto inv = x509::build_inventory({input}, password);
    if (!inv) {
      loaded[k].items.push_back(unknown_item(input.string(), input.string(), inv.error()));
      continue;
    }
    if (inv->certificates.empty() && inv->unreadable.empty() && !fs::is_directory(input)) {
      loaded[k].items.push_back(
          unknown_item(input.string(), input.string(),
                       core::Error{core::ErrorCategory::Parse, "holds no certificate", input.string(), {}}));
      continue;
    }
    issuers.add(*inv);
    loaded[k].inventory = std::move(*inv);
  }
  if (coming) {  // kubeconfig files among the inputs may add more
    std::size_t total = 0;
    for (const auto& l : loaded)
      total += l.items.size() + (l.inventory ? l.inventory->certificates.size() + l.inventory->unreadable.size() : 0);
    coming(total);
  }
  for (auto& l : loaded) {
    for (auto& item : l.items) out(std::move(item));
    if (!l.inventory) continue;
    add_inventory_items(*l.inventory, issuers, source, base, out);
    for (const auto& other : l.inventory->not_crypto) (void)add_kubeconfig_items(other, base, out);
  }
}

}  // namespace mtlsdoctor::monitor::detail
