// A leaf sent alone whose issuer the server does not name: an intermediate left out
// (client-chain-incomplete), or a CA the server does not trust (client-cert-untrusted-issuer)?
// Both end in the same alert on every stack (SERVER-BEHAVIOUR.md: 48, 42, 46, 49, a silent close,
// HTTP 400), so only what the client holds can rank them. Clients send a leaf alone as a matter
// of course, and the usual real case is a foreign CA: that reading wins when the evidence is even.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "context.h"

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

// The issuer of `leaf` among the certificates the client holds, then its own issuers, as far as
// they go: does the path reach a name the server accepts, or a root it does not name?
void weigh_held(const x509::CertFacts& leaf, const std::vector<const x509::Certificate*>& held,
                const std::vector<std::string>& names, IssuerJudgement& j) {
  const auto accepted = [&](const std::string& dn) { return std::find(names.begin(), names.end(), dn) != names.end(); };
  const x509::CertFacts* cur = &leaf;
  std::vector<std::string> path;
  for (int hops = 0; hops < 10; ++hops) {
    const auto next = std::find_if(held.begin(), held.end(), [&](const x509::Certificate* c) {
      return issued(*cur, *c) && c->facts().sha256_fingerprint != cur->sha256_fingerprint;
    });
    if (next == held.end()) break;
    cur = &(*next)->facts();
    path.push_back(fmt::format("{} ({})", cur->subject.rfc4514, (*next)->source()));
    if (accepted(cur->subject.rfc4514) || accepted(cur->issuer.rfc4514)) {
      j.intermediate.push_back(
          {3, fmt::format("you hold the issuer, and it leads to a CA the server accepts: {}", fmt::join(path, " → "))});
      j.issuer_held = true;
      return;
    }
    if (cur->self_issued) {
      if (!names.empty()) {
        j.foreign.push_back({3, fmt::format("you hold the issuer, and it leads to a root the server does not name: {}",
                                            fmt::join(path, " → "))});
        j.issuer_held = true;
      }
      return;
    }
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
  if (issuer_held && margin >= 3 && (intermediate.empty() || foreign.empty())) return core::Confidence::Certain;
  return margin >= 2 ? core::Confidence::Likely : core::Confidence::Possible;
}

core::Evidence IssuerJudgement::evidence() const {
  core::Evidence e = core::Evidence::object();
  e["client-chain-incomplete"] = {{"score", total(intermediate)}, {"reasons", texts(intermediate)}};
  e["client-cert-untrusted-issuer"] = {{"score", total(foreign)}, {"reasons", texts(foreign)}};
  if (!aia.empty()) e["aia_ca_issuers"] = aia;
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
  weigh_held(leaf, held, names, j);
  weigh_crls(leaf, in.client_crls, names, j);
  weigh_organisation(leaf, names, j);
  // Where the issuer publishes its certificate (RFC 5280 §4.2.2.1): an intermediate one can
  // fetch and send, though a root's leaves may carry it too.
  j.aia = leaf.ca_issuer_urls;
  if (!j.aia.empty()) {
    j.intermediate.push_back(
        {1, fmt::format("the certificate says where its issuer's certificate is published (AIA caIssuers {})",
                        j.aia.front())});
  }
  return j;
}

}  // namespace mtlsdoctor::diagnose::detail
