// What the server said about our identity, in its own terms: an HTTP status, a PostgreSQL
// ErrorResponse, an SMTP reply, a TLS alert, or a silent close.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "context.h"

namespace mtlsdoctor::diagnose::detail {
namespace {

using probe::Direction;

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// `mtls-doctor serve --deny-with http` says why in its 403 body (docs/serve.md): the cause in
// our vocabulary, a sentence, and for a policy denial the rule, its line and the near misses.
bool read_serve_body(const probe::HttpResponse& h, Answer& a) {
  if (h.status != 403 || h.server != "mtls-doctor") return false;
  const auto body = nlohmann::json::parse(h.body, nullptr, false);
  if (!body.is_object() || !body.contains("cause") || !body["cause"].is_string()) return false;
  const auto cause = core::finding_from_slug(body["cause"].get<std::string>());
  if (!cause) return false;
  const auto text = [&](const char* key) {
    return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : std::string();
  };
  a.stated_reason = text("reason");
  if (*cause == core::FindingId::ClientAccessDenied) {
    a.reaction = Reaction::Denied;
    a.denial = a.stated_reason.empty() ? std::string("the server's access policy denied it") : a.stated_reason;
    if (body.contains("near_misses") && body["near_misses"].is_array()) {
      for (const auto& m : body["near_misses"]) {
        if (m.is_string()) a.fixes.push_back(m.get<std::string>());
      }
    }
    for (const char* key : {"policy", "rule", "line"}) {
      if (body.contains(key)) a.details[key] = body[key];
    }
    return true;
  }
  a.stated_cause = cause;
  a.reaction =
      *cause == core::FindingId::ClientCertMissing ? Reaction::MissingCertificate : Reaction::RejectedByService;
  a.explicit_missing = *cause == core::FindingId::ClientCertMissing;
  if (!a.stated_reason.empty()) a.evidence += fmt::format(": {}", a.stated_reason);
  return true;
}

// nginx answers every client-certificate failure with HTTP 400 and one of two sentences; 403
// where an access rule refuses a valid certificate (SERVER-BEHAVIOUR.md).
void read_http(const probe::HttpResponse& h, Answer& a) {
  a.evidence = fmt::format("HTTP {} {}", h.status, h.reason);
  if (read_serve_body(h, a)) return;
  if (h.status == 400 && contains(h.body, "No required SSL certificate was sent")) {
    a.reaction = Reaction::MissingCertificate;
    a.explicit_missing = true;
  } else if (h.status == 495 || h.status == 496 || (h.status == 400 && contains(h.body, "SSL certificate error"))) {
    a.reaction = h.status == 496 ? Reaction::MissingCertificate : Reaction::RejectedByService;
    a.explicit_missing = h.status == 496;
  } else if (h.status == 403 && contains(h.body, "Cannot perform Post-Handshake Authentication")) {
    // Apache 2.4 under TLS 1.3 with SSLVerifyClient inside a <Location> or <Directory>: it asks for
    // the certificate after the handshake, which the client's hello must have offered
    // (post_handshake_auth); without it mod_ssl logs AH10158 and puts this reason in its 403 page
    // (modules/ssl/ssl_engine_kernel.c). No certificate was judged.
    a.reaction = Reaction::PostHandshakeAuth;
  } else if (h.status == 403) {
    a.reaction = Reaction::Forbidden;
  } else {
    a.reaction = Reaction::Accepted;
  }
}

std::string authentication_step(const probe::PostgresAnswer& pg) {
  switch (*pg.authentication) {
    case 0: return "PostgreSQL authenticated the session (AuthenticationOk)";
    case 3: return "PostgreSQL asks for a password next (cleartext)";
    case 5: return "PostgreSQL asks for a password next (MD5)";
    case 10: return fmt::format("PostgreSQL asks for SASL authentication next ({})", pg.sasl_mechanisms);
    default: return fmt::format("PostgreSQL asks for authentication method {} next", *pg.authentication);
  }
}

std::string client_cn(const Inputs& in) {
  if (!in.client) return "(none)";
  const auto cns = in.client->leaf.facts().subject.values("CN");
  return cns.empty() ? std::string("(no CN)") : cns.back();
}

// PostgreSQL checks the client certificate twice. OpenSSL verifies it during the handshake
// (ssl_ca_file, ssl_crl_file) and fails it with an alert like any OpenSSL server. Then
// pg_hba.conf decides, after TLS, with an ErrorResponse of SQLSTATE class 28 (invalid
// authorization specification). PostgreSQL 15 says, observed on loopback:
//   no certificate, `cert` or clientcert=verify-*:  FATAL 28000 connection requires a valid client certificate
//   `cert`, CN is not the user:                     FATAL 28000 certificate authentication failed for user "u"
//   clientcert=verify-full, CN is not the user:     FATAL 28000 "trust" authentication failed for user "u"
//   no pg_hba.conf line matches:                    FATAL 28000 no pg_hba.conf entry for host "h", user "u", database
//   "d", SSL encryption
// Message texts follow lc_messages: the SQLSTATE decides, the English text refines.
void read_postgres(const Inputs& in, const probe::PostgresAnswer& pg, Answer& a) {
  if (pg.authentication || pg.ready) {
    // Authentication is reached only once TLS and pg_hba's certificate checks have passed.
    a.reaction = Reaction::Accepted;
    a.evidence = pg.authentication ? authentication_step(pg) : std::string("PostgreSQL is ready for queries");
    if (pg.error)
      a.evidence += fmt::format(", then {} {} {}", pg.error->severity, pg.error->sqlstate, pg.error->message);
    return;
  }
  const auto& e = *pg.error;
  a.evidence = fmt::format("PostgreSQL {} {} {}", e.severity, e.sqlstate, e.message);
  a.details = {{"sqlstate", e.sqlstate},
               {"severity", e.severity},
               {"message", e.message},
               {"user", pg.user},
               {"database", pg.database}};
  if (!e.detail.empty()) a.details["detail"] = e.detail;
  if (!e.hint.empty()) a.details["hint"] = e.hint;
  if (!e.sqlstate.starts_with("28")) {
    a.reaction = Reaction::ServiceRefused;  // too many clients, starting up, protocol violation…
    // F0000: a pg_hba.conf `cert` line on a server without ssl_ca_file, which therefore never asked.
    if (contains(e.message, "root certificate store")) {
      a.fixes = {
          "postgresql.conf: ssl_ca_file = the CA that issues the client certificates (pg_hba.conf `cert` needs it), "
          "then SELECT pg_reload_conf();"};
    }
    return;
  }
  const bool sent = in.transcript.client_certificates_sent > 0;
  const bool hba_entry = contains(e.message, "pg_hba.conf");
  const bool required = contains(e.message, "requires a valid client certificate");
  if (required || (!sent && !hba_entry)) {
    a.reaction = Reaction::MissingCertificate;
    a.explicit_missing = required;
    a.inferred = !required;
    return;
  }
  a.reaction = Reaction::Denied;
  if (hba_entry) {
    a.denial =
        fmt::format("pg_hba.conf has no line that lets user \"{}\" reach database \"{}\" from this address over TLS",
                    pg.user, pg.database);
    a.fixes = {
        fmt::format("pg_hba.conf: hostssl {} {} CLIENT-ADDRESS/32 cert   then: SELECT pg_reload_conf();", pg.database,
                    pg.user),
        fmt::format(
            "or connect as the role and database a pg_hba.conf line names: {} ROLE (postgres://ROLE@HOST/DATABASE)",
            core::hint(core::Hint::PgUser))};
  } else if (contains(e.message, "authentication failed for user")) {
    // `cert`, or clientcert=verify-full: the certificate's CN must be the user, or map to it.
    const std::string cn = client_cn(in);
    a.details["certificate_cn"] = cn;
    a.denial = fmt::format(
        "the certificate's CN \"{}\" is not the user \"{}\" it connected as, and no pg_ident.conf map allows "
        "it (pg_hba.conf `cert`, or clientcert=verify-full)",
        cn, pg.user);
    a.fixes = {
        fmt::format("Connect as the role the certificate names: {} {}   (psql \"user={} sslcert=…\")",
                    core::hint(core::Hint::PgUser), cn, cn),
        fmt::format("or map it: pg_ident.conf \"certs {} {}\" and map=certs on the pg_hba.conf line", cn, pg.user),
        fmt::format("CREATE ROLE \"{}\" LOGIN;   # when that role should exist", cn)};
  } else {
    a.inferred = true;
    a.denial = fmt::format("PostgreSQL refused the authorization ({} {})", e.sqlstate, e.message);
    a.fixes = {
        "Read the server's log at the time of this probe: it says which pg_hba.conf line matched and why it failed"};
  }
}

// RFC 5321 §4.2.1: 2yz is a positive completion; anything else refuses the session.
void read_smtp(const probe::SmtpReply& r, Answer& a) {
  a.evidence = fmt::format("SMTP {} {} after EHLO over TLS", r.code, r.lines.empty() ? std::string() : r.lines.front());
  a.reaction = r.code / 100 == 2 ? Reaction::Accepted : Reaction::RejectedByService;
}

}  // namespace

const explain::KnowledgeBase& knowledge(const Inputs& in) {
  return in.knowledge ? *in.knowledge : explain::builtin_knowledge_base();
}

Answer read_answer(const Inputs& in) {
  const auto& t = in.transcript;
  Answer a;
  a.alert = t.first_alert(Direction::Received);
  // Closure alerts (RFC 8446 §6.1) end a connection; they judge nothing.
  if (a.alert && (a.alert->code == 0 || a.alert->code == 90)) a.alert = nullptr;  // close_notify, user_canceled
  if (a.alert) a.reading = knowledge(in).read_alert(a.alert->code, explain::Judged::ClientCertificate);
  if (t.http) {
    read_http(*t.http, a);
    return a;
  }
  if (t.postgres && (t.postgres->error || t.postgres->authentication || t.postgres->ready)) {
    read_postgres(in, *t.postgres, a);
    return a;
  }
  if (t.smtp) {
    read_smtp(*t.smtp, a);
    return a;
  }
  if (a.alert) {
    a.evidence =
        fmt::format("alert {} ({}){}", a.alert->name, a.alert->code,
                    a.alert->after_handshake ? " after the client finished its handshake" : " during the handshake");
    // certificate_required (116) has one reading in every stack: no certificate arrived.
    a.explicit_missing = a.reading.names_only(core::FindingId::ClientCertMissing);
    a.reaction = a.explicit_missing ? Reaction::MissingCertificate : Reaction::RejectedAlert;
    return a;
  }
  if (t.error == probe::TransportError::Closed || t.error == probe::TransportError::Reset) {
    a.evidence = fmt::format("the connection was {} without an alert during the {}",
                             t.error == probe::TransportError::Reset ? "reset" : "closed", to_string(t.stopped_at));
    a.reaction = Reaction::RejectedSilently;
    return a;
  }
  if (t.handshake_done && t.error == probe::TransportError::None) {
    a.reaction = Reaction::Accepted;
    // Application data came back: the server let the session through, whatever it said in it.
    a.evidence =
        t.bytes_received > 0 && t.stopped_at == probe::Stage::Done
            ? fmt::format("handshake completed, then {} bytes that are not the protocol asked for", t.bytes_received)
            : std::string("handshake completed");
    return a;
  }
  a.evidence = t.error_text;
  return a;
}

}  // namespace mtlsdoctor::diagnose::detail
