#include "mtlsdoctor/chain/check.h"

#include <fmt/format.h>

#include <algorithm>

#include "context.h"
#include "lone_leaf.h"

namespace mtlsdoctor::chain {
namespace detail {

std::string Context::anchor_names() const {
  if (trust.anchors.empty()) return "no CA";
  std::vector<std::string> names;
  for (const auto& a : trust.anchors) {
    if (std::find(names.begin(), names.end(), a.facts().subject.rfc4514) == names.end()) {
      names.push_back(a.facts().subject.rfc4514);
    }
  }
  // A whole bundle (the system's): its name says more than three of its roots picked at random.
  if (names.size() > 3 && !trust.anchors_source.empty())
    return fmt::format("the {} CAs of {}", names.size(), trust.anchors_source);
  if (names.size() > 3)
    return fmt::format("{} and {} more", fmt::join(names.begin(), names.begin() + 3, "; "), names.size() - 3);
  return fmt::format("{}", fmt::join(names, "; "));
}

const x509::Certificate* Context::at_depth(int depth) const {
  if (depth < 0 || static_cast<std::size_t>(depth) >= verify.path.size()) return nullptr;
  return &verify.path[static_cast<std::size_t>(depth)].cert;
}

core::Finding& Context::add(core::FindingId id, core::Subject subject, std::string message) {
  findings.push_back(core::Finding::make(id, subject, std::move(message)));
  return findings.back();
}

core::Evidence cert_evidence(const x509::CertFacts& f) {
  core::Evidence e = core::Evidence::object();
  e["subject"] = f.subject.rfc4514;
  e["issuer"] = f.issuer.rfc4514;
  e["serial"] = f.serial_hex;
  e["not_before"] = core::format_rfc3339(f.not_before);
  e["not_after"] = core::format_rfc3339(f.not_after);
  e["sha256"] = f.sha256_fingerprint;
  return e;
}

void about(core::Finding& finding, const x509::CertFacts& cert, std::optional<int> depth) {
  finding.certificate = cert.sha256_fingerprint;
  finding.depth = depth;
}

namespace {

core::Verdict decide(const Context& ctx) {
  core::Verdict v;
  const core::Finding* cause = nullptr;
  for (const auto& f : ctx.findings) {
    if (f.severity != core::Severity::Error) continue;
    // The table's rank: the first fault in OpenSSL's order is what a peer that stops there reports.
    if (!cause || core::rank(f.id) < core::rank(cause->id)) cause = &f;
  }
  const auto& leaf = ctx.leaf();
  if (!cause) {
    v.outcome = core::Outcome::Ok;
    v.rejected_by = core::Side::None;
    v.cause = core::FindingId::Ok;
    const long days = core::days_between(ctx.options.at, leaf.not_after);
    v.summary = ctx.trust.anchors.empty()
                    ? fmt::format(
                          "No problem found with this {} certificate ({}, {} days left); trust was not "
                          "checked (no {})",
                          to_string(ctx.options.role), ctx.identity.leaf.label(), days, core::hint(core::Hint::Cacert))
                    : fmt::format("{} trusting {} would accept this {} certificate ({}, {} days left)",
                                  judge_of(ctx.options.role), ctx.anchor_names(), to_string(ctx.options.role),
                                  ctx.identity.leaf.label(), days);
    v.summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(v.summary[0])));
    v.confidence = ctx.trust.anchors.empty() ? core::Confidence::Likely : core::Confidence::Certain;
    return v;
  }
  v.outcome = core::Outcome::Failed;
  v.cause = cause->id;
  v.rejected_by = core::refusing_side(cause->id);
  // A check id that fails the verification (an expired CRL): the judging peer refuses.
  if (v.rejected_by == core::Side::None)
    v.rejected_by = ctx.options.role == Role::Client ? core::Side::Server : core::Side::Client;
  if (v.rejected_by == core::Side::Local) {
    v.summary = fmt::format("This {} identity cannot be used: {}", to_string(ctx.options.role), cause->message);
  } else {
    v.summary =
        fmt::format("{} trusting {} would reject this {} certificate ({}): {}", judge_of(ctx.options.role),
                    ctx.anchor_names(), to_string(ctx.options.role), ctx.leaf().subject.rfc4514, cause->message);
    v.summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(v.summary[0])));
  }
  const auto it = ctx.confidence.find(cause->id);
  v.confidence = it == ctx.confidence.end() ? core::Confidence::Certain : it->second;
  return v;
}

}  // namespace
}  // namespace detail

core::Result<CheckResult> check_identity(const Identity& identity, const Trust& trust, const CheckOptions& options) {
  auto store = TrustStore::create(trust);
  if (!store) return std::unexpected(store.error());
  return check_identity(identity, *store, options);
}

core::Result<CheckResult> check_identity(const Identity& identity, const TrustStore& store,
                                         const CheckOptions& options) {
  const Trust& trust = store.trust();
  // The leaf is often passed again inside the chain file (a fullchain.pem for both): not an error.
  Identity cleaned = identity;
  std::erase_if(cleaned.offered, [&](const x509::Certificate& c) { return c == identity.leaf; });

  auto verified = options.verifier == Verifier::Fastest && detail::judged_alone(cleaned, store, options)
                      ? core::Result<detail::VerifyOutcome>(detail::lone_leaf_outcome(cleaned, options))
                      : detail::run_openssl_verify(cleaned, store, options);
  if (!verified) return std::unexpected(verified.error());

  detail::Context ctx{cleaned, trust, options, std::move(*verified), {}, {}};
  ctx.findings.reserve(8);  // a certificate at rest gets four or five: no regrowth, no moves
  detail::add_verify_findings(ctx);
  detail::add_usage_findings(ctx);
  detail::add_hygiene_findings(ctx);

  CheckResult result;
  result.report.verdict = detail::decide(ctx);
  result.report.findings = std::move(ctx.findings);
  core::sort_findings(result.report);
  result.path = std::move(ctx.verify.path);
  result.trusted = !trust.anchors.empty() && !result.path.empty() && result.path.back().anchor;
  return result;
}

}  // namespace mtlsdoctor::chain
