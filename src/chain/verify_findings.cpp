// Narration: OpenSSL verification errors, classified (classify.h), told as findings with
// evidence and fixes.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "classify.h"
#include "context.h"

namespace mtlsdoctor::chain::detail {
namespace {

using core::FindingId;
using core::Subject;

std::string day(core::TimePoint t) {
  return core::format_rfc3339(t).substr(0, 10);
}

std::string depth_name(int depth) {
  return depth == 0 ? "the leaf" : fmt::format("the CA certificate at depth {}", depth);
}

// The revocation entry for `cert`, searched in the CRLs given.
std::optional<core::TimePoint> revocation_time(const Context& ctx, const x509::Certificate& cert) {
  auto x = cert.native();
  if (!x) return std::nullopt;
  for (const auto& crl : ctx.trust.crls) {
    X509_REVOKED* entry = nullptr;
    if (X509_CRL_get0_by_cert(crl.native(), &entry, *x) == 1 && entry) {
      struct tm tm {};
      if (ASN1_TIME_to_tm(X509_REVOKED_get0_revocationDate(entry), &tm) == 1) {
        return std::chrono::sys_seconds{std::chrono::seconds{timegm(&tm)}};
      }
      return core::TimePoint{};
    }
  }
  return std::nullopt;
}

// The certificate the chain ends at, as far as it was built.
const x509::CertFacts& chain_top(const Context& ctx, const VerifyError& err) {
  const auto* top = ctx.at_depth(err.depth);
  return top ? top->facts() : ctx.leaf();
}

bool anchor_has_name(const Context& ctx, const x509::DistinguishedName& name) {
  return std::any_of(ctx.trust.anchors.begin(), ctx.trust.anchors.end(),
                     [&](const auto& a) { return a.facts().subject == name; });
}

void add_untrusted_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  const x509::CertFacts& top_facts = chain_top(ctx, err);
  const std::string anchors = ctx.anchor_names();
  const bool self_signed_top =
      err.code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || err.code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
  const std::string& missing = top_facts.issuer.rfc4514;
  const bool anchor_same_name = anchor_has_name(ctx, top_facts.issuer);
  auto& f = ctx.add(c.id, c.subject, "");
  if (self_signed_top && err.depth == 0) {
    f.message = fmt::format("the certificate is self-signed ({}) and is not among the trusted CAs ({})",
                            top_facts.subject.rfc4514, anchors);
  } else if (self_signed_top) {
    f.message = fmt::format("the chain ends at the root {}, which is not among the trusted CAs ({})",
                            top_facts.subject.rfc4514, anchors);
  } else if (anchor_same_name) {
    f.message = fmt::format(
        "issued by {}, a CA of the same name as a trusted one but with another key "
        "(the CA was re-keyed, or this is a different CA)",
        missing);
  } else {
    f.message = fmt::format("issued under {}, which is not among the trusted CAs ({})", missing, anchors);
  }
  f.evidence["verify_error"] = err.code;
  f.evidence["depth"] = err.depth;
  f.evidence["chain_top"] = top_facts.subject.rfc4514;
  f.verify_code = err.code;
  about(f, top_facts, err.depth);
  f.evidence["chain_top_issuer"] = missing;
  f.evidence["trusted_cas"] = anchors;
  // A further intermediate that was not sent would look the same from here.
  if (c.confidence != core::Confidence::Certain) {
    ctx.confidence[c.id] = c.confidence;
    f.evidence["alternative"] = slug(ctx.id(FindingId::ClientChainIncomplete));
  }
  // The trust file holds the top of the chain itself (an intermediate) but not the root above it:
  // OpenSSL, without X509_V_FLAG_PARTIAL_CHAIN, needs a self-signed anchor, so the path still fails.
  const auto* top = ctx.at_depth(err.depth);
  const bool top_is_trusted = top && !top_facts.self_issued &&
                              std::any_of(ctx.trust.anchors.begin(), ctx.trust.anchors.end(),
                                          [&](const x509::Certificate& a) { return a == *top; });
  if (top_is_trusted) {
    f.message = fmt::format(
        "the trusted CA file holds the intermediate {} but not its root {}: OpenSSL (and so nginx, Apache, curl) "
        "needs the root at the top of the path, unless partial chains are allowed",
        top_facts.subject.rfc4514, missing);
    f.evidence["trusted_intermediate"] = top_facts.subject.rfc4514;
    f.fixes = {fmt::format("Add the root {} to the CA file ({})", missing, ctx.trust.anchors_source),
               "or let the verifier trust an intermediate alone: X509_V_FLAG_PARTIAL_CHAIN (openssl verify "
               "-partial_chain)"};
    return;
  }
  // A self-signed top is its own root: the thing to trust is that very certificate.
  const std::string root = self_signed_top ? fmt::format("{} (self-signed: its own root)", top_facts.subject.rfc4514)
                                           : fmt::format("the root of {}", missing);
  if (ctx.options.role == Role::Client) {
    f.fixes = {fmt::format("Get a client certificate issued under {} (the CA the server trusts)", anchors),
               fmt::format("or add {} to the server's client-CA file (nginx ssl_client_certificate, "
                           "Apache SSLCACertificateFile, HAProxy ca-file)",
                           root)};
  } else {
    f.fixes = {self_signed_top && err.depth == 0
                   ? fmt::format("Trust it on the client: curl --cacert {}", ctx.cert_arg())
                   : fmt::format("Trust the server's CA on the client: curl --cacert <{}>", root),
               "or have the server use a certificate from a CA its clients already trust"};
  }
}

void add_incomplete_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  const x509::CertFacts& top_facts = chain_top(ctx, err);
  const std::string anchors = ctx.anchor_names();
  const std::string& missing = top_facts.issuer.rfc4514;
  auto& f = ctx.add(c.id, c.subject,
                    fmt::format("it was sent without its issuing intermediate {}, which the peer needs to reach {}",
                                missing, anchors));
  f.evidence["verify_error"] = err.code;
  f.evidence["missing_issuer"] = missing;
  f.verify_code = err.code;
  about(f, top_facts, err.depth);
  f.evidence["offered_intermediates"] = ctx.identity.offered.size();
  if (!ctx.leaf().ca_issuer_urls.empty()) f.evidence["ca_issuers_url"] = ctx.leaf().ca_issuer_urls.front();
  f.evidence["trusted_cas"] = anchors;
  f.evidence["alternative"] = slug(ctx.id(FindingId::ClientCertUntrustedIssuer));
  ctx.confidence[c.id] = c.confidence;
  const std::string fullchain = "fullchain.pem";
  if (!ctx.leaf().ca_issuer_urls.empty()) {
    f.fixes.push_back(
        fmt::format("curl -fsS -o issuer.der '{}' && openssl x509 -inform DER -in issuer.der -out "
                    "intermediate.pem",
                    ctx.leaf().ca_issuer_urls.front()));
  } else {
    f.fixes.push_back(fmt::format("Get the certificate of {} (intermediate.pem) from whoever issued yours", missing));
  }
  f.fixes.push_back(fmt::format("cat {} intermediate.pem > {}", ctx.cert_arg(), fullchain));
  f.fixes.push_back(
      ctx.options.role == Role::Client
          ? fmt::format("send it: curl --cert {} --key {} …", fullchain,
                        ctx.identity.key_file.empty() ? "key.pem" : core::shell_quote(ctx.identity.key_file))
          : fmt::format("serve it: nginx ssl_certificate {};", fullchain));
}

