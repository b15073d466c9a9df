// A leaf sent alone whose issuer the server does not name: an intermediate left out
// (client-chain-incomplete), or a CA the server does not trust (client-cert-untrusted-issuer)?
// Both end in the same alert on every stack (SERVER-BEHAVIOUR.md: 48, 42, 46, 49, a silent close,
// HTTP 400), so only what the client holds can rank them. Clients send a leaf alone as a matter
// of course, and the usual real case is a foreign CA: that reading wins when the evidence is even.
#include <fmt/format.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>

#include "context.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::diagnose::detail {

namespace {

using core::FindingId;

// The values of attribute `type` in an RFC 4514 string ("CN=A\, B,O=Lab" → O: "Lab").
std::vector<std::string> rdn_values(std::string_view dn, std::string_view type) {
  std::vector<std::string> out;
  std::string part;
  const auto flush = [&] {
    const auto eq = part.find('=');
    if (eq != std::string::npos && part.compare(0, eq, type) == 0) out.push_back(part.substr(eq + 1));
    part.clear();
  };
  for (std::size_t i = 0; i < dn.size(); ++i) {
    if (dn[i] == '\\' && i + 1 < dn.size()) {
      part += dn[++i];
    } else if (dn[i] == ',' || dn[i] == '+') {
      flush();
    } else {
      part += dn[i];
    }
  }
  flush();
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool issued(const x509::CertFacts& child, const x509::Certificate& c) {
  const auto& f = c.facts();
  if (!child.authority_key_id.empty() && !f.subject_key_id.empty()) return f.subject_key_id == child.authority_key_id;
  return f.subject == child.issuer;
}

// The signature of `child` verifies with the key of `issuer`: names and key identifiers only
// point at a candidate (a store's lookup is by name, a download is anyone's answer).
bool signed_by(const x509::Certificate& child, const x509::Certificate& issuer) {
  const auto c = child.native();
  const auto i = issuer.native();
  EVP_PKEY* key = c && i ? X509_get0_pubkey(*i) : nullptr;
  const bool ok = key && X509_verify(*c, key) == 1;
  ossl::clear_errors();
  return ok;
}

enum class Origin { Held, System, Fetched };

std::string_view origin_name(Origin o) {
  switch (o) {
    case Origin::Held: return "held";
    case Origin::System: return "system-store";
    case Origin::Fetched: return "aia";
  }
  return "held";
}

struct Link {
  x509::Certificate cert;
  Origin origin;
};

// Finds the issuer of a certificate: among what the client holds, then in this machine's trust
// store, then behind the certificate's own AIA caIssuers URLs (each fetched once per run).
class IssuerSearch {
 public:
  IssuerSearch(const std::vector<const x509::Certificate*>& held, const IssuerSources* sources, IssuerJudgement& j)
      : m_held(held), m_sources(sources), m_j(j) {}

  std::optional<Link> issuer_of(const x509::Certificate& cert) {
    const auto& f = cert.facts();
    const auto fits = [&](const x509::Certificate& c) {
      return issued(f, c) && c.facts().sha256_fingerprint != f.sha256_fingerprint && signed_by(cert, c);
    };
    for (const auto* c : m_held) {
      if (fits(*c)) return Link{*c, Origin::Held};
    }
    if (!m_sources) return std::nullopt;
    if (m_sources->system) {
      for (auto& c : m_sources->system->by_issuer_name(cert)) {
        if (fits(c)) return Link{std::move(c), Origin::System};
      }
    }
    if (!m_sources->fetcher) return std::nullopt;
    for (const auto& url : f.ca_issuer_urls) {
      const auto& got = m_sources->fetcher->fetch(url);
      const bool first = std::none_of(m_j.fetched.begin(), m_j.fetched.end(),
                                      [&](const core::Evidence& e) { return e["url"] == url; });
      if (!got) {
        if (first) {
          m_j.fetched.push_back({{"url", url}, {"error", got.error().message}});
          m_j.fetch_failures.push_back(fmt::format("{}: {}", wire::preview(url, 200), got.error().message));
        }
        continue;
      }
      if (first) m_j.fetched.push_back({{"url", url}, {"certificates", got->size()}});
      for (const auto& c : *got) {
        if (fits(c)) return Link{c, Origin::Fetched};
      }
      if (first) {
        m_j.fetched.back()["error"] = fmt::format("none of it issued {}", f.subject.rfc4514);
        m_j.fetch_failures.push_back(
            fmt::format("{}: what it holds did not issue {}", wire::preview(url, 200), f.subject.rfc4514));
      }
    }
    return std::nullopt;
  }

 private:
  const std::vector<const x509::Certificate*>& m_held;
  const IssuerSources* m_sources;
  IssuerJudgement& m_j;
};

std::string opening(Origin o) {
  switch (o) {
    case Origin::Held: return "you hold the issuer, and it leads to";
    case Origin::System: return "the issuer is in this machine's trust store, and it leads to";
    case Origin::Fetched: return "the issuer's certificate, fetched from the AIA caIssuers URL, leads to";
  }
  return "";
}

// The issuer of `leaf`, then its own issuers, as far as they are found: does the path reach a
// name the server accepts, or a root it does not name? A public CA of this machine's store that
// the server does not name, whose path stops short, still speaks for a foreign CA.
void weigh_found(const x509::Certificate& leaf, IssuerSearch& search, const std::vector<std::string>& names,
                 const std::string& system_store, IssuerJudgement& j) {
  const auto accepted = [&](const std::string& dn) { return std::find(names.begin(), names.end(), dn) != names.end(); };
  x509::Certificate cur = leaf;
  std::vector<Link> path;
  std::vector<std::string> shown;
  const auto found = [&] {
    std::vector<std::string> subjects;
    for (const auto& l : path) subjects.push_back(l.cert.facts().subject.rfc4514);
    j.found = {
        {"origin", origin_name(path.front().origin)}, {"source", path.front().cert.source()}, {"path", subjects}};
  };
  for (int hops = 0; hops < 10; ++hops) {
    auto next = search.issuer_of(cur);
    if (!next) break;
    path.push_back(*next);
    const auto& f = next->cert.facts();
    shown.push_back(fmt::format("{} ({})", f.subject.rfc4514, next->cert.source()));
    found();
    if (accepted(f.subject.rfc4514) || accepted(f.issuer.rfc4514)) {
      j.intermediate.push_back(
          {3, fmt::format("{} a CA the server accepts: {}", opening(path.front().origin), fmt::join(shown, " → "))});
      j.issuer_found = true;
      return;
    }
    if (f.self_issued) {
      if (!names.empty()) {
        j.foreign.push_back({3, fmt::format("{} a root the server does not name: {}", opening(path.front().origin),
                                            fmt::join(shown, " → "))});
        j.issuer_found = true;
      }
      return;
    }
    cur = next->cert;
  }
  if (!path.empty() && path.front().origin == Origin::System && !names.empty()) {
    j.foreign.push_back({2, fmt::format("the issuer is a CA of {}, a public CA, that the server does not name: {}",
                                        system_store, fmt::join(shown, " → "))});
  }
}

// The CRLs given as the server's (--crl): one issued by the leaf's issuer places that issuer in
// the server's hierarchy; a set that covers the server's CAs but not this issuer leaves it out.
void weigh_crls(const x509::CertFacts& leaf, const std::vector<x509::Crl>& crls, const std::vector<std::string>& names,
                IssuerJudgement& j) {
  if (crls.empty()) return;
  bool covers_server = names.empty();
  for (const auto& crl : crls) {
    const auto& issuer = crl.facts().issuer;
    if (issuer == leaf.issuer) {
      j.intermediate.push_back(
          {2, fmt::format("the CRLs you gave as the server's include one issued by {} ({}): a CA of its hierarchy",
                          leaf.issuer.rfc4514, crl.source())});
      return;
    }
    if (std::find(names.begin(), names.end(), issuer.rfc4514) != names.end()) covers_server = true;
  }
  if (covers_server) {
    j.foreign.push_back(
        {1, fmt::format("none of the CRLs you gave as the server's is issued by {}", leaf.issuer.rfc4514)});
  }
}

// The organisation (O) of the issuer against those of the names the server sent.
void weigh_organisation(const x509::CertFacts& leaf, const std::vector<std::string>& names, IssuerJudgement& j) {
  const auto issuer_orgs = leaf.issuer.values("O");
  if (issuer_orgs.empty() || names.empty()) return;
  bool any_named = false;
  for (const auto& n : names) {
    for (const auto& o : rdn_values(n, "O")) {
      any_named = true;
      for (const auto& mine : issuer_orgs) {
        if (lower(o) == lower(mine)) {
          j.intermediate.push_back(
              {1, fmt::format("the issuer belongs to the same organisation (O={}) as the accepted CA {}", mine, n)});
          return;
        }
      }
    }
  }
  if (any_named) {
    j.foreign.push_back({1, fmt::format("the issuer's organisation (O={}) is not that of any CA the server accepts",
                                        fmt::join(issuer_orgs, ", "))});
  }
}

int total(const std::vector<IssuerJudgement::Reason>& reasons) {
  int sum = 0;
  for (const auto& r : reasons) sum += r.weight;
  return sum;
}

std::vector<std::string> texts(const std::vector<IssuerJudgement::Reason>& reasons) {
  std::vector<std::string> out;
  for (const auto& r : reasons) out.push_back(r.text);
  return out;
}

}  // namespace

FindingId IssuerJudgement::cause() const {
  return total(intermediate) > total(foreign) ? FindingId::ClientChainIncomplete : FindingId::ClientCertUntrustedIssuer;
}

core::Confidence IssuerJudgement::confidence(bool names_sent) const {
  const int margin = std::abs(total(intermediate) - total(foreign));
  if (!names_sent) return core::Confidence::Possible;  // nothing of the server's to compare with
  if (issuer_found && margin >= 3 && (intermediate.empty() || foreign.empty())) return core::Confidence::Certain;
  return margin >= 2 ? core::Confidence::Likely : core::Confidence::Possible;
}

core::Evidence IssuerJudgement::evidence() const {
  core::Evidence e = core::Evidence::object();
  e["client-chain-incomplete"] = {{"score", total(intermediate)}, {"reasons", texts(intermediate)}};
  e["client-cert-untrusted-issuer"] = {{"score", total(foreign)}, {"reasons", texts(foreign)}};
  if (!aia.empty()) e["aia_ca_issuers"] = aia;
  if (!found.empty()) e["issuer_found"] = found;
  if (!fetched.empty()) e["aia_fetch"] = fetched;
  return e;
}

IssuerJudgement weigh_unsent_issuer(const Inputs& in, const std::vector<std::string>& names) {
  IssuerJudgement j;
  const auto& leaf = in.client->leaf.facts();
  std::vector<const x509::Certificate*> held;
  for (const auto& c : in.client->offered) held.push_back(&c);
  for (const auto& c : in.server_trust.anchors) held.push_back(&c);
  if (in.server_store) {
    for (const auto& c : in.server_store->trust().anchors) held.push_back(&c);
  }
  if (in.issuer_sources) {
    for (const auto& c : in.issuer_sources->held) held.push_back(&c);
  }
  IssuerSearch search(held, in.issuer_sources, j);
  const auto* sources = in.issuer_sources;
  weigh_found(in.client->leaf, search, names, sources && sources->system ? sources->system->description() : "", j);
  weigh_crls(leaf, in.client_crls, names, j);
  weigh_organisation(leaf, names, j);
  // Where the issuer publishes its certificate (RFC 5280 §4.2.2.1): an intermediate one can
  // fetch and send, though a root's leaves may carry it too. Once the issuer is found and its
  // path settles the question, the pointer adds nothing.
  j.aia = leaf.ca_issuer_urls;
  if (!j.aia.empty() && !j.issuer_found) {
    j.intermediate.push_back(
        {1, fmt::format("the certificate says where its issuer's certificate is published (AIA caIssuers {}){}",
                        j.aia.front(),
                        j.fetch_failures.empty() ? std::string()
                                                 : fmt::format("; fetching it failed: {}", j.fetch_failures.front()))});
  }
  return j;
}

}  // namespace mtlsdoctor::diagnose::detail
