// What the verifier does not judge but a peer (or the next outage) will: the key, the shape
// of the offered chain, what could not be checked, and expiry ahead.
#include <fmt/format.h>

#include <algorithm>

#include "context.h"
#include "mtlsdoctor/x509/identity.h"

namespace mtlsdoctor::chain::detail {
namespace {

using core::FindingId;
using core::Subject;

void add_key_findings(Context& ctx) {
  const auto& id = ctx.identity;
  if (!id.key) {
    if (id.key_expected && ctx.options.role == Role::Client) {
      auto& f = ctx.add(FindingId::ClientKeyMissing, Subject::Key,
                        fmt::format("{} holds the certificate but no private key", id.cert_file));
      f.fixes = {"Export the identity again with its private key (openssl pkcs12 -export -inkey key.pem -in cert.pem)"};
    } else {
      ctx.add(FindingId::KeyNotChecked, Subject::Key, "no private key given: whether it matches was not checked");
    }
    return;
  }
  if (id.key->matches(id.leaf)) return;
  const auto owner = x509::key_owner_in_offered(id);
  if (owner) {
    // A bundle in the wrong order (or with two leaves): TLS stacks take the first certificate.
    const auto& owned = id.offered[*owner].facts();
    auto& f =
        ctx.add(ctx.id(FindingId::ClientKeyMismatch), Subject::Key,
                fmt::format("the private key in {} belongs to {}, but the first certificate of {} is {}: every "
                            "TLS stack sends the first certificate as the leaf, so the key does not match it",
                            id.key->source(), owned.subject.rfc4514, ctx.cert_file(), ctx.leaf().subject.rfc4514));
    f.evidence["certificate_spki_sha256"] = ctx.leaf().spki_sha256;
    f.evidence["key_spki_sha256"] = id.key->spki_sha256();
    f.evidence["key_certificate"] = owned.subject.rfc4514;
    about(f, ctx.leaf(), 0);
    f.fixes = {fmt::format("Put the certificate of {} first in {}, then its issuers in order", owned.subject.rfc4514,
                           ctx.cert_file()),
               "mtls-doctor inspect FILE   # shows the order and which key pairs with which certificate"};
    return;
  }
  auto& f = ctx.add(
      ctx.id(FindingId::ClientKeyMismatch), Subject::Key,
      fmt::format("the private key in {} does not belong to the certificate in {}", id.key->source(), ctx.cert_file()));
  f.evidence["certificate_spki_sha256"] = ctx.leaf().spki_sha256;
  f.evidence["key_spki_sha256"] = id.key->spki_sha256();
  about(f, ctx.leaf(), 0);
  f.fixes = {fmt::format("openssl x509 -in {} -noout -pubkey | openssl sha256", ctx.cert_arg()),
             fmt::format("openssl pkey -in {} -pubout | openssl sha256   # must print the same",
                         core::shell_quote(id.key->source())),
             "mtls-doctor inspect DIR   # pairs every key with its certificate"};
}

void add_chain_shape_findings(Context& ctx) {
  const auto& path = ctx.verify.path;
  const auto depth_of = [&](const x509::Certificate& c) -> int {
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i].cert == c) return static_cast<int>(i);
    }
    return -1;
  };
  int last_depth = 0;
  bool out_of_order = false;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < ctx.identity.offered.size(); ++i) {
    const auto& cert = ctx.identity.offered[i];
    const auto& facts = cert.facts();
    const bool duplicate =
        std::any_of(ctx.identity.offered.begin(), ctx.identity.offered.begin() + static_cast<long>(i),
                    [&](const auto& o) { return o == cert; });
    if (duplicate) {
      auto& f = ctx.add(FindingId::ChainDuplicateCert, Subject::Chain,
                        fmt::format("{} is offered more than once", facts.subject.rfc4514));
      f.evidence["sha256"] = facts.sha256_fingerprint;
      about(f, facts, std::nullopt);
      continue;
    }
    const int depth = depth_of(cert);
    order.push_back(facts.subject.rfc4514);
    if (depth < 0) {
      auto& f = ctx.add(FindingId::ChainUnrelatedCert, Subject::Chain,
                        fmt::format("{} is offered but is not part of the path from the leaf", facts.subject.rfc4514));
      f.evidence = cert_evidence(facts);
      about(f, facts, std::nullopt);
      f.fixes = {fmt::format("Remove it from {}",
                             ctx.identity.chain_file.empty() ? "the chain file" : ctx.identity.chain_file)};
      continue;
    }
    if (depth < last_depth) out_of_order = true;
    last_depth = depth;
    if (facts.self_issued && facts.is_ca()) {
      auto& f =
          ctx.add(FindingId::ChainRootIncluded, Subject::Chain,
                  fmt::format("the root {} is sent with the chain; peers use their own copy, so it only adds bytes",
                              facts.subject.rfc4514));
      about(f, facts, depth);
      f.fixes = {"Leave the root out of the chain file"};
    }
  }
  // The first certificate is a CA and an end-entity certificate follows: the bundle is upside
  // down, and the peer will be sent the CA as the leaf.
  if (ctx.leaf().is_ca() && std::any_of(ctx.identity.offered.begin(), ctx.identity.offered.end(),
                                        [](const auto& c) { return !c.facts().is_ca(); }))
    out_of_order = true;
  if (out_of_order) {
    auto& f = ctx.add(FindingId::ChainWrongOrder, Subject::Chain,
                      "the chain is not in order (each certificate should be followed by its issuer); TLS 1.2 "
                      "requires the order, some peers reject it");
    f.evidence["offered_order"] = order;
    f.fixes = {"cat leaf.pem intermediate.pem > fullchain.pem   # leaf first, then each issuer"};
  }
}

