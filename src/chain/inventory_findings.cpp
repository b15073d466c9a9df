#include "mtlsdoctor/chain/inventory_findings.h"

#include <fmt/format.h>

#include "mtlsdoctor/x509/facts_json.h"

namespace mtlsdoctor::chain {

std::vector<core::Finding> inventory_findings(const x509::Inventory& inv, core::TimePoint at, int warn_days) {
  std::vector<core::Finding> out;
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    const auto& cert = inv.cert(i);
    const auto& f = cert.facts();
    const auto validity = x509::validity_at(f, at);
    const long days = core::days_between(at, f.not_after);
    core::Finding finding = core::Finding::make(core::FindingId::CertExpired, core::Subject::Input, "");
    if (validity == x509::Validity::Expired) {
      finding.message = fmt::format("{} expired on {} ({} days ago)", cert.label(), core::format_rfc3339(f.not_after),
                                    core::days_between(f.not_after, at));
    } else if (validity == x509::Validity::NotYetValid) {
      finding = core::Finding::make(
          core::FindingId::CertNotYetValid, core::Subject::Input,
          fmt::format("{} is not valid before {}", cert.label(), core::format_rfc3339(f.not_before)));
    } else if (days < warn_days) {
      finding = core::Finding::make(
          core::FindingId::CertExpiresSoon, core::Subject::Input,
          fmt::format("{} expires in {} days ({})", cert.label(), days, core::format_rfc3339(f.not_after)));
    } else {
      continue;
    }
    finding.evidence["certificate"] = i;
    finding.evidence["file"] = inv.files[inv.certificates[i].file].source;
    finding.evidence["not_after"] = core::format_rfc3339(f.not_after);
    out.push_back(std::move(finding));
  }
  // A CRL past its nextUpdate fails every verification that uses it (OpenSSL code 12).
  for (const auto& bundle : inv.files) {
    for (const auto& crl : bundle.crls) {
      const auto& c = crl.facts();
      if (!c.next_update || *c.next_update >= at) continue;
      auto finding = core::Finding::make(
          core::FindingId::CrlExpired, core::Subject::Revocation,
          fmt::format("the CRL of {} in {} expired on {}: a peer checking revocation with it rejects every "
                      "certificate it covers",
                      c.issuer.rfc4514, bundle.source, core::format_rfc3339(*c.next_update)));
      finding.evidence["file"] = bundle.source;
      finding.evidence["next_update"] = core::format_rfc3339(*c.next_update);
      finding.fixes = {"Fetch or publish a current CRL (openssl ca -gencrl on the CA)"};
      out.push_back(std::move(finding));
    }
  }
  for (const auto& key : inv.keys) {
    if (!key.certificates.empty()) continue;
    auto finding = core::Finding::make(
        core::FindingId::KeyWithoutCertificate, core::Subject::Key,
        fmt::format("the private key in {} matches none of the certificates given", inv.files[key.file].source));
    finding.evidence["file"] = inv.files[key.file].source;
    out.push_back(std::move(finding));
  }
  for (const auto& bad : inv.unreadable) {
    auto finding =
        core::Finding::make(core::FindingId::ClientIdentityUnreadable, core::Subject::Input, bad.error.describe());
    finding.evidence["file"] = bad.path;
    finding.evidence["category"] = to_string(bad.error.category);
    out.push_back(std::move(finding));
  }
  return out;
}

}  // namespace mtlsdoctor::chain
