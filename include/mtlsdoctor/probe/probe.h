// The probe: connect, handshake with the user's identity, send one request, read the answer,
// and record everything. Non-blocking OpenSSL on a poll() event loop, so many targets run at
// once (run_probes); every phase has a deadline and every read a bound. The client state machine
// on top of the tls (contexts, observer), net (loop, resolver, clock) and wire (codecs) modules.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/probe/proxy.h"
#include "mtlsdoctor/probe/target.h"
#include "mtlsdoctor/probe/transcript.h"
#include "mtlsdoctor/tls/version.h"

struct evp_pkey_st;

namespace mtlsdoctor::probe {

using TlsVersion = tls::TlsVersion;

struct Credentials {
  std::vector<std::vector<std::uint8_t>> chain;  // DER: the leaf, then what is sent with it
  evp_pkey_st* key = nullptr;                    // borrowed
};

// The first exchange after the handshake, which catches a TLS 1.3 rejection (the server judges
// the client certificate after the client has finished) and the service's own answer.
enum class Application {
  Http,      // GET the target's path, read the status line and headers
  Postgres,  // StartupMessage, read up to the first decisive message (R, E, Z)
  Smtp,      // EHLO again over TLS (RFC 3207 §4.2), read the reply
  None,      // send nothing, wait briefly for an alert
};

// The first exchange that fits a protocol: its own after STARTTLS, HTTP after plain TLS.
[[nodiscard]] constexpr Application first_exchange(StartTls protocol) noexcept {
  switch (protocol) {
    case StartTls::Postgres: return Application::Postgres;
    case StartTls::Smtp: return Application::Smtp;
    case StartTls::None: break;
  }
  return Application::Http;
}

struct ProbeOptions {
  std::optional<Target> connect_to;  // connect here instead, keep the target's name for SNI/Host
  std::optional<Proxy> proxy;        // tunnel through this HTTP proxy (CONNECT to connect_to or the target)
  std::string source_address;
  std::string servername;  // SNI; default: the target host unless it is an IP literal
  TlsVersion version = TlsVersion::Any;
  int security_level = 2;
  std::chrono::milliseconds timeout{10000};  // per phase: connect, handshake, response
  std::size_t max_response_bytes = 64 * 1024;
  std::size_t max_handshake_bytes = 256 * 1024;  // bound on what the server may send before Finished
  StartTls starttls = StartTls::None;            // a clear-text exchange before TLS
  Application application = Application::Http;
  std::string pg_user = "mtls-doctor";         // the StartupMessage's user
  std::string pg_database;                     // its database; empty: the user's name, as libpq does
  std::string http_method = "GET";             // the HTTP exchange's method (a token, wire::parse_method)
  std::vector<wire::HttpHeader> http_headers;  // added to it (checked by wire::parse_header_field)
  // ALPN protocols offered, in preference order (RFC 7301); empty: no ALPN extension. When the
  // server picks one that is not http/1.1 (h2), no HTTP/1.1 request is sent.
  std::vector<std::string> alpn;
  // Offer TLS 1.3 post-handshake client authentication (RFC 8446 §4.2.6), as curl does: a server
  // may then ask for the certificate after the handshake (Apache's SSLVerifyClient in a <Location>).
  bool post_handshake_auth = false;
};

struct Probe {
  Target target;
  ProbeOptions options;
  std::optional<Credentials> credentials;
};

// Local failures (bad options, credentials OpenSSL refuses) are errors; anything the network
// or the peer does is recorded in the transcript.
[[nodiscard]] core::Result<Transcript> run_probe(const Probe& probe);

// Called after each probe finishes: (finished so far, total).
using Progress = std::function<void(std::size_t, std::size_t)>;

// Many at once, at most `concurrency` in flight; results in input order.
[[nodiscard]] std::vector<core::Result<Transcript>> run_probes(const std::vector<Probe>& probes,
                                                               std::size_t concurrency, const Progress& progress = {});

}  // namespace mtlsdoctor::probe