void add_validity_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  const auto* cert = ctx.at_depth(err.depth);
  if (!cert) return;
  const auto& f = cert->facts();
  const auto at = ctx.options.at;
  const bool expired = err.code == X509_V_ERR_CERT_HAS_EXPIRED;
  if (err.depth > 0) {
    const bool root = f.self_issued;
    auto& finding =
        ctx.add(c.id, c.subject,
                fmt::format("the {} {} {} {}", root ? "root" : "intermediate", f.subject.rfc4514,
                            expired ? "expired on" : "is not valid before", day(expired ? f.not_after : f.not_before)));
    finding.evidence = cert_evidence(f);
    finding.evidence["depth"] = err.depth;
    finding.evidence["verify_error"] = err.code;
    finding.verify_code = err.code;
    about(finding, f, err.depth);
    finding.fixes = {root ? fmt::format("Replace the root in the trusted CA file ({}) with its current version",
                                        ctx.trust.anchors_source)
                          : fmt::format("Replace the intermediate in {} with its current version from the CA",
                                        ctx.identity.chain_file.empty() ? "the chain file" : ctx.identity.chain_file)};
    return;
  }
  auto& finding = ctx.add(c.id, c.subject, "");
  const long days = expired ? core::days_between(f.not_after, at) : core::days_between(at, f.not_before);
  finding.message = expired ? fmt::format("it expired on {} ({} days ago)", core::format_rfc3339(f.not_after), days)
                            : fmt::format("it is not valid until {} ({} days from now)",
                                          core::format_rfc3339(f.not_before), days + 1);
  finding.evidence = cert_evidence(f);
  finding.evidence["checked_at"] = core::format_rfc3339(at);
  finding.evidence["verify_error"] = err.code;
  finding.verify_code = err.code;
  about(finding, f, 0);
  if (expired) {
    finding.fixes = {fmt::format("openssl x509 -in {} -noout -subject -enddate", ctx.cert_arg()),
                     fmt::format("Renew it with {} and deploy the new certificate", f.issuer.rfc4514),
                     fmt::format("Catch the next one early: mtls-doctor check {} +30d …", core::hint(core::Hint::At))};
  } else {
    finding.fixes = {"date -u   # a clock running behind makes new certificates look not yet valid",
                     fmt::format("If the clock is right, wait until {} or reissue with an earlier notBefore",
                                 core::format_rfc3339(f.not_before))};
  }
}

