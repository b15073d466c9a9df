// mtls-doctor monitor run | history: one sweep of MONITOR.md's configuration (files, identities,
// endpoints) as a table, JSON or a Nagios plugin's answer; the states recorded so far. `monitor
// serve` is in cmd_monitor_serve.cpp.
#include <fmt/format.h>

#include <optional>

#include "commands.h"
#include "held_output.h"
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
  // The JSON is written item by item as the sweep judges them: straight out without a history;
  // with one, held until the sweep is recorded (HeldOutput: nothing is printed if that fails), or,
  // where no temporary file can be made, kept as whole items. The history,
  // notifications, table and plugin's answer read only condensed items; with the JSON held and
  // no notification to send, only what the history records is kept of each item.
  const bool json_format = ctx.json() && !nagios(ctx);
  monitor::SweepResult result;
  result.checked_at = options.at;
  std::optional<HeldOutput> held;
  std::optional<render::MonitorJsonStream> json;
  if (json_format && args.no_history) json.emplace(ctx.out(), options.at);
  if (json_format && !args.no_history)
    if (auto h = HeldOutput::make(ctx.out(), ctx.output.quiet ? -1 : ctx.io.out_fd)) {
      held.emplace(std::move(*h));
      json.emplace(held->stream(), options.at);
    }
  // Nothing of the sweep is printed when it cannot be recorded: what was written goes.
  const auto unrecorded = [&](const core::Error& error) {
    json.reset();
    held.reset();
    return cannot_run(ctx, error);
  };
  const bool brief = held.has_value() && !config->notify.any();
  std::vector<monitor::Recorded> briefs;
  monitor::State worst = monitor::State::Ok;
  const auto add = [&](monitor::Item&& item) {
    if (monitor::badness(item.state) > monitor::badness(worst)) worst = item.state;
    if (json) json->add(item);
    if (json && args.no_history) return;
    if (brief)
      briefs.push_back(monitor::recorded(item));
    else
      result.items.push_back(json_format && !json ? std::move(item) : monitor::condensed(std::move(item)));
  };
  monitor::sweep(*config, options, add, [&](std::size_t n) {
    if (brief) briefs.reserve(briefs.size() + n);
    if (!brief && (!json || !args.no_history)) result.items.reserve(result.items.size() + n);
  });
  if (!args.no_history) {
    auto history = monitor::History::open(config->database);
    if (!history) return unrecorded(history.error());
    auto recorded = brief ? history->record(options.at, briefs) : history->record(result);
    if (!recorded) return unrecorded(recorded.error());
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
    return plugin_exit(worst);
  }
  if (json) {
    json->end();
    if (held && !held->keep(ctx.out()))
      return cannot_run(
          ctx, core::Error{
                   core::ErrorCategory::Io, "the sweep's JSON could not be held in a temporary file", "tmpfile", {}});
  } else if (json_format)
    render::write_monitor_json(ctx.out(), result);
  else
    print_text(ctx, render::monitor_text(result, ctx.style()));
  return worst == monitor::State::Ok ? Exit::Ok : Exit::Problem;
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

  add_monitor_serve_command(*mon, ctx);
}

}  // namespace mtlsdoctor::cli
