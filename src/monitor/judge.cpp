#include "judge.h"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "mtlsdoctor/x509/issuer_index.h"
#include "online.h"

namespace mtlsdoctor::monitor::detail {
namespace {

using core::FindingId;

bool is_usage(FindingId id) {
  return id == FindingId::ClientCertMissingClientAuthEku || id == FindingId::ServerCertMissingServerAuthEku ||
         id == FindingId::ClientCertBadKeyUsage || id == FindingId::ServerCertBadKeyUsage;
}

// A CA certificate is nobody's client or server: its validity faults use the neutral ids.
FindingId neutral(FindingId id) {
  switch (id) {
    case FindingId::ClientCertExpired:
    case FindingId::ServerCertExpired: return FindingId::CertExpired;
    case FindingId::ClientCertNotYetValid:
    case FindingId::ServerCertNotYetValid: return FindingId::CertNotYetValid;
    default: return id;
  }
}

std::string days_text(std::chrono::seconds s) {
  return fmt::format("{}d", std::chrono::duration_cast<std::chrono::days>(s).count());
}

void add_expiry(Item& item, const x509::CertFacts& f, const JudgeInputs& in) {
  if (in.at < f.not_before || in.at > f.not_after) return;  // the check's expired / not-yet-valid say it
  const auto left = f.not_after - in.at;
  const bool critical = left <= in.thresholds.critical;
  if (!critical && left > in.thresholds.warning) return;
  auto finding = core::Finding::make(FindingId::CertExpiresSoon, core::Subject::Input,
                                     fmt::format("{} expires in {:.1f} days ({}), within the {} threshold ({})",
                                                 f.subject.rfc4514, monitor::days_left(in.at, f.not_after),
                                                 core::format_rfc3339(f.not_after), critical ? "critical" : "warning",
                                                 days_text(critical ? in.thresholds.critical : in.thresholds.warning)));
  finding.severity = critical ? core::Severity::Error : core::Severity::Warning;
  finding.evidence["not_after"] = core::format_rfc3339(f.not_after);
  finding.evidence["days_left"] = monitor::days_left(in.at, f.not_after);
  finding.evidence["warning_days"] = std::chrono::duration_cast<std::chrono::days>(in.thresholds.warning).count();
  finding.evidence["critical_days"] = std::chrono::duration_cast<std::chrono::days>(in.thresholds.critical).count();
  finding.certificate = f.sha256_fingerprint;
  finding.depth = 0;
  finding.fixes = {
      fmt::format("Renew it before {} (issuer {})", core::format_rfc3339(f.not_after).substr(0, 10), f.issuer.rfc4514)};
  item.findings.push_back(std::move(finding));
}

// The responder named by the certificate's authorityInfoAccess: revoked is as final as a CRL
// entry; a responder that cannot be asked or trusted leaves revocation not checkable.
void add_ocsp(Item& item, const x509::Certificate& leaf, const x509::Certificate& issuer,
              const chain::TrustStore& store, const JudgeInputs& in) {
  auto asked = in.online->ocsp.check(leaf, issuer, store);
  if (!asked) return;
  if (!*asked) {
    auto f = core::Finding::make(
        FindingId::RevocationUnknown, core::Subject::Revocation,
        fmt::format("the OCSP responder at {} could not be asked: {}", asked->error().subject, asked->error().message));
    f.evidence["ocsp_url"] = asked->error().subject;
    item.findings.push_back(std::move(f));
    return;
  }
  const auto& status = **asked;
  if (status.kind == OcspStatus::Kind::Good) return;
  if (status.kind == OcspStatus::Kind::Unknown) {
    auto f = core::Finding::make(FindingId::RevocationUnknown, core::Subject::Revocation,
                                 fmt::format("the OCSP responder at {} does not know the certificate", status.url));
    f.evidence["ocsp_url"] = status.url;
    item.findings.push_back(std::move(f));
    return;
  }
  const auto id = in.role == CertRole::Server ? FindingId::ServerCertRevoked : FindingId::ClientCertRevoked;
  if (std::any_of(item.findings.begin(), item.findings.end(), [&](const auto& f) { return f.id == id; })) return;
  auto f = core::Finding::make(
      id, in.role == CertRole::Server ? core::Subject::ServerCert : core::Subject::ClientCert,
      fmt::format("the OCSP responder at {} says it is revoked{}", status.url,
                  status.revoked_at ? fmt::format(" since {}", core::format_rfc3339(*status.revoked_at)) : ""));
  f.evidence["ocsp_url"] = status.url;
  f.evidence["serial"] = leaf.facts().serial_hex;
  f.certificate = leaf.facts().sha256_fingerprint;
  f.depth = 0;
  f.fixes = {"Request a new certificate (with a new key if the old one may be compromised)"};
  item.findings.push_back(std::move(f));
}

// The certificate that issued `cert` is at hand: it is a root, or the issuer is among the
// certificates sent with it or the trusted CAs.
bool issuer_at_hand(const x509::CertFacts& cert, const chain::Identity& identity, const chain::Trust& trust) {
  if (cert.self_issued) return true;
  const auto issued = [&](const x509::Certificate& c) { return x509::may_have_issued(c.facts(), cert); };
  return std::any_of(identity.offered.begin(), identity.offered.end(), issued) ||
         std::any_of(trust.anchors.begin(), trust.anchors.end(), issued);
}

// A certificate naming a CRL distribution point whose issuer is not at hand: the CRL could be
// fetched but not verified (only the issuer's key can), so revocation is not checked. A warning
// where the entry asked for judgement (cacert or crl), information otherwise, as trust is.
std::optional<core::Finding> no_issuer_for_crl(const x509::CertFacts& cert, const JudgeInputs& in) {
  const auto url = std::find_if(cert.crl_urls.begin(), cert.crl_urls.end(),
                                [](const std::string& u) { return u.starts_with("http://"); });
  if (url == cert.crl_urls.end()) return std::nullopt;
  auto f = core::Finding::make(
      FindingId::RevocationUnknown, core::Subject::Revocation,
      fmt::format("revocation of {} was not checked: its CRL ({}) can only be verified with the certificate of its "
                  "issuer {}, which is neither in this entry's files nor in its cacert",
                  cert.subject.rfc4514, *url, cert.issuer.rfc4514));
  f.severity = in.cacert_configured || in.crl_configured ? core::Severity::Warning : core::Severity::Info;
  f.evidence["crl_url"] = *url;
  f.evidence["missing_issuer"] = cert.issuer.rfc4514;
  f.certificate = cert.sha256_fingerprint;
  f.fixes = {
      fmt::format("Add the certificate of {} under cacert: (or beside this one in the files)", cert.issuer.rfc4514)};
  return f;
}

// The entry's trust with the CRLs fetched, made once per set of distribution points.
core::Result<chain::TrustStore> with_crls(const chain::TrustStore& base, const CrlFetcher::Fetched& fetched,
                                          FetchedStores* cache) {
  if (cache) {
    if (auto it = cache->by_urls.find(fetched.urls); it != cache->by_urls.end()) return it->second;
  }
  chain::Trust trust = base.trust();
  trust.crls.insert(trust.crls.end(), fetched.crls.begin(), fetched.crls.end());
  auto made = chain::TrustStore::create(std::move(trust));
  if (made && cache) cache->by_urls.emplace(fetched.urls, *made);
  return made;
}

}  // namespace

State state_of(const core::Finding& f) noexcept {
  switch (f.id) {
    case FindingId::ClientCertExpired:
    case FindingId::ServerCertExpired:
    case FindingId::CertExpired:
    case FindingId::ClientCertNotYetValid:
    case FindingId::ServerCertNotYetValid:
    case FindingId::CertNotYetValid:
    case FindingId::ClientCertRevoked:
    case FindingId::ServerCertRevoked:
    case FindingId::ClientKeyMismatch:
    case FindingId::ServerKeyMismatch:
    case FindingId::ClientKeyMissing: return State::Critical;
    case FindingId::ClientIdentityUnreadable:
    case FindingId::ServerIdentityUnreadable: return State::Unknown;
    case FindingId::ClientChainInvalid:
    case FindingId::ServerChainInvalid:
      // A CA of the chain expired, not yet valid or revoked: the identity is refused as surely.
      if (f.verify_code == X509_V_ERR_CERT_HAS_EXPIRED || f.verify_code == X509_V_ERR_CERT_NOT_YET_VALID ||
          f.verify_code == X509_V_ERR_CERT_REVOKED)
        return State::Critical;
      return State::Warning;
    case FindingId::CertExpiresSoon: return f.severity == core::Severity::Error ? State::Critical : State::Warning;
    default: break;
  }
  // mtls-not-requested is a warning only where the endpoint expects mTLS (it is then left a warning).
  if (core::is_success(f.id))
    return f.id == FindingId::MtlsNotRequested && f.severity != core::Severity::Info ? State::Warning : State::Ok;
  return f.severity == core::Severity::Info ? State::Ok : State::Warning;
}

void decide(Item& item) {
  std::stable_sort(item.findings.begin(), item.findings.end(), [](const core::Finding& a, const core::Finding& b) {
    const int ba = badness(state_of(a)), bb = badness(state_of(b));
    if (ba != bb) return ba > bb;
    return core::rank(a.id) < core::rank(b.id);
  });
  item.state = State::Ok;
  item.cause = FindingId::Ok;
  item.reason.clear();
  if (item.findings.empty() || state_of(item.findings.front()) == State::Ok) return;
  const auto& worst = item.findings.front();
  item.state = state_of(worst);
  item.cause = worst.id;
  item.reason = worst.message;
}

void judge(Item& item, const chain::Identity& identity, const JudgeInputs& in) {
  const auto& facts = identity.leaf.facts();
  item.thresholds = in.thresholds;
  item.certificate = CertSummary{facts.subject.rfc4514,
                                 facts.issuer.rfc4514,
                                 facts.serial_hex,
                                 facts.sha256_fingerprint,
                                 facts.not_after,
                                 monitor::days_left(in.at, facts.not_after),
                                 in.role};
  chain::CheckOptions options;
  options.role = in.role == CertRole::Server ? chain::Role::Server : chain::Role::Client;
  options.at = in.at;
  options.security_level = in.security_level;
  options.verifier = in.verifier;
  options.expiry_warning = std::chrono::duration_cast<std::chrono::days>(in.thresholds.warning);
  options.at_rest = true;  // no hostname-not-checked: a certificate at rest has no host to check
  // The CRLs of the distribution points join the configured ones; one that cannot be fetched
  // leaves revocation not checkable, which is a warning. A CRL is only worth fetching for a
  // certificate whose issuer is at hand, to verify it with.
  const chain::TrustStore* store = in.trust;
  std::optional<chain::TrustStore> with_fetched;
  bool crl_configured = in.crl_configured;
  std::vector<core::Finding> fetch_failures;
  if (in.online) {
    std::vector<x509::Certificate> certs;
    const auto consider = [&](const x509::Certificate& cert) {
      if (issuer_at_hand(cert.facts(), identity, in.trust->trust())) {
        certs.push_back(cert);
      } else if (auto f = no_issuer_for_crl(cert.facts(), in)) {
        fetch_failures.push_back(std::move(*f));
      }
    };
    consider(identity.leaf);
    for (const auto& c : identity.offered) consider(c);
    auto fetched = in.online->crls.for_certificates(certs);
    for (const auto& [url, error] : fetched.failures) {
      auto f = core::Finding::make(FindingId::RevocationUnknown, core::Subject::Revocation,
                                   fmt::format("the CRL at {} could not be fetched: {}", url, error.describe()));
      f.evidence["crl_url"] = url;
      f.fixes = {fmt::format("curl -fsS -o issuer.crl '{}'   # and name it under crl: in the configuration", url)};
      fetch_failures.push_back(std::move(f));
    }
    if (!fetched.crls.empty()) {
      if (auto made = with_crls(*in.trust, fetched, in.fetched_stores)) {
        with_fetched = std::move(*made);
        store = &*with_fetched;
        crl_configured = true;
      }
    }
  }
  auto checked = chain::check_identity(identity, *store, options);
  if (!checked) {
    mark_unknown(item, FindingId::ClientIdentityUnreadable, checked.error());
    return;
  }
  item.findings.reserve(checked->report.findings.size() + fetch_failures.size() + 2);
  for (auto& f : checked->report.findings) {
    // The leaf's own expiry is judged below against this item's thresholds.
    if (f.id == FindingId::CertExpiresSoon && f.depth.value_or(0) == 0) continue;
    if (in.role == CertRole::Ca && is_usage(f.id)) continue;
    if (in.role == CertRole::Ca) f.id = neutral(f.id);
    if ((f.id == FindingId::TrustNotChecked && !in.cacert_configured) ||
        (f.id == FindingId::RevocationNotChecked && !crl_configured))
      f.severity = core::Severity::Info;
    item.findings.push_back(std::move(f));
  }
  for (auto& f : fetch_failures) item.findings.push_back(std::move(f));
  if (in.online && in.role != CertRole::Ca && checked->path.size() >= 2)
    add_ocsp(item, identity.leaf, checked->path[1].cert, *store, in);
  add_expiry(item, facts, in);
  decide(item);
}

void mark_unknown(Item& item, FindingId cause, const core::Error& error) {
  auto finding = core::Finding::make(cause, core::Subject::Input, error.describe());
  finding.evidence["category"] = to_string(error.category);
  if (!error.subject.empty()) finding.evidence["file"] = error.subject;
  item.findings = {std::move(finding)};
  item.state = State::Unknown;
  item.cause = cause;
  item.reason = error.describe();
}

CertRole role_of(const x509::CertFacts& f, RoleHint hint) noexcept {
  if (f.is_ca()) return CertRole::Ca;
  if (hint == RoleHint::Client) return CertRole::Client;
  if (hint == RoleHint::Server) return CertRole::Server;
  const bool server = f.extended_key_usage && f.has_eku(x509::KeyPurpose::ServerAuth);
  const bool client = f.extended_key_usage && f.has_eku(x509::KeyPurpose::ClientAuth);
  return server && !client ? CertRole::Server : CertRole::Client;
}

x509::PasswordProvider password_from(const std::optional<std::filesystem::path>& file) {
  if (!file) return x509::no_password();
  return [path = *file](std::string_view) -> core::Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::fail(core::ErrorCategory::Io, "cannot read the password file", path.string());
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  };
}

core::Result<chain::TrustStore> make_trust(const std::optional<std::filesystem::path>& cacert,
                                           const std::vector<std::filesystem::path>& crls,
                                           const x509::PasswordProvider& password) {
  chain::Trust trust;
  if (cacert) {
    auto anchors = x509::load_anchors({cacert->string()}, password);
    if (!anchors) return std::unexpected(anchors.error());
    trust.anchors = std::move(*anchors);
    trust.anchors_source = cacert->string();
  }
  if (!crls.empty()) {
    std::vector<std::string> names;
    for (const auto& c : crls) names.push_back(c.string());
    auto loaded = x509::load_crls(names, password);
    if (!loaded) return std::unexpected(loaded.error());
    trust.crls = std::move(*loaded);
  }
  return chain::TrustStore::create(std::move(trust));
}

}  // namespace mtlsdoctor::monitor::detail