void add_revoked_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  const auto* cert = ctx.at_depth(err.depth);
  if (!cert) return;
  const auto& f = cert->facts();
  const auto when = revocation_time(ctx, *cert);
  auto& finding =
      ctx.add(c.id, c.subject,
              fmt::format("{} (serial {}) is revoked by {}{}", depth_name(err.depth), f.serial_hex, f.issuer.rfc4514,
                          when ? fmt::format(" since {}", core::format_rfc3339(*when)) : ""));
  finding.evidence = cert_evidence(f);
  finding.evidence["depth"] = err.depth;
  about(finding, f, err.depth);
  if (when) finding.evidence["revoked_at"] = core::format_rfc3339(*when);
  // The file of the issuer's CRL ("ca.pem (PEM block 2)" names one of several: storeutl reads them all).
  std::string crl_file = "issuer.crl";
  for (const auto& crl : ctx.trust.crls) {
    if (!(crl.facts().issuer == f.issuer)) continue;
    std::string source = crl.source();
    if (const auto block = source.rfind(" (PEM block "); block != std::string::npos && source.ends_with(")"))
      source.resize(block);
    crl_file = core::shell_quote(source);
  }
  finding.fixes = {
      fmt::format("openssl storeutl -noout -text -crls {} | grep -A1 'Serial Number: {}'", crl_file, f.serial_hex),
      "Request a new certificate (with a new key if the old one may be compromised)"};
}

// OpenSSL's security levels (SSL_CTX_set_security_level(3)): the bits of security each needs.
int security_bits_needed(int level) {
  static constexpr int kBits[] = {0, 80, 112, 128, 192, 256};
  return kBits[std::clamp(level, 0, 5)];
}

// An IP address is matched against iPAddress names only (RFC 6125 §6.2.1; OpenSSL's
// X509_check_ip): a DNS name "127.0.0.1" never matches.
bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

