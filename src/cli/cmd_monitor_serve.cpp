// mtls-doctor monitor serve: the monitor as a service (sweeps every interval, /metrics, /probe,
// the status page), until SIGTERM or SIGINT.
#include <fmt/format.h>

#include <atomic>
#include <csignal>

#include "commands.h"
#include "mtlsdoctor/exporter/exporter.h"
#include "mtlsdoctor/monitor/config.h"

namespace mtlsdoctor::cli {
namespace {

struct ServeArgs {
  std::string config, listen = "127.0.0.1:9796", web_config;
  std::size_t max_connections = 32, probe_concurrency = 8;
  double probe_timeout = 10;
};

std::atomic<exporter::Exporter*> g_exporter{nullptr};

extern "C" void on_monitor_signal(int) {
  if (exporter::Exporter* e = g_exporter.load()) e->stop();
}

Exit run_serve(const ServeArgs& args, const AppContext& ctx) {
  const auto listen = parse_listen(args.listen);
  if (!listen)
    return usage_error(ctx,
                       fmt::format("--listen wants ADDR:PORT (127.0.0.1:9796, [::1]:9796), not '{}'", args.listen));
  if (!(args.probe_timeout > 0)) return usage_error(ctx, "--probe-timeout wants a number of seconds above 0");
  auto config = monitor::load_config(args.config);
  if (!config) return cannot_run(ctx, config.error());
  exporter::ExporterOptions o;
  o.address = listen->first;
  o.port = listen->second;
  o.max_connections = std::max<std::size_t>(1, args.max_connections);
  o.probe_concurrency = std::max<std::size_t>(1, args.probe_concurrency);
  o.probe_timeout = std::chrono::milliseconds(static_cast<long>(args.probe_timeout * 1000));
  if (!args.web_config.empty()) o.web_config = args.web_config;
  std::ostream& err = ctx.io.err;
  const auto say = [&err, &ctx](std::string_view line) {
    err << core::format_rfc3339(ctx.clock.now()) << " monitor serve: " << render::printable(line) << '\n' << std::flush;
  };
  o.sweeps.events = say;
  auto started = exporter::Exporter::start(std::move(*config), std::move(o), say);
  if (!started) return cannot_run(ctx, started.error());
  g_exporter = started->get();
  struct sigaction sa {};
  sa.sa_handler = on_monitor_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT}) sigaction(sig, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  (*started)->run();
  g_exporter = nullptr;
  return Exit::Ok;
}

}  // namespace

void add_monitor_serve_command(CLI::App& mon, AppContext& ctx) {
  auto sv = std::make_shared<ServeArgs>();
  CLI::App* serve = mon.add_subcommand(
      "serve",
      "Sweep every interval, record the history, and serve /metrics, /probe?target=, /api/status and a status page "
      "over HTTP.\nExit codes: 0 stopped by SIGTERM/SIGINT, 2 could not start.");
  serve->add_option("--config", sv->config, "the monitor configuration (YAML, MONITOR.md)")->required();
  serve->add_option("--listen", sv->listen, "ADDR:PORT to serve HTTP on (default 127.0.0.1:9796; 0 as port: any free)");
  serve->add_option("--max-connections", sv->max_connections, "HTTP connections served at once (32)");
  serve->add_option("--probe-concurrency", sv->probe_concurrency,
                    "/probe requests in flight at most; more get 503 (8)");
  serve->add_option("--probe-timeout", sv->probe_timeout,
                    "seconds per phase of a /probe (10; Prometheus's scrape timeout lowers it)");
  serve->add_option("--web-config,--web.config.file", sv->web_config,
                    "TLS, client-certificate and basic-auth settings for this HTTP side, in the Prometheus "
                    "exporter-toolkit format (tls_server_config, basic_auth_users; docs/monitor.md)");
  serve->callback([sv, &ctx] { ctx.exit = run_serve(*sv, ctx); });
}

}  // namespace mtlsdoctor::cli