void add_coverage_findings(Context& ctx) {
  if (ctx.trust.crls.empty()) {
    auto& f = ctx.add(FindingId::RevocationNotChecked, Subject::Revocation,
                      "no CRL was given, so revocation was not checked");
    if (!ctx.leaf().crl_urls.empty()) {
      f.evidence["crl_url"] = ctx.leaf().crl_urls.front();
      f.fixes = {fmt::format("curl -fsS -o issuer.crl '{}' && mtls-doctor check … {} issuer.crl",
                             ctx.leaf().crl_urls.front(), core::hint(core::Hint::Crl))};
    } else {
      f.fixes = {fmt::format("Pass the issuer's CRL: {} issuer-crl.pem", core::hint(core::Hint::Crl))};
    }
    if (!ctx.leaf().ocsp_urls.empty()) f.evidence["ocsp_url"] = ctx.leaf().ocsp_urls.front();
  }
  if (ctx.options.role == Role::Server && !ctx.options.host && !ctx.options.at_rest) {
    auto& f =
        ctx.add(FindingId::HostnameNotChecked, Subject::ServerCert,
                fmt::format("no {} given, so the certificate's names were not checked", core::hint(core::Hint::Host)));
    std::vector<std::string> names;
    for (const auto& san : ctx.leaf().sans) names.push_back(fmt::format("{}:{}", to_string(san.type), san.value));
    f.evidence["names"] = names;
  }
}

void add_expiry_warnings(Context& ctx) {
  for (std::size_t depth = 0; depth < ctx.verify.path.size(); ++depth) {
    const auto& f = ctx.verify.path[depth].cert.facts();
    if (ctx.options.at < f.not_before || ctx.options.at > f.not_after) continue;
    const long days = core::days_between(ctx.options.at, f.not_after);
    if (days >= ctx.options.expiry_warning.count()) continue;
    auto& finding =
        ctx.add(FindingId::CertExpiresSoon, depth == 0 ? ctx.subject() : Subject::Chain,
                fmt::format("{} expires in {} days ({})", f.subject.rfc4514, days, core::format_rfc3339(f.not_after)));
    finding.evidence = cert_evidence(f);
    finding.evidence["depth"] = depth;
    finding.evidence["days_left"] = days;
    about(finding, f, static_cast<int>(depth));
    finding.fixes = {fmt::format("Renew it before {}", core::format_rfc3339(f.not_after).substr(0, 10))};
  }
}

}  // namespace

void add_hygiene_findings(Context& ctx) {
  add_key_findings(ctx);
  add_chain_shape_findings(ctx);
  add_coverage_findings(ctx);
  add_expiry_warnings(ctx);
}

}  // namespace mtlsdoctor::chain::detail
