// What is wrong with each side's certificate, judged offline with the chain module.
#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "context.h"
#include "mtlsdoctor/core/shell_quote.h"
#include "mtlsdoctor/tls/peer.h"

namespace mtlsdoctor::diagnose::detail {

using core::FindingId;

namespace {

bool is_client_fault(FindingId id) {
  switch (id) {
    case FindingId::ClientCertExpired:
    case FindingId::ClientCertNotYetValid:
    case FindingId::ClientCertMissingClientAuthEku:
    case FindingId::ClientCertBadKeyUsage:
    case FindingId::ClientCertRevoked:
    case FindingId::ClientCertWeak:
    case FindingId::ClientChainInvalid:
    case FindingId::ClientKeyMismatch:
    case FindingId::RevocationUnknown: return true;  // an error only when the CRL is out of date
    default: return false;
  }
}

// The verify result an OpenSSL server reports for a fault our own checks found without OpenSSL's
// verification (no anchors here: the CRL lookup, the extension checks). OpenSSL 3 reports a
// keyUsage without digitalSignature as a purpose failure, like a missing clientAuth EKU (seen
// from s_server, PostgreSQL, Apache, HAProxy and stunnel: alert 43 for both).
std::optional<int> openssl_code_for(FindingId id) {
  switch (id) {
    case FindingId::ClientCertRevoked: return X509_V_ERR_CERT_REVOKED;
    case FindingId::ClientCertMissingClientAuthEku:
    case FindingId::ClientCertBadKeyUsage: return X509_V_ERR_INVALID_PURPOSE;
    case FindingId::ClientCertExpired: return X509_V_ERR_CERT_HAS_EXPIRED;
    case FindingId::ClientCertNotYetValid: return X509_V_ERR_CERT_NOT_YET_VALID;
    default: return std::nullopt;
  }
}

// A leaf sent without its issuer, which the server does not name: the reading the evidence
// favours (issuer_evidence.cpp), with the other as its alternative and the reasons for both.
Candidate unsent_issuer_fault(const Inputs& in, const std::vector<std::string>& names, const std::string& target) {
  const auto& id = *in.client;
  const auto& leaf = id.leaf.facts();
  const auto judged = weigh_unsent_issuer(in, names);
  const auto cause = judged.cause();
  const bool incomplete = cause == FindingId::ClientChainIncomplete;
  const std::string accepts = names.empty() ? std::string("the server named no CAs it accepts")
                                            : fmt::format("the server accepts only {} CA{}: {}", names.size(),
                                                          names.size() == 1 ? "" : "s", fmt::join(names, "; "));
  Candidate c{core::Finding::make(cause, core::Subject::ClientCert, ""), judged.confidence(!names.empty()),
              names.empty(), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY};
  const std::string intermediate_fix = fmt::format("cat {} intermediate.pem > fullchain.pem   # the certificate of {}",
                                                   core::shell_quote(id.cert_file), leaf.issuer.rfc4514);
  const std::string send_fix = fmt::format("then send fullchain.pem: {} fullchain.pem (curl --cert does the same)",
                                           core::hint(core::Hint::Cert));
  if (incomplete) {
    c.finding.message =
        fmt::format("your certificate was sent without its issuer {}, most likely an intermediate the server needs; {}",
                    leaf.issuer.rfc4514, accepts);
    c.finding.fixes = {intermediate_fix, send_fix};
    if (judged.issuer_found) {
      c.finding.fixes.insert(c.finding.fixes.begin(),
                             fmt::format("The issuer's certificate was found in {}: that is intermediate.pem",
                                         judged.found["source"].get<std::string>()));
    }
  } else {
    c.finding.message = fmt::format(
        "your certificate was sent alone and its issuer {} is not a CA the server names: most likely a CA it does not "
        "trust, less likely an intermediate under one it does; {}",
        leaf.issuer.rfc4514, accepts);
    c.finding.fixes = {names.empty() ? std::string("Ask the server's owner which CA issues its client certificates")
                                     : fmt::format("Use a client certificate issued under {}", fmt::join(names, "; ")),
                       "or have the server trust your CA (nginx ssl_client_certificate, Apache SSLCACertificateFile)",
                       fmt::format("if {} is an intermediate under a CA the server accepts: {}", leaf.issuer.rfc4514,
                                   intermediate_fix)};
    if (!target.empty() && !names.empty()) {
      c.finding.fixes.push_back(
          fmt::format("mtls-doctor diagnose {} {} DIR   # which of your certificates it would accept",
                      core::shell_quote(target), core::hint(core::Hint::Identities)));
    }
  }
  if (!judged.fetch_failures.empty()) {
    c.finding.message +=
        fmt::format(" (the issuer's certificate could not be fetched: {})", fmt::join(judged.fetch_failures, "; "));
  }
  for (const auto& url : judged.aia) {
    c.finding.fixes.push_back(
        fmt::format("curl -s {} | openssl x509 -inform DER -out intermediate.pem   # the issuer's certificate (AIA)",
                    core::shell_quote(url)));
  }
  c.finding.evidence["alternative"] =
      std::string(core::slug(incomplete ? FindingId::ClientCertUntrustedIssuer : FindingId::ClientChainIncomplete));
  c.finding.evidence["issuer_evidence"] = judged.evidence();
  if (!names.empty()) c.finding.evidence["acceptable_ca_names"] = names;
  c.finding.evidence["chain_top"] = leaf.subject.rfc4514;
  c.finding.evidence["chain_top_issuer"] = leaf.issuer.rfc4514;
  return c;
}

// The client chain against the CA names the server said it accepts (RFC 8446 §4.2.4,
// RFC 5246 §7.4.4): does any link of it carry one of those names?
// `target`: as given, for the command that tries the user's other certificates against it.
std::optional<Candidate> ca_name_fault(const Inputs& in, const std::vector<std::string>& names,
                                       const std::string& target) {
  const auto& id = *in.client;
  const auto accepted = [&](const std::string& dn) { return std::find(names.begin(), names.end(), dn) != names.end(); };
  const x509::Certificate* cur = &id.leaf;
  std::size_t links = 0;
  for (int hops = 0; hops < 10; ++hops) {
    const auto& f = cur->facts();
    if (accepted(f.issuer.rfc4514) || accepted(f.subject.rfc4514)) return std::nullopt;
    if (f.self_issued) break;
    const auto next = std::find_if(id.offered.begin(), id.offered.end(), [&](const x509::Certificate& c) {
      return c.facts().subject == f.issuer && !(c == *cur);
    });
    if (next == id.offered.end()) break;
    cur = &*next;
    ++links;
  }
  const auto& top = cur->facts();
  if (links == 0 && !top.self_issued) return unsent_issuer_fault(in, names, target);
  const std::string list = fmt::format("{}", fmt::join(names, "; "));
  const std::string count = fmt::format("{} CA{}", names.size(), names.size() == 1 ? "" : "s");
  Candidate c{core::Finding::make(FindingId::ClientCertUntrustedIssuer, core::Subject::ClientCert, ""),
              core::Confidence::Likely};
  // What OpenSSL's path building reports for it: no issuer found for the top of the chain (20),
  // or a self-signed certificate it does not trust (18 alone, 19 at the top of a chain).
  c.verify_code = !top.self_issued ? X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
                  : links == 0     ? X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
                                   : X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
  if (top.self_issued) c.confidence = core::Confidence::Certain;
  c.finding.message =
      fmt::format("your certificate was issued under {}, which is not among the {} the server accepts: {}",
                  top.self_issued ? top.subject.rfc4514 : top.issuer.rfc4514, count, list);
  c.finding.fixes = {fmt::format("Use a client certificate issued under {}", list),
                     "or have the server trust your CA (nginx ssl_client_certificate, Apache SSLCACertificateFile)",
                     fmt::format("mtls-doctor diagnose {} {} DIR   # which of your certificates it would accept",
                                 core::shell_quote(target), core::hint(core::Hint::Identities))};
  if (target.empty()) c.finding.fixes.pop_back();  // a transcript without its target: no command to give
  c.finding.evidence["acceptable_ca_names"] = names;
  c.finding.evidence["chain_top"] = top.subject.rfc4514;
  c.finding.evidence["chain_top_issuer"] = top.issuer.rfc4514;
  return c;
}

}  // namespace

std::vector<Candidate> client_faults(const Inputs& in, std::vector<core::Finding>& notes) {
  std::vector<Candidate> out;
  if (!in.client) return out;
  const auto& t = in.transcript;
  if (t.certificate_requested && !t.acceptable_ca_names.empty()) {
    if (auto c = ca_name_fault(in, t.acceptable_ca_names, t.target)) out.push_back(std::move(*c));
  } else if (t.certificate_requested) {
    auto f = core::Finding::make(FindingId::TrustNotChecked, core::Subject::Handshake,
                                 "the server asked for a certificate without naming the CAs it accepts (Python's ssl "
                                 "does this): the issuer could not be compared");
    notes.push_back(std::move(f));
    // Without names, only the chain's shape and what the client holds speak: a leaf sent alone
    // is weighed as above; a chain that was sent most often ends at a CA the server does not hold.
    const auto& leaf = in.client->leaf.facts();
    if (!leaf.self_issued && in.client->offered.empty()) {
      auto c = unsent_issuer_fault(in, {}, t.target);
      c.finding.evidence["basis"] = "the server sent no acceptable CA names";
      out.push_back(std::move(c));
    } else if (!leaf.self_issued) {
      Candidate c{core::Finding::make(FindingId::ClientCertUntrustedIssuer, core::Subject::ClientCert,
                                      fmt::format("the server may not trust the CA your chain ends at ({})",
                                                  in.client->offered.back().facts().issuer.rfc4514)),
                  core::Confidence::Possible, true};
      c.finding.evidence["basis"] = "chain shape only: the server sent no acceptable CA names";
      out.push_back(std::move(c));
    }
  }
  std::optional<core::Result<chain::CheckResult>> own;
  if (!in.client_check) own = check_client(*in.client, in.client_crls, in.now, in.security_level);
  const chain::CheckResult* checked = in.client_check ? in.client_check : (*own ? &**own : nullptr);
  if (!checked) return out;
  for (auto f : checked->report.findings) {
    if (f.severity == core::Severity::Error && is_client_fault(f.id)) {
      const auto code = f.verify_code ? f.verify_code : openssl_code_for(f.id);
      out.push_back({std::move(f), core::Confidence::Certain, false, code});
    } else if (f.id == FindingId::RevocationNotChecked || f.id == FindingId::CertExpiresSoon ||
               f.id == FindingId::ChainWrongOrder || f.id == FindingId::ChainUnrelatedCert) {
      notes.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<core::Finding> server_faults(const Inputs& in) {
  std::vector<core::Finding> out;
  const auto& chain_der = in.transcript.server_chain;
  if (chain_der.empty()) return out;
  std::vector<x509::Certificate> certs;
  const auto* decoded = in.transcript.decoded_server_chain.get();
  const bool adopt = decoded && decoded->certificates.size() == chain_der.size();
  for (std::size_t i = 0; i < chain_der.size(); ++i) {
    const std::string source = fmt::format("server certificate {}", i);
    auto c = adopt ? x509::Certificate::from_decoded(chain_der[i], decoded->certificates[i].get(), source)
                   : x509::Certificate::from_der(chain_der[i], source);
    if (c) certs.push_back(std::move(*c));
  }
  if (certs.empty()) return out;
  chain::Identity server{certs.front(), {certs.begin() + 1, certs.end()}, std::nullopt, false, "server.pem", "", ""};
  chain::CheckOptions o;
  o.role = chain::Role::Server;
  o.at = in.now;
  if (!in.server_name.empty()) o.host = in.server_name;
  auto checked = in.server_store ? chain::check_identity(server, *in.server_store, o)
                                 : chain::check_identity(server, in.server_trust, o);
  if (!checked) return out;
  const auto& kb = knowledge(in);
  for (auto& f : checked->report.findings) {
    if (f.id == FindingId::KeyNotChecked || f.id == FindingId::RevocationNotChecked) continue;
    // The verify result OpenSSL gave, and the entry `explain --verify-code` answers with.
    if (f.verify_code) {
      if (const auto* entry = kb.verify_entry(*f.verify_code)) f.evidence["kb_entry"] = entry->id;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mtlsdoctor::diagnose::detail

namespace mtlsdoctor::diagnose {

core::Result<chain::CheckResult> check_client(const chain::Identity& identity, const std::vector<x509::Crl>& crls,
                                              core::TimePoint now, int security_level) {
  chain::Trust none;
  none.crls = crls;
  chain::CheckOptions o;
  o.role = chain::Role::Client;
  o.at = now;
  o.security_level = security_level;
  return chain::check_identity(identity, none, o);
}

std::vector<core::Finding> identity_faults(const probe::Transcript& t, const chain::Identity& identity,
                                           core::TimePoint now) {
  Inputs in{t, identity, {}, {}, {}, now, 2};
  std::vector<core::Finding> notes;
  std::vector<core::Finding> out;
  for (auto& c : detail::client_faults(in, notes)) out.push_back(std::move(c.finding));
  return out;
}

}  // namespace mtlsdoctor::diagnose
