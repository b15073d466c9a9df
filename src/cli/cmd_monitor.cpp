// mtls-doctor monitor run | history | serve: one sweep of MONITOR.md's configuration (files,
// identities, endpoints) as a table, JSON or a Nagios plugin's answer; the states recorded so far;
// and the monitor as a service (sweeps every interval, /metrics, /probe, the status page).
#include <fmt/format.h>

#include <atomic>
#include <csignal>

#include "commands.h"
#include "mtlsdoctor/exporter/exporter.h"
#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/notify.h"
#include "mtlsdoctor/render/monitor.h"

namespace mtlsdoctor::cli {
namespace {

struct RunArgs {
  std::string config, at;
  bool no_history = false;
};

struct HistoryArgs {
  std::string config, item, since;
};

struct ServeArgs {
  std::string config, listen = "127.0.0.1:9796", web_config;
  std::size_t max_connections = 32, probe_concurrency = 8;
  double probe_timeout = 10;
};

std::atomic<exporter::Exporter*> g_exporter{nullptr};

extern "C" void on_monitor_signal(int) {
  if (exporter::Exporter* e = g_exporter.load()) e->stop();
}

bool nagios(const AppContext& ctx) {
  return ctx.output.format == "nagios";
}

Exit plugin_exit(monitor::State worst) {
  switch (worst) {
    case monitor::State::Ok: return Exit::Ok;
    case monitor::State::Warning: return Exit::Problem;
    case monitor::State::Critical: return Exit::CannotRun;  // 2: CRITICAL in the plugin API
    case monitor::State::Unknown: return Exit::PluginUnknown;
  }
  return Exit::PluginUnknown;
}

Exit run_sweep(const RunArgs& args, const AppContext& ctx) {
  auto config = monitor::load_config(args.config);
  if (!config) return cannot_run(ctx, config.error());
  monitor::SweepOptions options;
  options.at = ctx.clock.now();
  if (!args.at.empty()) {
    auto at = core::parse_time(args.at, ctx.clock);
    if (!at) return cannot_run(ctx, at.error());
    options.at = *at;
  }
  const auto result = monitor::sweep(*config, options);
  if (!args.no_history) {
    auto history = monitor::History::open(config->database);
    if (!history) return cannot_run(ctx, history.error());
    if (auto recorded = history->record(result); !recorded) return cannot_run(ctx, recorded.error());
    // A notice that could not be delivered stays due (the next sweep tries again): said, not fatal.
    auto deliveries = monitor::notify_changes(*history, config->notify, result);
    if (!deliveries) ctx.io.err << fmt::format("mtls-doctor: notifications: {}\n", deliveries.error().describe());
    for (const auto& d : deliveries.value_or(std::vector<monitor::Delivery>{}))
      if (d.error)
        ctx.io.err << fmt::format("mtls-doctor: notification of {} by {} failed: {}\n", render::printable(d.item),
                                  d.channel, render::printable(d.error->describe()));
  }
  if (nagios(ctx)) {
    print_text(ctx, render::monitor_nagios(result));
    return plugin_exit(result.worst());
  }
  if (ctx.json())
    render::write_monitor_json(ctx.out(), result);
  else
    print_text(ctx, render::monitor_text(result, ctx.style()));
  return result.worst() == monitor::State::Ok ? Exit::Ok : Exit::Problem;
}

Exit run_history(const HistoryArgs& args, const AppContext& ctx) {
  auto config = monitor::load_config(args.config);
  if (!config) return cannot_run(ctx, config.error());
  monitor::HistoryQuery query;
  if (!args.item.empty()) query.item = args.item;
  if (!args.since.empty()) {
    auto since = core::parse_time(args.since, ctx.clock);
    if (!since) return cannot_run(ctx, since.error());
    query.since = *since;
  }
  std::error_code ec;
  if (!std::filesystem::exists(config->database, ec))
    return cannot_run(
        ctx, core::Error{
                 core::ErrorCategory::Io, "no history yet (monitor run records one)", config->database.string(), {}});
  auto history = monitor::History::open(config->database);
  if (!history) return cannot_run(ctx, history.error());
  auto rows = history->rows(query);
  if (!rows) return cannot_run(ctx, rows.error());
  if (ctx.json())
    print_json(ctx, render::history_json(*rows));
  else
    print_text(ctx, render::history_text(*rows, ctx.style()));
  return Exit::Ok;
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

void add_monitor_command(CLI::App& app, AppContext& ctx) {
  CLI::App* mon = app.add_subcommand("monitor", "Watch certificates, identities and endpoints (see docs/monitor.md)");
  mon->require_subcommand(1);

  auto r = std::make_shared<RunArgs>();
  CLI::App* run = mon->add_subcommand(
      "run",
      "One sweep of the configuration: every certificate, identity and endpoint, worst first.\n"
      "Exit codes: 0 all ok, 1 something is not ok, 2 could not run; with --format nagios the plugin "
      "API: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
  run->add_option("--config", r->config, "the monitor configuration (YAML, MONITOR.md)")->required();
  run->add_option("--at", r->at, "judge at another time: RFC 3339, a date, or +7d / -12h");
  run->add_flag("--no-history", r->no_history, "do not record the sweep in the configuration's database");
  run->add_option("--format", ctx.output.format, "text, json or nagios (the monitoring-plugins API)")
      ->transform(CLI::IsMember({"text", "json", "nagios"}, CLI::ignore_case))
      ->each([&ctx](const std::string&) { ctx.output.format_given = true; })
      ->capture_default_str();
  run->add_flag("--no-color", ctx.output.no_color, "no colour even on a terminal (NO_COLOR is honoured too)");
  run->callback([r, &ctx] { ctx.exit = run_sweep(*r, ctx); });

  auto h = std::make_shared<HistoryArgs>();
  CLI::App* history = mon->add_subcommand(
      "history", "The states recorded by earlier sweeps, oldest first.\nExit codes: 0 shown, 2 could not run.");
  history->add_option("--config", h->config, "the monitor configuration (its database)")->required();
  history->add_option("--item", h->item, "only this item (its name)");
  history->add_option("--since", h->since, "only sweeps at or after: RFC 3339, a date, or -7d");
  add_output_flags(*history, ctx.output);
  history->callback([h, &ctx] { ctx.exit = run_history(*h, ctx); });

  auto sv = std::make_shared<ServeArgs>();
  CLI::App* serve = mon->add_subcommand(
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