void add_weak_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  const auto* cert = ctx.at_depth(err.depth);
  if (!cert) return;
  const auto& f = cert->facts();
  const bool key = err.code == X509_V_ERR_EE_KEY_TOO_SMALL || err.code == X509_V_ERR_CA_KEY_TOO_SMALL;
  auto& finding =
      ctx.add(c.id, c.subject,
              key ? fmt::format("{} has a {}-bit {} key, below security level {} ({} bits of security "
                                "needed, {} present)",
                                depth_name(err.depth), f.key.bits, f.key.type_name(), ctx.options.security_level,
                                security_bits_needed(ctx.options.security_level), f.key.security_bits)
                  : fmt::format("{} is signed with {}, too weak for security level {}", depth_name(err.depth),
                                f.signature_algorithm, ctx.options.security_level));
  finding.evidence = cert_evidence(f);
  finding.evidence["depth"] = err.depth;
  finding.evidence["security_level"] = ctx.options.security_level;
  finding.evidence["verify_error"] = err.code;
  finding.verify_code = err.code;
  about(finding, f, err.depth);
  finding.fixes = {
      "Reissue with a P-256 or RSA-2048+ key and a SHA-256 signature: openssl req -new -newkey ec -pkeyopt "
      "ec_paramgen_curve:P-256 -nodes -keyout new.key -out new.csr -subj '…'",
      "Only as a stopgap, lower the peer's level: CipherString = DEFAULT:@SECLEVEL=0 in its OpenSSL config"};
}

void add_hostname_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  std::vector<std::string> names;
  for (const auto& san : ctx.leaf().sans) {
    if (san.type == x509::SanType::Dns || san.type == x509::SanType::Ip) names.push_back(san.value);
  }
  auto& finding = ctx.add(
      c.id, c.subject,
      fmt::format("the certificate is for {}, not {}",
                  names.empty() ? "no name at all (no subjectAltName)" : fmt::format("{}", fmt::join(names, ", ")),
                  ctx.options.host.value_or("?")));
  finding.evidence["host"] = ctx.options.host.value_or("");
  finding.evidence["names"] = names;
  finding.evidence["verify_error"] = err.code;
  finding.verify_code = err.code;
  about(finding, ctx.leaf(), 0);
  finding.fixes = {
      names.empty() ? std::string("Reissue with a subjectAltName")
                    : fmt::format("Connect with a name it holds: {}", names.front()),
      fmt::format("or reissue with -addext 'subjectAltName={}:{}'",
                  is_ip_literal(ctx.options.host.value_or("")) ? "IP" : "DNS", ctx.options.host.value_or("name"))};
}

void add_other_finding(Context& ctx, const VerifyError& err, const Classification& c) {
  const auto* cert = ctx.at_depth(err.depth);
  auto& finding = ctx.add(c.id, c.subject, fmt::format("{}: {}", depth_name(err.depth), err.text));
  if (cert) finding.evidence = cert_evidence(cert->facts());
  finding.evidence["depth"] = err.depth;
  finding.evidence["verify_error"] = err.code;
  finding.verify_code = err.code;
  finding.depth = err.depth;
  if (cert) finding.certificate = cert->facts().sha256_fingerprint;
  finding.fixes = {fmt::format(
      "openssl verify -show_chain -CAfile {} {}{}",
      ctx.trust.anchors.empty() ? "ca.pem" : core::shell_quote(ctx.trust.anchors_source),
      ctx.identity.chain_file.empty() ? "" : fmt::format("-untrusted {} ", core::shell_quote(ctx.identity.chain_file)),
      ctx.cert_arg())};
}

