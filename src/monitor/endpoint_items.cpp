// `endpoints:` — each probed through the diagnose library as `diagnose --targets` does (one
// event loop per group of endpoints sharing identity, trust and server name; bounded
// concurrency; per-phase deadlines), presenting the configured identity. The item is the full
// diagnose verdict, plus expect_mtls, the server certificate's days left, and CA-list drift.
#include <fmt/format.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "judge.h"
#include "mtlsdoctor/diagnose/session.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/x509/identity.h"
#include "sources.h"

namespace mtlsdoctor::monitor::detail {
namespace {

using core::FindingId;

constexpr std::size_t kConcurrency = 16;

// A DER-encoded name as OpenSSL's X509_NAME, for comparison by X509_NAME_cmp (never by text).
ossl::X509NamePtr name_from_der(const std::vector<std::uint8_t>& der) {
  const unsigned char* p = der.data();
  return ossl::X509NamePtr{d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size()))};
}

bool listed(const std::vector<ossl::X509NamePtr>& names, const X509_NAME* name) {
  for (const auto& n : names)
    if (n && X509_NAME_cmp(n.get(), name) == 0) return true;
  return false;
}

std::string rfc4514(const X509_NAME* name) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) return "?";
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// CA-list drift: the acceptable client-CA names of the CertificateRequest against the issuer
// chain of the identity presented, and against the successor CA about to replace it.
void add_drift(Item& item, const EndpointSource& ep, const probe::Transcript& t,
               const std::optional<chain::Identity>& identity) {
  if (!t.certificate_requested || !t.ca_names_sent || t.acceptable_ca_names_der.empty()) return;
  std::vector<ossl::X509NamePtr> names;
  for (const auto& der : t.acceptable_ca_names_der) names.push_back(name_from_der(der));
  if (identity) {
    std::vector<const X509_NAME*> chain_names;
    if (auto leaf = identity->leaf.native()) chain_names.push_back(X509_get_issuer_name(*leaf));
    for (const auto& c : identity->offered) {
      if (auto x = c.native()) {
        chain_names.push_back(X509_get_subject_name(*x));
        chain_names.push_back(X509_get_issuer_name(*x));
      }
    }
    const bool covered =
        std::any_of(chain_names.begin(), chain_names.end(), [&](const X509_NAME* n) { return listed(names, n); });
    if (!chain_names.empty() && !covered) {
      auto f = core::Finding::make(
          FindingId::CaListDrift, core::Subject::Handshake,
          fmt::format("the server's acceptable client-CA names do not list {}, which issued our identity '{}'",
                      identity->leaf.facts().issuer.rfc4514, ep.identity.value_or("")));
      f.evidence["issuer"] = identity->leaf.facts().issuer.rfc4514;
      f.evidence["acceptable_ca_names"] = t.acceptable_ca_names;
      f.fixes = {fmt::format("Add the CA of {} to the server's client-CA file (nginx ssl_client_certificate, Apache "
                             "SSLCACertificateFile, HAProxy ca-file)",
                             identity->leaf.facts().issuer.rfc4514),
                 "or issue our identity from a CA the server lists"};
      item.findings.push_back(std::move(f));
    }
  }
  if (!ep.successor_ca) return;
  auto successors = x509::load_anchors({ep.successor_ca->string()}, x509::no_password());
  if (!successors) {
    auto f = core::Finding::make(FindingId::CaListSuccessorMissing, core::Subject::Input,
                                 fmt::format("successor_ca cannot be read: {}", successors.error().describe()));
    f.evidence["file"] = ep.successor_ca->string();
    item.findings.push_back(std::move(f));
    return;
  }
  for (const auto& ca : *successors) {
    auto x = ca.native();
    if (!x || listed(names, X509_get_subject_name(*x))) continue;
    auto f = core::Finding::make(
        FindingId::CaListSuccessorMissing, core::Subject::Handshake,
        fmt::format("the server does not list {} yet (successor_ca)", rfc4514(X509_get_subject_name(*x))));
    f.evidence["successor_ca"] = ca.facts().subject.rfc4514;
    f.evidence["acceptable_ca_names"] = t.acceptable_ca_names;
    f.fixes = {fmt::format("Add {} to the server's client-CA file before it issues client certificates",
                           ca.facts().subject.rfc4514)};
    item.findings.push_back(std::move(f));
  }
}

CertSummary summary_of(const x509::CertFacts& f, CertRole role, core::TimePoint at) {
  return CertSummary{f.subject.rfc4514, f.issuer.rfc4514,           f.serial_hex, f.sha256_fingerprint,
                     f.not_after,       days_left(at, f.not_after), role};
}

void add_server_cert(Item& item, const probe::Transcript& t, const JudgeInputs& in) {
  if (t.server_chain.empty()) return;
  for (std::size_t i = 0; i < t.server_chain.size(); ++i) {
    auto c = x509::Certificate::from_der(t.server_chain[i], "the server's chain");
    if (c) item.server_chain.push_back(summary_of(c->facts(), i == 0 ? CertRole::Server : CertRole::Ca, in.at));
  }
  auto leaf = x509::Certificate::from_der(t.server_chain.front(), "the server's certificate");
  if (!leaf) return;
  const auto& f = leaf->facts();
  const double days = static_cast<double>((f.not_after - in.at).count()) / 86400.0;
  item.certificate = summary_of(f, CertRole::Server, in.at);
  if (in.at > f.not_after || in.at < f.not_before) return;  // the verdict says it
  const auto left = f.not_after - in.at;
  const bool critical = left <= in.thresholds.critical;
  if (!critical && left > in.thresholds.warning) return;
  auto finding = core::Finding::make(FindingId::CertExpiresSoon, core::Subject::ServerCert,
                                     fmt::format("the server's certificate {} expires in {:.1f} days ({})",
                                                 f.subject.rfc4514, days, core::format_rfc3339(f.not_after)));
  finding.severity = critical ? core::Severity::Error : core::Severity::Warning;
  finding.evidence["not_after"] = core::format_rfc3339(f.not_after);
  finding.evidence["days_left"] = std::round(days * 100) / 100;
  finding.certificate = f.sha256_fingerprint;
  item.findings.push_back(std::move(finding));
}

