// diagnose as library calls (session.h): prepare once, probe and judge each target.
#include "mtlsdoctor/diagnose/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/x509/inventory.h"

namespace mtlsdoctor::diagnose {
namespace {

core::Report local_refusal(core::FindingId id, std::string message, std::vector<std::string> fixes) {
  core::Report r;
  auto f = core::Finding::make(id, core::Subject::ClientCert, message);
  f.fixes = std::move(fixes);
  r.verdict = {core::Outcome::Failed, core::Side::Local, id,
               fmt::format("Nothing was sent: the client itself refuses this identity: {}", message),
               core::Confidence::Certain};
  r.findings.push_back(std::move(f));
  return r;
}

}  // namespace

std::expected<Prepared, PrepareFailure> prepare(const Request& request, const x509::PasswordProvider& password) {
  Prepared p;
  if (request.identity && !request.identity->empty()) {
    auto loaded = x509::load_identity(*request.identity, password);
    if (!loaded) return std::unexpected(PrepareFailure{loaded.error(), true});
    p.identity = std::move(*loaded);
  }
  const auto anchor_files = request.cacert.empty() ? x509::system_anchor_files() : request.cacert;
  auto anchors = x509::load_anchors(anchor_files, password);
  if (!anchors) return std::unexpected(PrepareFailure{anchors.error(), false});
  p.anchors = std::move(*anchors);
  p.anchors_source =
      fmt::format("{}{}", fmt::join(anchor_files, ", "), request.cacert.empty() ? " (the system trust store)" : "");
  auto store = chain::TrustStore::create(chain::Trust{p.anchors, {}, p.anchors_source});
  if (!store) return std::unexpected(PrepareFailure{store.error(), false});
  p.server_store = std::move(*store);
  auto crls = x509::load_crls(request.crl, password);
  if (!crls) return std::unexpected(PrepareFailure{crls.error(), false});
  p.crls = std::move(*crls);
  if (!request.issuers.empty()) {
    std::vector<std::filesystem::path> inputs(request.issuers.begin(), request.issuers.end());
    auto inv = x509::build_inventory(inputs, password);
    if (!inv) return std::unexpected(PrepareFailure{inv.error(), false});
    for (std::size_t i = 0; i < inv->certificates.size(); ++i) p.issuer_sources.held.push_back(inv->cert(i));
  }
  if (request.options.proxy && !request.options.proxy->cacert.empty()) {
    // The proxy's CA file is one more place where the user keeps CA certificates.
    auto proxy_cas = x509::load_anchors({request.options.proxy->cacert}, password);
    if (proxy_cas) p.issuer_sources.held.insert(p.issuer_sources.held.end(), proxy_cas->begin(), proxy_cas->end());
  }
  if (request.search_system_store) p.issuer_sources.system.emplace();
  if (request.fetch_issuers) {
    // No longer than a phase of the probe (--timeout), nor than 5 s: the verdict waits for it.
    IssuerFetcher::Limits limits;
    limits.timeout = std::min<std::chrono::milliseconds>(request.options.timeout, limits.timeout);
    p.issuer_sources.fetcher = std::make_shared<IssuerFetcher>(limits);
  }
  p.options = request.options;
  p.servername = request.servername;
  p.no_request = request.no_request;
  p.no_proxy = request.no_proxy;

  if (p.identity) {
    const auto& id = *p.identity;
    if (id.key && !id.key->matches(id.leaf)) {
      const auto owner = x509::key_owner_in_offered(id);
      p.refused =
          owner ? local_refusal(core::FindingId::ClientKeyMismatch,
                                fmt::format("the private key in {} belongs to {}, not to the first certificate of {} "
                                            "({}), which TLS stacks send as the leaf",
                                            id.key->source(), id.offered[*owner].facts().subject.rfc4514, id.cert_file,
                                            id.leaf.facts().subject.rfc4514),
                                {fmt::format("Put the certificate of {} first in {}, then its issuers in order",
                                             id.offered[*owner].facts().subject.rfc4514, id.cert_file)})
                : local_refusal(core::FindingId::ClientKeyMismatch,
                                fmt::format("the private key in {} does not belong to the certificate in {}",
                                            id.key->source(), id.cert_file),
                                {"mtls-doctor inspect DIR   # pairs every key with its certificate"});
    } else if (!id.key) {
      p.refused = local_refusal(core::FindingId::ClientKeyMissing, "no private key for the client certificate (--key)",
                                {"--key client.key"});
    } else {
      probe::Credentials creds;
      const auto der = id.leaf.der();
      creds.chain.emplace_back(der.begin(), der.end());
      for (const auto& c : id.offered) creds.chain.emplace_back(c.der().begin(), c.der().end());
      creds.key = id.key->native();
      p.credentials = std::move(creds);
    }
  }
  return p;
}

probe::ProbeOptions options_for(const Prepared& p, const probe::Target& t) {
  probe::ProbeOptions o = p.options;
  if (t.starttls != probe::StartTls::None) {
    o.starttls = t.starttls;
    o.application = p.no_request ? probe::Application::None : probe::first_exchange(t.starttls);
  }
  if (o.proxy && probe::bypasses_proxy(o.connect_to ? o.connect_to->host : t.host, p.no_proxy)) o.proxy.reset();
  if (!t.user.empty()) o.pg_user = t.user;
  if (!t.database.empty()) o.pg_database = t.database;
  return o;
}

core::Result<core::Report> judge(const Prepared& p, const probe::Target& target,
                                 const core::Result<probe::Transcript>& t, core::TimePoint now,
                                 const chain::CheckResult* client_check, std::optional<core::TimePoint> observed) {
  if (p.refused) return *p.refused;
  if (!t) {
    // OpenSSL refused to load the identity: at this security level, it is too weak to send.
    return local_refusal(core::FindingId::ClientCertWeak,
                         fmt::format("{} ({})", t.error().message, fmt::join(t.error().details, "; ")),
                         {"Reissue with a P-256 or RSA-2048+ key and SHA-256",
                          "--seclevel 0 sends it anyway, to see what the server says"});
  }
  Inputs in{*t,
            p.identity,
            p.crls,
            chain::Trust{p.anchors, {}, p.anchors_source},
            p.servername.empty() ? target.host : p.servername,
            now,
            2};
  in.client_check = client_check;
  in.server_store = p.server_store ? &*p.server_store : nullptr;
  in.observed_at = observed;
  in.issuer_sources = &p.issuer_sources;
  return diagnose(in);
}

std::vector<TargetResult> run_targets(const Prepared& p, const std::vector<probe::Target>& targets,
                                      std::size_t concurrency, const core::Clock& clock,
                                      const probe::Progress& progress) {
  std::vector<probe::Probe> probes;
  probes.reserve(targets.size());
  for (const auto& t : targets) probes.push_back(probe::Probe{t, options_for(p, t), p.credentials});
  auto transcripts = probe::run_probes(probes, std::max<std::size_t>(concurrency, 1), progress);
  const auto now = clock.now();
  const auto observed = core::SystemClock{}.now();  // the server's Date is compared with this
  // The identity's own faults are the same for every target: checked once.
  std::optional<core::Result<chain::CheckResult>> client_check;
  if (p.identity) client_check = check_client(*p.identity, p.crls, now, 2);
  const chain::CheckResult* shared_check = client_check && *client_check ? &**client_check : nullptr;
  std::vector<TargetResult> out;
  out.reserve(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto report = judge(p, targets[i], transcripts[i], now, shared_check, observed);
    out.push_back(TargetResult{std::move(transcripts[i]), std::move(report)});
  }
  return out;
}

}  // namespace mtlsdoctor::diagnose