void add_crl_gap(Context& ctx, const VerifyError& err, const Classification& c) {
  const auto* cert = ctx.at_depth(err.depth);
  const std::string who = cert ? cert->facts().subject.rfc4514 : depth_name(err.depth);
  auto& finding = ctx.add(c.id, c.subject, fmt::format("revocation of {} could not be checked: {}", who, err.text));
  finding.evidence["depth"] = err.depth;
  finding.evidence["verify_error"] = err.code;
  finding.verify_code = err.code;
  finding.depth = err.depth;
  if (cert) finding.certificate = cert->facts().sha256_fingerprint;
  if (cert && !cert->facts().crl_urls.empty()) finding.evidence["crl_url"] = cert->facts().crl_urls.front();
  // A CRL names the issuer of the top of the path, which is not known: nothing can verify it.
  const auto& orphan = ctx.verify.crl_without_issuer;
  if (orphan && orphan->depth == err.depth && err.code == X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER) {
    const std::string issuer = cert ? cert->facts().issuer.rfc4514 : std::string("its issuer");
    finding.message = fmt::format(
        "revocation of {} could not be checked: its issuer {} is not known (neither sent nor trusted), so no CRL "
        "of that issuer can be verified{}",
        who, issuer, orphan->lists_it ? " (an unverified CRL of that name lists it as revoked)" : "");
    finding.evidence["missing_issuer"] = issuer;
    finding.evidence["unverified_crl_lists_it"] = orphan->lists_it;
    finding.fixes = {fmt::format("Give the certificate of {} with the chain or the trusted CAs ({})", issuer,
                                 core::hint(core::Hint::Cacert))};
    return;
  }
  // A CRL that is out of its validity window fails verification (OpenSSL codes 11 and 12, alert
  // certificate_expired) even when it lists nothing: the verifying peer refuses, unlike a level
  // it has no CRL for, which depends on whether it checks every level.
  if (err.code == X509_V_ERR_CRL_HAS_EXPIRED || err.code == X509_V_ERR_CRL_NOT_YET_VALID) {
    finding.severity = core::Severity::Error;
    finding.message = fmt::format(
        "the CRL for {} {}: a peer checking revocation with it (OpenSSL verify code {}) "
        "rejects every certificate it covers",
        who,
        err.code == X509_V_ERR_CRL_HAS_EXPIRED ? "has expired (its nextUpdate has passed)"
                                               : "is not yet valid (its lastUpdate is ahead)",
        err.code);
  }
  finding.fixes = {err.code == X509_V_ERR_UNABLE_TO_GET_CRL
                       ? fmt::format("Add the CRL of {} with {} (a server checking every level rejects without it)",
                                     cert ? cert->facts().issuer.rfc4514 : "the issuer", core::hint(core::Hint::Crl))
                       : "Fetch a current CRL: a server using a stale CRL rejects every certificate"};
}

}  // namespace

void add_verify_findings(Context& ctx) {
  const bool have_anchors = !ctx.trust.anchors.empty();
  ChainShape shape{have_anchors, false, false};
  for (const auto& err : ctx.verify.errors) {
    shape.anchor_has_missing_issuer_name = have_anchors && anchor_has_name(ctx, chain_top(ctx, err).issuer);
    const auto c = classify(err.code, err.depth, ctx.options.role, shape);
    if (is_trust_error(err.code)) shape.trust_reported = true;
    if (!c) continue;
    switch (c->fault) {
      case Fault::Untrusted: add_untrusted_finding(ctx, err, *c); break;
      case Fault::Incomplete: add_incomplete_finding(ctx, err, *c); break;
      case Fault::Validity: add_validity_finding(ctx, err, *c); break;
      case Fault::Revoked: add_revoked_finding(ctx, err, *c); break;
      case Fault::Weak: add_weak_finding(ctx, err, *c); break;
      case Fault::Hostname: add_hostname_finding(ctx, err, *c); break;
      case Fault::Other: add_other_finding(ctx, err, *c); break;
      case Fault::CrlGap: add_crl_gap(ctx, err, *c); break;
    }
  }
  if (!have_anchors) {
    auto& f = ctx.add(FindingId::TrustNotChecked, Subject::Trust,
                      fmt::format("no trusted CAs were given, so whether {} trusts this certificate was not checked",
                                  judge_of(ctx.options.role)));
    f.fixes = {fmt::format("Pass the CA bundle the peer trusts: {} ca.pem", core::hint(core::Hint::Cacert))};
  }
}

}  // namespace mtlsdoctor::chain::detail
