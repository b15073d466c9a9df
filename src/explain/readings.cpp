// How an entry reads by who wrote the text (explainer.cpp's Impl::read): in the other end's log, as
// judged by a client, and as a server's own identity; and whether a text is about a server's own.
#include "readings.h"

#include <re2/re2.h>

#include <algorithm>

#include "regex_options.h"

namespace mtlsdoctor::explain::detail {
namespace {

// The same fault seen from the other end. An entry is written as its `reporter` reads the message
// (a received alert as read by the client, the usual reader); in a server's log the same words
// mean the opposite direction: "remote error: tls: bad certificate" there is the *client*
// refusing the server's certificate, and "x509: certificate signed by unknown authority" under
// "http: TLS handshake error from" is the server refusing the client's.
std::optional<core::FindingId> mirrored_cause(core::FindingId id) {
  using core::FindingId;
  if (auto other = core::counterpart(id)) return other;
  switch (id) {
    case FindingId::ServerHostnameMismatch: return FindingId::ClientCertHostnameCheck;
    case FindingId::ClientCertHostnameCheck: return FindingId::ServerHostnameMismatch;
    // Bytes that are not TLS: the client reads a plaintext answer, the server a plaintext client.
    case FindingId::NotTls: return FindingId::PlaintextToTlsPort;
    case FindingId::PlaintextToTlsPort: return FindingId::NotTls;
    case FindingId::ServerChainExceedsVerifyDepth: return FindingId::ClientChainTooLong;
    case FindingId::ClientChainTooLong: return FindingId::ServerChainExceedsVerifyDepth;
    // The server's own refusals with no client-side twin: read from the server's log they
    // cannot have happened (the server would have said so in its own words).
    case FindingId::ClientCertMissing:
    case FindingId::ClientAccessDenied:
    case FindingId::ClientCertRejected:
    case FindingId::CrlExpired:
    case FindingId::CrlUnusable:
    // The client's own empty or unread trust store: its words are the client's verify failure,
    // which a server's log cannot show (the server judged the client's certificate).
    case FindingId::ClientTrustAnchorMissing: return std::nullopt;
    default: return id;
  }
}

}  // namespace

// A `judged-by: writer` entry (the server judging the client, as written) in a client's text: the
// client judged the server. nullopt for every other entry, and when no cause has a server-side twin.
std::optional<Entry> as_judged_by_client(const Entry& e) {
  if (!e.writer_judges) return std::nullopt;
  Entry out = e;
  out.causes.clear();
  for (auto c : e.causes) {
    const auto m = mirrored_cause(c);
    if (m && std::find(out.causes.begin(), out.causes.end(), *m) == out.causes.end()) out.causes.push_back(*m);
  }
  if (out.causes.empty()) return std::nullopt;
  out.rejected_by = core::Side::Client;
  out.reporter = Reporter::Client;
  return out;
}

// The entry as read in the other end's log; nullopt when the reading does not depend on who wrote
// the text (a server's own message, a negotiation or transport failure).
std::optional<Entry> as_read_by_other_end(const Entry& e) {
  // Only readings made from the client's end turn round: a client's own message, a received
  // alert (the canonical alert entries are read as received by the client), or a verify result
  // that judged the server. An `either` entry that judges the client (stunnel's "Certificate
  // check failed" with rejected_by server) is already the server's reading.
  const bool clients_reading = e.reporter == Reporter::Client ||
                               (e.reporter == Reporter::Either && (e.alert || e.rejected_by == core::Side::Client));
  if (!clients_reading) return std::nullopt;
  Entry out = e;
  out.causes.clear();
  bool changed = false;
  for (auto c : e.causes) {
    const auto m = mirrored_cause(c);
    if (m != c) changed = true;
    if (m && std::find(out.causes.begin(), out.causes.end(), *m) == out.causes.end()) out.causes.push_back(*m);
  }
  if (e.rejected_by == core::Side::Server || e.rejected_by == core::Side::Client) {
    out.rejected_by = e.rejected_by == core::Side::Server ? core::Side::Client : core::Side::Server;
    changed = true;
  } else if (changed && !out.causes.empty() && out.causes.front() != e.causes.front()) {
    // Neither end refused (network, negotiation): the side is the turned first cause's own
    // (a plaintext client is a negotiation failure on the server's side, not the network's).
    out.rejected_by = core::refusing_side(out.causes.front());
  }
  if (!changed) return std::nullopt;
  // A received certificate_required (116) and its kin ("no client certificate"): only a server sends
  // it, so only a client can have received it, whatever words around it looked like a server's (a
  // PBX's handshake lines, most of them accepting phones, this one dialling a carrier).
  if (out.causes.empty() && e.causes.size() == 1 && e.causes.front() == core::FindingId::ClientCertMissing) {
    return std::nullopt;
  }
  // Every cause was the server's own refusal (bad_certificate read as "no client certificate"):
  // the client refused the server's certificate for a reason the text does not give.
  if (out.causes.empty()) out.causes.push_back(core::FindingId::ServerCertUntrusted);
  if (!e.confidence && e.causes.size() == 1 && out.causes.size() == 1) out.confidence = core::Confidence::Likely;
  out.reporter = Reporter::Server;
  return out;
}

// A program's own identity read as a server's: a key that does not fit its certificate, a
// certificate or key file it cannot read. The words ("tls: private key does not match public key",
// "Cannot read certificate file") are the same in a client and a server; entries name the client's
// identity, the commoner reader. nullopt when the entry is not only about the reader's own identity.
std::optional<Entry> as_servers_own_identity(const Entry& e) {
  using core::FindingId;
  if (e.rejected_by != core::Side::Local || e.causes.empty()) return std::nullopt;
  Entry out = e;
  if (!e.own_server_causes.empty()) {
    out.causes = e.own_server_causes;
    out.reporter = Reporter::Server;
    return out;
  }
  out.causes.clear();
  bool changed = false;
  for (auto c : e.causes) {
    FindingId m = c;
    switch (c) {
      case FindingId::ClientKeyMismatch: m = FindingId::ServerKeyMismatch; break;
      case FindingId::ClientIdentityUnreadable:
      case FindingId::ClientKeyMissing: m = FindingId::ServerIdentityUnreadable; break;
      case FindingId::ServerKeyMismatch:
      case FindingId::ServerIdentityUnreadable: break;
      default: return std::nullopt;
    }
    changed = changed || m != c;
    if (std::find(out.causes.begin(), out.causes.end(), m) == out.causes.end()) out.causes.push_back(m);
  }
  if (!changed) return std::nullopt;
  out.reporter = Reporter::Server;
  return out;
}

// Whether a text about the writer's own certificate or key is a server's: a server's log, a
// listener being set up ("Error binding ... on HTTPS", "Could not create https listener",
// slapd's "TLS init def ctx failed", MongoDB's InvalidSSLConfiguration at start-up) or an identity
// file named for a server (server.pem, server-key.pem); never with a client's identity named.
bool servers_own_identity(std::string_view normalized, Writer writer) {
  static const RE2 server_context(
      R"(\b(?:https?|tls|ssl) listener\b|\bbind(?:ing)?\b.{0,60}\bon https?\b|\blisten(?:ing)? on\b|)"
      R"(\blistenandserve(?:tls)?\b|\btls init def ctx\b|\binvalidsslconfiguration\b|)"
      // etcd's start-up: etcdmain's "listener failed", embed's "creating peer listener failed".
      R"(\b(?:creating (?:peer|client) )?listener failed\b|)"
      // Vault's "Error initializing listener of type tcp", Nomad's "Error starting agent: server setup failed".
      R"(\berror initiali[sz]ing listener\b|\bserver setup failed\b|)"
      // Caddy loading its sites' certificates and client-auth CAs; Squid's ports.
      R"(\bprovision tls: loading certificates\b|\bconfiguring tls client authentication\b|)"
      R"(\bparsing caddyfile tokens for 'tls'|'https? port [^']+' missing (?:certificate|private key)\b|)"
      // lighttpd's start-up ("Configuration of plugins failed. Going down."), a ClickHouse listener.
      R"(\bconfiguration of plugins failed\b|\blisten \S+ failed: poco::exception\b|)"
      // FreeRADIUS's EAP module instantiating (hostapd's tls_global_* is hostapd_own below).
      R"(\bfailed to set global parameters\b|)"
      R"(\brlm eap tls: failed initiali[sz]ing ssl context\b|)"
      // Java servers starting: Tomcat's connector, Spring Boot's web server, Jetty's SslContextFactory.
      R"(\bfailed to initiali[sz]e component \[connector\b|\bprotocol handler initiali[sz]ation failed\b|)"
      R"(\bunable to start web server\b|\bsslcontextfactory(?:\$server)?\.(?:load|dostart|reload)|\bkeystore reload failed\b|)"
      R"(\b(?:failed to|could not|cannot|unable to) (?:start|create|set ?up|configure|initiali[sz]e)\b.{0,30}\b(?:server|listener)\b|)"
      R"(\bserver[-.](?:pem|crt|cert|key)\b|\bserver[- ](?:cert|key|crt)\.pem\b|)"
      // nginx's and Apache's fatal start-up level ("nginx: [emerg] SSL_CTX_use_certificate(...)
      // failed", "[ssl:emerg] AH02565"): only a server starting prints it.
      R"(\[(?:ssl:)?emerg\]|)"
      // WebSphere Liberty's key store for its inbound TLS (CWPKI0033E ... CWPKI0835E).
      R"(\bcwpki0(?:033e|805e|807w|809w|812e|813e|818e|835e):|)"
      // TLS proxies starting: Traffic Server's main thread, NGINX Unit's [alert] (no colon after the pid,
      // unlike nginx), hitch's files and its core.
      R"(\[ts main\] error:|\[alert\] [0-9]+#[0-9]+ (?:[^*]|$)|\bnxt openssl\b|/etc/hitch/|\{core\} |)"
      // Observability servers starting: an exporter's web configuration (Prometheus, node_exporter),
      // Alertmanager's gossip server config, a Collector receiver, Grafana's HTTP server (a Vector source is
      // a server's log by writer.cpp's signs, which this function already counts).
      R"(\bunable to validate web configuration file\b|\bnode exporter\.go:|\bgossip mesh: tls transport: invalid tls server config\b|)"
      R"(\bfailed to start "[^"]{1,100}" receiver:|service=\*api\.httpserver\b|)"
      // Brokers and databases starting: Artemis's initialisation, Scylla's start-up and CQL server.
      R"(\bamq224000: failure in initiali[sz]ation\b|\binit - startup failed\b|\bcql server - exception loading\b|)"
      // A ZooKeeper server's contexts (its client port's, a quorum peer's) and NiFi's start-up.
      R"(\bcreatenettysslcontextforserver\b|\bo\.a\.z\.s\.q\.|\bquorumcnxmanager\b|\bstart server failed\b|)"
      // Pound's configuration (its listeners' files), Squid's https_port given up.
      R"(\bpound: \S+\.cfg:[0-9]|\bignoring https? port \S+ due to tls context initiali[sz]ation failure\b|)"
      // MinIO's start-up (its certs directory), Couchbase's node files and data service, RGW's frontend.
      R"(\bunable to load the tls configuration: |\bunable to load tls certificate '|/var/lib/couchbase/|)"
      R"(\btls configuration failed: \{"error"|\bfailed to use ssl (?:certificate|private key)=|)"
      // Neo4j starting (its SSL policies), Flink's key manager.
      R"(\bfailed to start neo4j on\b|\bsslpolicyloader\b|\bflink\.runtime\.net\.sslutils\.getkeymanagerfactory\(|)"
      // Tyk's and KrakenD's servers loading their certificates.
      R"(\bserver error: loadkeys: |\[service: (?:gin|http server)\]|)"
      // PgBouncer's listener, 389 Directory Server's start-up, Samba's server TLS parameters.
      R"(\btls setup failed: |\bsecurity initiali[sz]ation - |\btstream tls params server\b|)"
      // Hadoop's key store factory: a daemon's ssl-server.xml, far commoner than a client's key store.
      R"(\bfilebasedkeystoresfactory\.init\b|)"
      // Icinga 2's node files (tlsutility.cpp logs as "critical/SSL:"), Sensu's backend starting.
      R"(\bcritical/ssl: error\b|\berror initiali[sz]ing apid\b|)"
      // cfssl serve's CA for the client certificates it verifies (-mutual-tls-ca).
      R"(\bfailed to load mutual tls ca file\b|)"
      // A Vert.x application deploying its verticles (a server's start: its key and certificate).
      R"(\bfailed in deploying verticle\b|)"
      // Python's own server sockets and contexts (ssl.wrap_socket(..., server_side=True),
      // SSLContext(PROTOCOL_TLS_SERVER), create_default_context(Purpose.CLIENT_AUTH)).
      R"(\bserver side ?= ?true\b|\bprotocol tls server\b|\bpurpose\.client auth\b|)"
      // certbot's files: a server's certificate and key (/etc/letsencrypt/live/NAME/fullchain.pem).
      R"(/etc/letsencrypt/(?:live|archive)/|\bfullchain\.pem\b|)"
      // Traefik's TLS manager loading the entrypoints' certificates.
      R"(\bpkg/tls/tlsmanager\.go:[0-9]+ > unable to parse certificate\b)",
      kb_regex_options());
  static const RE2 client_identity(
      R"(\bclient[-. ]?(?:cert|key|crt)?\.(?:pem|crt|key|p12|pfx)\b|\bclient (?:cert(?:ificate)?|key)\b|\bcurl: \(|--cert\b|)"
      // nginx's and OpenResty's directives for their own client identity towards an upstream.
      R"(\b(?:proxy|grpc|uwsgi|lua) ssl certificate\b|)"
      // Hadoop's ssl-client.xml properties; MaxScale's and PgBouncer's identity toward their backends.
      R"('ssl\.client\.keystore\.|\bunable to initiali[sz]e ssl for server '|\btls connect error: |\btstream tls params client\b)",
      kb_regex_options());
  // hostapd names its own server certificate's loader tls_global_client_cert: a server's, whatever
  // the words "client certificate" after it say.
  static const RE2 hostapd_own(R"(\btls global (?:client cert|private key|ca cert)\b)", kb_regex_options());
  const re2::StringPiece text(normalized.data(), normalized.size());
  if (RE2::PartialMatch(text, hostapd_own)) return true;
  if (RE2::PartialMatch(text, client_identity)) return false;
  return writer == Writer::Server || RE2::PartialMatch(text, server_context);
}

}  // namespace mtlsdoctor::explain::detail