void judge_endpoint(Item& item, const EndpointSource& ep, const diagnose::Prepared& p, const diagnose::TargetResult& r,
                    const JudgeInputs& in) {
  if (!r.report) {
    mark_unknown(item, FindingId::ClientIdentityUnreadable, r.report.error());
    return;
  }
  const auto& report = *r.report;
  for (auto f : report.findings) {
    if (f.id == FindingId::MtlsNotRequested && !ep.expect_mtls) f.severity = core::Severity::Info;
    // As for files: a check the configuration did not ask for (no `crl:` on the identity) is information.
    if (f.id == FindingId::RevocationNotChecked && !in.crl_configured) f.severity = core::Severity::Info;
    item.findings.push_back(std::move(f));
  }
  if (p.identity) item.presented = summary_of(p.identity->leaf.facts(), CertRole::Client, in.at);
  if (r.transcript) {
    add_server_cert(item, *r.transcript, in);
    add_drift(item, ep, *r.transcript, p.identity);
  }
  // The server accepted our identity although its CA names do not list our issuer: diagnose's
  // offline reading calls that an untrusted issuer; here it is the drift, said once.
  const bool drift = std::any_of(item.findings.begin(), item.findings.end(),
                                 [](const core::Finding& f) { return f.id == FindingId::CaListDrift; });
  if (drift && report.verdict.outcome == core::Outcome::Ok)
    std::erase_if(item.findings, [](const core::Finding& f) { return f.id == FindingId::ClientCertUntrustedIssuer; });
  decide(item);
  const auto& v = report.verdict;
  if (v.outcome == core::Outcome::Failed) {
    // Nothing TLS happened: the endpoint could not be reached, which says nothing of its certificates.
    item.state = v.rejected_by == core::Side::Network ? State::Unknown : State::Critical;
    item.cause = v.cause;
    item.reason = v.summary;
  }
  item.verdict = v;
}

Item endpoint_item(const EndpointSource& ep) {
  Item item;
  item.kind = ItemKind::Endpoint;
  item.name = ep.name;
  item.source = ep.target;
  return item;
}

}  // namespace

void add_endpoint_items(const Config& config, const SweepOptions& options, std::vector<Item>& out) {
  // Endpoints sharing identity, trust and server name share one prepared identity and one loop.
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < config.endpoints.size(); ++i) {
    const auto& ep = config.endpoints[i];
    groups[fmt::format("{}\n{}\n{}", ep.identity.value_or(""), ep.cacert ? ep.cacert->string() : "",
                       ep.servername.value_or(""))]
        .push_back(i);
  }
  std::vector<std::optional<Item>> items(config.endpoints.size());
  const core::FixedClock clock(options.at);
  for (const auto& [key, members] : groups) {
    const auto& first = config.endpoints[members.front()];
    const IdentitySource* id = first.identity ? config.identity(*first.identity) : nullptr;
    diagnose::Request request;
    if (id) {
      x509::IdentityFiles files;
      if (id->cert) files.cert = id->cert->string();
      if (id->key) files.key = id->key->string();
      if (id->chain) files.chain = id->chain->string();
      if (id->p12) files.p12 = id->p12->string();
      request.identity = files;
      for (const auto& c : id->crl) request.crl.push_back(c.string());
    }
    if (first.cacert) request.cacert = {first.cacert->string()};
    request.servername = first.servername.value_or("");
    request.options.servername = request.servername;
    request.options.security_level = options.security_level;
    if (options.phase_timeout) request.options.timeout = *options.phase_timeout;
    // A leaf refused for a missing issuer: look for that issuer as diagnose does (this machine's
    // store, the leaf's AIA caIssuers URL), as the monitor fetches CRLs and OCSP answers too.
    request.search_system_store = true;
    request.fetch_issuers = true;
    auto prepared = diagnose::prepare(request, password_from(id ? id->password_file : std::nullopt));
    std::vector<probe::Target> targets;
    std::vector<std::size_t> probed;
    for (std::size_t i : members) {
      const auto& ep = config.endpoints[i];
      items[i] = endpoint_item(ep);
      if (!prepared) {
        mark_unknown(*items[i],
                     prepared.error().identity_unreadable ? FindingId::ClientIdentityUnreadable
                                                          : FindingId::ClientTrustAnchorMissing,
                     prepared.error().error);
        continue;
      }
      auto target = probe::parse_target(ep.target);
      if (!target) {
        mark_unknown(*items[i], FindingId::DnsFailure, target.error());
        continue;
      }
      targets.push_back(*target);
      probed.push_back(i);
    }
    if (targets.empty()) continue;
    const auto results = diagnose::run_targets(*prepared, targets, kConcurrency, clock);
    for (std::size_t k = 0; k < probed.size(); ++k) {
      const auto& ep = config.endpoints[probed[k]];
      JudgeInputs in;
      in.thresholds = ep.thresholds.value_or(config.thresholds);
      in.at = options.at;
      in.crl_configured = id && !id->crl.empty();
      items[probed[k]]->thresholds = in.thresholds;
      judge_endpoint(*items[probed[k]], ep, *prepared, results[k], in);
    }
  }
  for (auto& item : items) out.push_back(std::move(*item));
}

}  // namespace mtlsdoctor::monitor::detail
