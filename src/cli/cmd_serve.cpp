// mtls-doctor serve: an mTLS test endpoint and enforcer. Flags → ServeOptions, signals → the
// server's stop/reload, event lines → stderr.
#include <fmt/format.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <mutex>

#include "commands.h"
#include "mtlsdoctor/server/serve.h"

namespace mtlsdoctor::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8443", cert, key, chain, p12, policy, deny_with = "alert", decision_log, upstream,
              upstream_http, metrics_listen;
  std::vector<std::string> client_ca, crl;
  bool tls12 = false, tls13 = false;
  std::size_t max_connections = 1024, keepalive_requests = 1000;
  unsigned workers = 0;
  double handshake_timeout = 10, watch_interval = 1;
};

std::atomic<server::Server*> g_server{nullptr};

extern "C" void on_signal(int sig) {
  server::Server* s = g_server.load();
  if (!s) return;
  if (sig == SIGHUP) {
    s->reload();
  } else {
    s->stop();
  }
}

Exit run_serve(const ServeArgs& a, const AppContext& ctx) {
  if (a.cert.empty() == a.p12.empty())
    return usage_error(ctx, "give the server's identity: --cert FILE --key FILE or --p12 FILE");
  if (a.client_ca.empty()) return usage_error(ctx, "--client-ca is required: the CAs that issue client certificates");
  if (a.tls12 && a.tls13) return usage_error(ctx, "--tls1.2 and --tls1.3 exclude each other");
  const auto listen = parse_listen(a.listen);
  if (!listen)
    return usage_error(ctx, fmt::format("--listen wants ADDR:PORT (127.0.0.1:8443, [::1]:8443), not '{}'", a.listen));
  server::ServeOptions o;
  o.address = listen->first;
  o.port = listen->second;
  o.identity = {a.cert, a.key, a.chain, a.p12};
  o.client_ca = a.client_ca;
  o.crl = a.crl;
  if (!a.policy.empty()) o.policy_file = a.policy;
  o.deny_with = a.deny_with == "http" ? server::DenyWith::Http : server::DenyWith::Alert;
  if (!a.decision_log.empty()) o.decision_log = a.decision_log;
  if (!a.upstream.empty()) o.upstream = a.upstream;
  if (!a.metrics_listen.empty()) {
    const auto m = parse_listen(a.metrics_listen);
    if (!m) return usage_error(ctx, fmt::format("--metrics-listen wants ADDR:PORT, not '{}'", a.metrics_listen));
    o.metrics_address = m->first;
    o.metrics_port = m->second;
  }
  if (!a.upstream_http.empty()) o.upstream_http = a.upstream_http;
  o.versions = a.tls12 ? server::Versions::Tls12Only : a.tls13 ? server::Versions::Tls13Only : server::Versions::Both;
  o.max_connections = std::max<std::size_t>(1, a.max_connections);
  o.workers = a.workers;
  o.handshake_timeout = std::chrono::milliseconds(static_cast<long>(a.handshake_timeout * 1000));
  o.keepalive_requests = a.keepalive_requests;
  o.watch_interval = std::chrono::milliseconds(static_cast<long>(a.watch_interval * 1000));

  std::ostream& err = ctx.io.err;
  std::mutex err_mutex;  // the workers' event lines, one at a time
  auto started = server::Server::start(std::move(o), [&err, &err_mutex, &ctx](std::string_view line) {
    const std::string stamped = fmt::format("{} serve: {}\n", core::format_rfc3339(ctx.clock.now()), line);
    const std::lock_guard lock(err_mutex);
    err << stamped << std::flush;
  });
  if (!started) return cannot_run(ctx, started.error());
  g_server = started->get();
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGHUP, SIGTERM, SIGINT}) sigaction(sig, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  (*started)->run();
  g_server = nullptr;
  return Exit::Ok;
}

}  // namespace

std::optional<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view text) {
  std::string_view host = "0.0.0.0", port = text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535 || host.empty()) return std::nullopt;
  return std::pair{std::string(host), static_cast<std::uint16_t>(value)};
}

void add_serve_command(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "An mTLS server that enforces a policy and refuses with the alert that names the fault (see docs/serve.md)");
  cmd->add_option("--listen", a->listen, "ADDR:PORT to listen on (default 127.0.0.1:8443; 0 as port: any free)");
  cmd->add_option("--cert", a->cert, "the server's certificate (PEM/DER; may hold the chain and key)");
  cmd->add_option("--key", a->key, "the server's private key");
  cmd->add_option("--chain", a->chain, "intermediates sent with the server's certificate");
  cmd->add_option("--p12", a->p12, "the server's identity as PKCS#12 (no password)");
  cmd->add_option("--client-ca", a->client_ca, "CAs that issue client certificates (repeatable); their names are sent");
  cmd->add_option("--crl", a->crl, "CRLs checked for every certificate of the client's chain (repeatable)");
  cmd->add_option("--policy", a->policy, "access policy (POLICY.md) applied to verified certificates");
  cmd->add_option("--deny-with", a->deny_with, "alert: fail the handshake with the fault's alert; http: answer 403")
      ->check(CLI::IsMember({"alert", "http"}));
  cmd->add_option("--upstream", a->upstream, "HOST:PORT: relay allowed clients' bytes there (TCP)");
  cmd->add_option("--upstream-http", a->upstream_http,
                  "http://HOST:PORT: forward each allowed request there with X-Forwarded-Client-Cert");
  cmd->add_option("--metrics-listen", a->metrics_listen, "ADDR:PORT for Prometheus's GET /metrics (plain HTTP)");
  cmd->add_option("--decision-log", a->decision_log, "one JSON line per connection decided (FILE, or - for stdout)");
  cmd->add_flag("--tls1.2", a->tls12, "TLS 1.2 only");
  cmd->add_flag("--tls1.3", a->tls13, "TLS 1.3 only");
  cmd->add_option("--max-connections", a->max_connections, "open connections at most, over all workers (default 1024)");
  cmd->add_option("--workers", a->workers, "threads serving connections (default 0: one per CPU)");
  cmd->add_option("--handshake-timeout", a->handshake_timeout, "seconds a client has to finish its handshake (10)");
  cmd->add_option("--keepalive-requests", a->keepalive_requests,
                  "HTTP requests one connection may carry (default 1000; 1: close after each response)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--watch-interval", a->watch_interval,
                  "seconds between checks of the files for changes (1; 0: only SIGHUP)");
  cmd->callback([a, &ctx] { ctx.exit = run_serve(*a, ctx); });
}

}  // namespace mtlsdoctor::cli
