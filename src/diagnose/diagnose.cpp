#include "mtlsdoctor/diagnose/diagnose.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "context.h"
#include "mtlsdoctor/core/shell_quote.h"

namespace mtlsdoctor::diagnose {
namespace {

using core::Confidence;
using core::FindingId;
using probe::Direction;

using detail::Answer;
using detail::Reaction;

std::optional<core::TimePoint> parse_http_date(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  return core::TimePoint{std::chrono::seconds{timegm(&tm)}};
}

// "about 1067 days", "about 3 hours", "412 s": a clock difference a person can weigh.
std::string human_duration(long seconds) {
  if (seconds >= 2 * 86400) return fmt::format("about {} days", (seconds + 43200) / 86400);
  if (seconds >= 2 * 3600) return fmt::format("about {} hours", (seconds + 1800) / 3600);
  if (seconds >= 120) return fmt::format("about {} minutes", (seconds + 30) / 60);
  return fmt::format("{} s", seconds);
}

struct Builder {
  const Inputs& in;
  core::Report report;

  void fail(core::Finding cause, core::Side side, Confidence confidence, std::string summary) {
    report.verdict = {core::Outcome::Failed, side, cause.id, std::move(summary), confidence};
    report.findings.insert(report.findings.begin(), std::move(cause));
  }
  void succeed(FindingId id, std::string summary) {
    report.verdict = {core::Outcome::Ok, core::Side::None, id, std::move(summary), Confidence::Certain};
  }
};

std::string leaf_name(const Inputs& in) {
  return in.client ? in.client->leaf.facts().subject.rfc4514 : std::string("(none)");
}

std::vector<std::string_view> slugs(const std::vector<FindingId>& ids) {
  std::vector<std::string_view> out;
  for (auto id : ids) out.push_back(core::slug(id));
  return out;
}

// The alert as the knowledge base reads it, for the evidence of the verdict's finding.
core::Evidence alert_evidence(const Answer& answer) {
  const auto& r = answer.reading;
  core::Evidence e = core::Evidence::object();
  e["code"] = answer.alert->code;
  e["name"] = answer.alert->name;
  if (r.entry) e["kb_entry"] = r.entry->id;
  e["openssl_means"] = slugs(r.openssl_causes);
  e["any_stack_means"] = slugs(r.causes);
  return e;
}

// Readings of a refusal that the offline checks of the identity we hold settle (and found fine,
// when they are asked about).
bool checked_offline(FindingId id) {
  switch (id) {
    case FindingId::ClientCertExpired:
    case FindingId::ClientCertNotYetValid:
    case FindingId::ClientCertMissingClientAuthEku:
    case FindingId::ClientCertBadKeyUsage:
    case FindingId::ClientCertWeak:
    case FindingId::ClientChainInvalid:
    case FindingId::ClientKeyMismatch:
    case FindingId::ClientCertMissing:  // one was sent
    case FindingId::ClientCertRejected: return true;
    default: return false;
  }
}

// One alert for every refusal (Go's 42, Java's 46): when the identity passed every check that
// could be made of the alert's readings — including its chain against the CA names the server
// sent and the CRL — only an access policy is left (issue 11). A reading not checked (no names,
// no CRL) keeps the refusal unexplained.
// Revocation counts whether or not the alert's readings list it: Go sends 42 for a revoked
// certificate too (SERVER-BEHAVIOUR.md).
bool only_a_policy_remains(const Inputs& in, const explain::AlertReading& reading) {
  if (!reading.may_mean(FindingId::ClientAccessDenied)) return false;
  const bool names_reached = !in.transcript.acceptable_ca_names.empty();  // no name fault was found
  const bool crl_checked = !in.client_crls.empty();
  if (!names_reached || !crl_checked) return false;
  return std::all_of(reading.causes.begin(), reading.causes.end(), [&](FindingId id) {
    switch (id) {
      case FindingId::ClientAccessDenied:
      case FindingId::ClientCertUntrustedIssuer:
      case FindingId::ClientChainIncomplete:
      case FindingId::ClientCertRevoked: return true;
      default: return checked_offline(id);
    }
  });
}

// What the server's refusal may still mean once the identity's own checks found nothing: the
// readings of its alert (OpenSSL's first, then every stack's), less what those checks ruled out.
std::vector<std::string> open_hypotheses(const Inputs& in, const Answer& answer) {
  std::vector<FindingId> candidates;
  const auto take = [&](const std::vector<FindingId>& ids) {
    for (auto id : ids) {
      if (std::find(candidates.begin(), candidates.end(), id) == candidates.end()) candidates.push_back(id);
    }
  };
  if (answer.alert) {
    take(answer.reading.openssl_causes);
    take(answer.reading.causes);
  } else {
    // A silent close or a service's generic refusal names nothing: every refusal stays open.
    take({FindingId::ClientCertUntrustedIssuer, FindingId::ClientChainIncomplete, FindingId::ClientCertRevoked,
          FindingId::RevocationUnknown});
  }
  take({FindingId::ClientAccessDenied});
  const bool crl_checked = !in.client_crls.empty();
  const bool names_sent = !in.transcript.acceptable_ca_names.empty();
  std::vector<std::string> out;
  for (auto id : candidates) {
    if (checked_offline(id)) continue;
    std::string why;
    switch (id) {
      case FindingId::ClientCertUntrustedIssuer:
      case FindingId::ClientChainIncomplete:
        why = names_sent ? "your chain reaches a CA name the server sent, but the server may trust another certificate "
                           "of that name (a re-keyed CA) or verify against other CAs than it names"
                         : "the server named no acceptable CAs, so the issuer could not be compared";
        break;
      case FindingId::ClientCertRevoked:
        if (crl_checked) continue;
        why = fmt::format("not checked here: give {} with the CRL the server uses", core::hint(core::Hint::Crl));
        break;
      case FindingId::RevocationUnknown:
        why =
            "the server checks CRLs and lacks one for a CA of your chain (OpenSSL then sends unknown_ca) or holds an "
            "expired one (certificate_expired)";
        break;
      case FindingId::ClockSkew:
        why = "the server's clock may be wrong, making your certificate look expired to it";
        break;
      case FindingId::ClientAccessDenied: why = "by subject, OU, serial, fingerprint or source address"; break;
      default: why = "";
    }
    out.push_back(why.empty() ? fmt::format("{}: {}", core::slug(id), core::title(id))
                              : fmt::format("{}: {} ({})", core::slug(id), core::title(id), why));
  }
  out.emplace_back("the server requires a property we cannot see (a pinned fingerprint, a certificate policy OID)");
  return out;
}

// The fix for a server that asks for the client certificate only after the handshake.
constexpr std::string_view kAskInTheHandshake =
    "Apache: ask in the handshake: SSLVerifyClient optional (or require) in the <VirtualHost>, and in the "
    "<Location> only the rule: Require expr \"%{SSL_CLIENT_VERIFY} == 'SUCCESS'\"";

// A CertificateRequest received after a TLS 1.3 handshake completed: post-handshake
// authentication (under TLS 1.2 it would be a renegotiation's, which every OpenSSL client answers).
bool asked_after_handshake(const probe::Transcript& t) {
  if (t.version != "TLSv1.3") return false;
  bool complete = false;
  for (const auto& e : t.events) {
    if (e.kind == probe::EventKind::HandshakeComplete) complete = true;
    if (complete && e.kind == probe::EventKind::CertificateRequest && e.direction == probe::Direction::Received)
      return true;
  }
  return false;
}

void judge_rejection(Builder& b, const Answer& answer, std::vector<detail::Candidate>& faults) {
  const auto& t = b.in.transcript;
  const bool sent = t.client_certificates_sent > 0;
  if (answer.reaction == Reaction::Denied) {
    // The service named the rule: the certificate passed TLS and the rule alone refused it.
    const std::string passed = sent ? fmt::format("your certificate {} was accepted by TLS", leaf_name(b.in))
                                    : std::string("the connection passed TLS without a client certificate");
    auto f = core::Finding::make(FindingId::ClientAccessDenied, core::Subject::Policy,
                                 fmt::format("{}, but {}", passed, answer.denial));
    f.evidence["server_response"] = answer.evidence;
    f.evidence["subject"] = leaf_name(b.in);
    for (const auto& [key, value] : answer.details.items()) f.evidence[key] = value;
    f.fixes = answer.fixes;
    b.fail(std::move(f), core::Side::Server, answer.inferred ? Confidence::Likely : Confidence::Certain,
           fmt::format("The SERVER's access rules refused the connection ({}): {}", answer.evidence, answer.denial));
    return;
  }

  if (answer.reaction == Reaction::PostHandshakeAuth) {
    // Neither side refused the other: the server asks too late for a client that did not offer
    // post-handshake authentication, as diagnose, Chromium, Go, Java and Node.js never do (curl does).
    auto f = core::Finding::make(
        FindingId::PostHandshakeAuthUnsupported, core::Subject::Handshake,
        fmt::format("the server did not ask for a client certificate during the {} handshake, then wanted one for "
                    "this path and could not ask after the handshake: the client did not offer post-handshake "
                    "authentication{}",
                    t.version.empty() ? std::string("TLS 1.3") : t.version,
                    b.in.client ? " (your certificate was never asked for, so it was not judged)" : ""));
    f.evidence["server_response"] = answer.evidence;
    f.evidence["certificate_requested_in_handshake"] = t.certificate_requested;
    f.fixes = {
        std::string(kAskInTheHandshake),
        "Or TLS 1.2 for that virtual host (SSLProtocol -all +TLSv1.2): Apache renegotiates instead (not with HTTP/2)",
        "Or a client that offers post-handshake authentication: openssl s_client -enable_pha, Python "
        "ssl (context.post_handshake_auth = True), curl with OpenSSL; Chromium, Go, Java and Node.js do not",
        "mtls-doctor diagnose ... --post-handshake-auth   # offers it, so the server judges the certificate itself"};
    b.fail(std::move(f), core::Side::Negotiation, Confidence::Certain,
           fmt::format("The SERVER asks for a client certificate only after the handshake, which this client did not "
                       "offer ({})",
                       answer.evidence));
    return;
  }

  if (!sent || answer.reaction == Reaction::MissingCertificate) {
    auto f = core::Finding::make(FindingId::ClientCertMissing, core::Subject::ClientCert, "");
    f.message = !b.in.client ? fmt::format("the server requires a client certificate and none was given ({}/{} or {})",
                                           core::hint(core::Hint::Cert), core::hint(core::Hint::Key),
                                           core::hint(core::Hint::P12))
                : sent       ? "the server says no certificate arrived, although one was sent"
                : t.certificate_requested
                    ? "a certificate was configured but none was sent"
                    // A server with no client CA cannot ask, yet its access rules demand a certificate.
                    : "a certificate was configured, but the server never asked for one during the handshake (no "
                      "CertificateRequest: it has no client CA configured) and then "
                      "refused the connection for lacking one";
    f.evidence["server_response"] = answer.evidence;
    if (!t.acceptable_ca_names.empty()) f.evidence["acceptable_ca_names"] = t.acceptable_ca_names;
    f.fixes = {!b.in.client
                   ? (t.target.empty() ? fmt::format("Give your certificate and key: {} client.pem {} client.key",
                                                     core::hint(core::Hint::Cert), core::hint(core::Hint::Key))
                                       : fmt::format("mtls-doctor diagnose {} {} client.pem {} client.key",
                                                     core::shell_quote(t.target), core::hint(core::Hint::Cert),
                                                     core::hint(core::Hint::Key)))
                   : fmt::format("openssl s_client -connect {} -cert {} -key {} -state </dev/null   # does the "
                                 "server ask (CertificateRequest), and is the certificate sent?",
                                 core::shell_quote(t.address.empty() ? t.target : t.address),
                                 core::shell_quote(b.in.client->cert_file), core::shell_quote(b.in.client->key_file)),
               t.acceptable_ca_names.empty()
                   ? "Ask the server's owner which CA issues its client certificates"
                   : fmt::format("It must be issued under: {}", fmt::join(t.acceptable_ca_names, "; "))};
    // Certain only when the server said so, or asked and got nothing; a server that never asked
    // and refused without a word may have refused for any reason.
    const auto conf = answer.explicit_missing || (!sent && !answer.inferred && t.certificate_requested)
                          ? Confidence::Certain
                      : t.certificate_requested || answer.reaction != Reaction::RejectedSilently ? Confidence::Likely
                                                                                                 : Confidence::Possible;
    b.fail(std::move(f), core::Side::Server, conf,
           fmt::format("The SERVER rejected the connection: it requires a client certificate and none was sent ({})",
                       answer.evidence));
    return;
  }

  // The alert, read through the knowledge base, narrows the faults; the faults decide. A fault
  // for which OpenSSL sends this very alert (the alert of the fault's verify result, else one
  // of OpenSSL's readings of the alert) is the verdict at the check's own confidence, the first
  // in OpenSSL's order; one another stack sends it for, or any fault under a generic answer, is
  // likely. A fault the alert does not fit yields: 42 with a foreign CA (OpenSSL: 48) and a
  // not-yet-valid certificate is the validity.
  const explain::AlertReading* reading = answer.alert ? &answer.reading : nullptr;
  const auto& kb = detail::knowledge(b.in);
  const auto fits = [&](const detail::Candidate& c) {
    if (c.verify_code) {
      const auto* entry = kb.verify_entry(*c.verify_code);
      if (entry && entry->openssl_alert) return *entry->openssl_alert == reading->alert;
    }
    return reading->openssl_means(c.finding.id);
  };
  // Shape-only hypotheses stand only where the alert names them (unknown_ca).
  std::erase_if(faults, [&](const detail::Candidate& c) {
    return c.speculative && !(reading && reading->may_mean(c.finding.id));
  });
  // A fault found in the identity outranks one the chain's shape only suggests: a server that
  // names no CAs cannot be shown to distrust the issuer, but a not-yet-valid or weak certificate
  // is refused by every server.
  std::stable_sort(faults.begin(), faults.end(), [](const auto& x, const auto& y) {
    if (x.speculative != y.speculative) return y.speculative;
    return core::rank(x.finding.id) < core::rank(y.finding.id);
  });
  const bool concrete = std::any_of(faults.begin(), faults.end(), [](const auto& c) { return !c.speculative; });
  const auto eligible = [&](const detail::Candidate& c) { return !concrete || !c.speculative; };
  const detail::Candidate* pick = nullptr;
  Confidence confidence = Confidence::Likely;
  if (answer.stated_cause) {
    // The server named the cause: our own check of the same fault tells the rest, else its words.
    for (const auto& c : faults) {
      if (!pick && c.finding.id == *answer.stated_cause) pick = &c;
    }
    if (!pick) {
      auto f = core::Finding::make(*answer.stated_cause, core::Subject::ClientCert, answer.stated_reason);
      f.evidence["server_response"] = answer.evidence;
      f.fixes = {"mtls-doctor check --role client --cert your-cert.pem --cacert the-server's-client-CA.pem"};
      b.fail(std::move(f), core::Side::Server, Confidence::Certain,
             fmt::format("The SERVER rejected your client certificate ({})", answer.evidence));
      return;
    }
    confidence = Confidence::Certain;
  }
  if (reading && !pick) {
    for (const auto& c : faults) {
      if (!pick && eligible(c) && fits(c)) {
        pick = &c;
        confidence = c.confidence;
      }
    }
    for (auto id : reading->causes) {
      for (const auto& c : faults) {
        if (!pick && eligible(c) && c.finding.id == id) pick = &c;
      }
    }
  }
  if (!pick && !faults.empty()) pick = &faults.front();
  // Under a generic answer a fault is at most likely, and no surer than its own check.
  if (pick && !answer.stated_cause && confidence == Confidence::Likely)
    confidence = std::max(confidence, pick->confidence);
  if (pick) {
    auto f = pick->finding;
    f.evidence["server_response"] = answer.evidence;
    if (reading) f.evidence["alert"] = alert_evidence(answer);
    const std::string message = f.message;
    for (auto it = faults.begin(); it != faults.end(); ++it) {
      if (&*it == pick) {
        faults.erase(it);
        break;
      }
    }
    b.fail(std::move(f), core::Side::Server, confidence,
           fmt::format("The SERVER rejected your client certificate ({}): {}", answer.evidence, message));
    return;
  }
  // access_denied (49): every stack's first reading is an access policy.
  const bool denial =
      answer.reaction == Reaction::Forbidden ||
      (reading && !reading->causes.empty() && reading->causes.front() == FindingId::ClientAccessDenied) ||
      (reading && b.in.client && only_a_policy_remains(b.in, *reading));
  if (denial) {
    auto f = core::Finding::make(FindingId::ClientAccessDenied, core::Subject::Policy, "");
    f.message = fmt::format(
        "your certificate {} is valid and its chain reaches a CA the server accepts, but the server "
        "refused it ({}): an access policy (subject, OU, serial, fingerprint or source address) "
        "does not allow it",
        leaf_name(b.in), answer.evidence);
    f.evidence["server_response"] = answer.evidence;
    if (reading) f.evidence["alert"] = alert_evidence(answer);
    f.evidence["subject"] = leaf_name(b.in);
    f.fixes = {
        "Ask the server's owner which subjects, OUs or addresses its policy allows (nginx: map on "
        "$ssl_client_s_dn; Apache: Require expr; HAProxy: ACL on ssl_c_s_dn)",
        "mtls-doctor inspect your-cert.pem   # the subject, OU and serial the policy sees"};
    b.fail(std::move(f), core::Side::Server, Confidence::Likely,
           fmt::format("The SERVER refused your valid client certificate ({}): an access policy denied it",
                       answer.evidence));
    return;
  }
  auto f = core::Finding::make(FindingId::ClientCertRejected, core::Subject::ClientCert, "");
  f.message = fmt::format("the server refused your certificate ({}) and nothing in it explains why", answer.evidence);
  f.evidence["server_response"] = answer.evidence;
  if (reading) f.evidence["alert"] = alert_evidence(answer);
  f.evidence["hypotheses"] = open_hypotheses(b.in, answer);
  f.fixes = {"Read the server's log at the time of this probe (nginx: error_log at info level)"};
  if (reading)
    f.fixes.push_back(fmt::format("mtls-doctor explain {} {}   # what each TLS stack means by it",
                                  core::hint(core::Hint::Alert), reading->alert));
  b.fail(std::move(f), core::Side::Server, Confidence::Possible,
         fmt::format("The SERVER rejected your client certificate ({}), and the certificate itself looks valid",
                     answer.evidence));
}

}  // namespace

core::Result<core::Report> diagnose(const Inputs& in) {
  Builder b{in, {}};
  const auto& t = in.transcript;

  if (auto f = detail::transport_finding(t)) {
    const auto id = f->id;
    const auto conf = id == FindingId::NoSharedCipher ? Confidence::Likely : Confidence::Certain;
    const std::string msg = f->message;
    const auto side = core::refusing_side(id);
    b.fail(std::move(*f), side, conf,
           fmt::format("{}: {}",
                       side == core::Side::Network  ? "The connection failed"
                       : side == core::Side::Client ? "The CLIENT refuses the server's handshake"
                       : side == core::Side::Local  ? "The client could not start"
                                                    : "The TLS negotiation failed",
                       msg));
    return b.report;
  }

  auto server = detail::server_faults(in);
  std::vector<core::Finding> notes;
  auto faults = detail::client_faults(in, notes);
  const Answer answer = detail::read_answer(in);

  // A client that verifies the server refuses it before sending its own certificate, so a
  // bad server certificate is the verdict; how the server judged ours is still reported.
  const auto server_error = std::find_if(server.begin(), server.end(),
                                         [](const core::Finding& f) { return f.severity == core::Severity::Error; });
  if (answer.reaction == Reaction::ServiceRefused) {
    const std::string passed = t.client_certificates_sent > 0 ? "TLS and your client certificate were accepted"
                               : t.certificate_requested      ? "TLS succeeded without a client certificate"
                                                         : "TLS succeeded (the server asked for no client certificate)";
    auto f = core::Finding::make(
        FindingId::ServiceRefused, core::Subject::Transport,
        fmt::format("{}, then the service refused the session for a reason that is not the certificate: {}", passed,
                    answer.evidence));
    f.evidence["server_response"] = answer.evidence;
    for (const auto& [key, value] : answer.details.items()) f.evidence[key] = value;
    f.fixes = answer.fixes;
    f.fixes.emplace_back(
        "Read the service's own message and log: a connection limit, a server starting or shutting down, a "
        "protocol it does not support, its own configuration error");
    b.fail(std::move(f), core::Side::Server, Confidence::Certain,
           fmt::format("The SERVER refused the session after TLS: {} ({})", answer.evidence, passed));
  } else if (answer.reaction != Reaction::Undecided && answer.reaction != Reaction::Accepted) {
    judge_rejection(b, answer, faults);
  } else if (answer.reaction == Reaction::Accepted) {
    if (!t.certificate_requested) {
      b.succeed(FindingId::MtlsNotRequested,
                fmt::format("The connection succeeded ({}), but the server never asked for a client certificate{}",
                            answer.evidence, in.client ? ": the one you gave was not used" : ""));
      auto f = core::Finding::make(
          FindingId::MtlsNotRequested, core::Subject::Handshake,
          "no CertificateRequest came from the server: mutual TLS is not enforced on this endpoint");
      if (!in.client) f.severity = core::Severity::Info;
      switch (t.starttls) {
        case probe::StartTls::Postgres:
          f.fixes = {
              "postgresql.conf: ssl_ca_file = 'client-ca.pem' (the CA of your client certificates), then "
              "pg_hba.conf: hostssl … cert, or clientcert=verify-full"};
          break;
        case probe::StartTls::Smtp: f.fixes = {"Postfix: smtpd_tls_ask_ccert = yes (and smtpd_tls_req_ccert)"}; break;
        case probe::StartTls::None:
          f.fixes = {"nginx: ssl_verify_client on; Apache: SSLVerifyClient require; HAProxy: verify required"};
          break;
      }
      b.report.findings.push_back(std::move(f));
    } else {
      b.succeed(
          FindingId::Ok,
          t.client_certificates_sent > 0
              ? fmt::format("The server accepted your client certificate ({}; {})", leaf_name(in), answer.evidence)
              : fmt::format("The server asked for a client certificate, none was sent, and it carried on ({})",
                            answer.evidence));
    }
    std::erase_if(faults, [](const detail::Candidate& c) { return c.speculative; });
    for (auto& c : faults) {
      c.finding.severity = core::Severity::Warning;
      c.finding.message = "the server accepted it, but " + c.finding.message;
    }
  } else {
    auto f = core::Finding::make(
        FindingId::NotTls, core::Subject::Handshake,
        fmt::format("the TLS exchange failed: {}", t.error_text.empty() ? "unknown error" : t.error_text));
    f.evidence["tls_errors"] = t.tls_errors;
    // not-tls is a network verdict (DIAGNOSES.md), whatever OpenSSL's words for it.
    b.fail(std::move(f), core::refusing_side(FindingId::NotTls), Confidence::Possible,
           fmt::format("The TLS handshake failed without a reason from the server: {}", t.error_text));
  }

  if (server_error != server.end() && b.report.verdict.cause != server_error->id) {
    core::Finding cause = *server_error;
    const std::string earlier = std::string(slug(b.report.verdict.cause));
    cause.evidence["client_certificate_verdict"] = earlier;
    server.erase(server_error);
    // The previous verdict becomes a finding of its own.
    b.report.verdict = {
        core::Outcome::Failed, core::Side::Client, cause.id,
        fmt::format("The CLIENT would reject the server's certificate: {} (the server's own verdict on your "
                    "certificate: {})",
                    cause.message, earlier),
        Confidence::Certain};
    b.report.findings.insert(b.report.findings.begin(), std::move(cause));
  }
  for (auto& f : server) b.report.findings.push_back(std::move(f));
  for (auto& c : faults) b.report.findings.push_back(std::move(c.finding));
  for (auto& n : notes) b.report.findings.push_back(std::move(n));

  if (t.http && t.http->date) {
    if (auto server_time = parse_http_date(*t.http->date)) {
      const core::TimePoint ours = in.observed_at.value_or(in.now);
      const auto skew = (*server_time - ours).count();
      if (skew > 300 || skew < -300) {
        auto f =
            core::Finding::make(FindingId::ClockSkew, core::Subject::Transport,
                                fmt::format("the server's clock ({}) is {} {} ours ({}): validity judged "
                                            "here may not be what the server sees",
                                            core::format_rfc3339(*server_time), human_duration(skew < 0 ? -skew : skew),
                                            skew < 0 ? "behind" : "ahead of", core::format_rfc3339(ours)));
        f.evidence["server_date"] = *t.http->date;
        f.evidence["skew_seconds"] = skew;
        f.fixes = {"timedatectl status; chronyc tracking   # on both machines"};
        b.report.findings.push_back(std::move(f));
      }
    }
  }
  // With --post-handshake-auth a server may ask after the handshake: whatever it then decided, a
  // client that does not offer it (most) never gets that far.
  if (asked_after_handshake(t) && b.report.verdict.cause != FindingId::PostHandshakeAuthUnsupported) {
    auto f = core::Finding::make(
        FindingId::PostHandshakeAuthUnsupported, core::Subject::Handshake,
        "the server asked for the client certificate only after the handshake (TLS 1.3 post-handshake "
        "authentication, offered here by --post-handshake-auth): clients that do not offer it (Chromium-based "
        "browsers, Go, Java, Node.js) are refused without their certificate being looked at");
    f.severity = core::Severity::Warning;
    f.fixes = {std::string(kAskInTheHandshake)};
    b.report.findings.push_back(std::move(f));
  }
  core::sort_findings(b.report);
  return b.report;
}

}  // namespace mtlsdoctor::diagnose
