// mtls-doctor diagnose: connect with the user's identity, record the handshake, and say which
// side rejected and why.
#include "cmd_diagnose.h"

#include <fmt/format.h>

#include <csignal>

#include "commands.h"
#include "files_out.h"
#include "mtlsdoctor/core/shell_quote.h"
#include "mtlsdoctor/diagnose/session.h"
#include "mtlsdoctor/probe/target_file.h"
#include "mtlsdoctor/render/diagnose.h"
#include "mtlsdoctor/render/json_writer.h"
#include "password.h"

namespace mtlsdoctor::cli {
namespace {

bool success(const core::Report& r) {
  return core::is_success(r.verdict.cause);
}

// --targets: JSON lines (input order), or a table with a progress bar on a terminal.
Exit run_many(const AppContext& ctx, const DiagnoseArgs& args, const diagnose::Prepared& p,
              const std::vector<probe::Target>& targets) {
  probe::Progress progress;
  if (ctx.io.err_tty)
    progress = [&ctx](std::size_t done, std::size_t total) {
      ctx.io.err << render::progress_bar(done, total) << std::flush;
    };
  const auto results =
      diagnose::run_targets(p, targets, static_cast<std::size_t>(std::max(args.concurrency, 1)), ctx.clock, progress);
  // A table on a terminal, JSON lines for a pipe, unless --format says which.
  const bool table = !ctx.json() && (ctx.io.out_tty || ctx.output.format_given);
  bool all_ok = true;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].report) return cannot_run(ctx, results[i].report.error());
    all_ok = all_ok && success(*results[i].report);
    if (!table)
      render::write_json_line(ctx.out(), render::target_json(targets[i], *results[i].report, results[i].transcript));
  }
  if (table) print_text(ctx, render::targets_text(targets, results, ctx.style()));
  return all_ok ? Exit::Ok : Exit::Problem;
}

Exit run_identities(const AppContext& ctx, const DiagnoseArgs& args, const diagnose::Prepared& p,
                    const probe::Target& target) {
  auto ranking = diagnose::rank_identities(p, target, args.identities, args.try_best,
                                           make_password_provider(args.password), ctx.clock);
  if (!ranking) return cannot_run(ctx, ranking.error());
  if (ranking->unreachable) {
    if (ctx.json())
      print_json(ctx, render::diagnose_json(*ranking->unreachable, &ranking->first));
    else
      print_text(ctx, render::diagnose_text(*ranking->unreachable, &ranking->first, ctx.style()));
    return success(*ranking->unreachable) ? Exit::Ok : Exit::Problem;
  }
  if (ctx.json())
    print_json(ctx, render::identities_json(target, *ranking));
  else
    print_text(ctx, render::identities_text(target, *ranking, ctx.style()));
  return ranking->accepted() ? Exit::Ok : Exit::Problem;
}

Exit run(const DiagnoseArgs& args, const AppContext& ctx) {
  if (args.target.empty() == args.targets_file.empty()) return usage_error(ctx, "give one TARGET or --targets FILE");
  std::vector<probe::Target> targets;
  if (!args.targets_file.empty()) {
    auto read = probe::read_target_file(args.targets_file);
    if (!read) return cannot_run(ctx, read.error());
    targets = std::move(*read);
  } else {
    auto target = probe::parse_target(args.target);
    if (!target) return cannot_run(ctx, target.error());
    targets.push_back(std::move(*target));
  }
  for (const auto& t : targets) {
    if (t.starttls != probe::StartTls::None && !args.starttls.empty() && args.starttls != to_string(t.starttls)) {
      return usage_error(
          ctx, fmt::format("--starttls {} contradicts the {}:// target", args.starttls, to_string(t.starttls)));
    }
  }
  auto request = request_from(args);
  if (!request) return cannot_run(ctx, request.error());
  auto prepared = diagnose::prepare(*request, make_password_provider(args.password));
  if (!prepared) {
    const auto& failure = prepared.error();
    return cannot_run(
        ctx, failure.error,
        failure.identity_unreadable ? std::optional(core::FindingId::ClientIdentityUnreadable) : std::nullopt);
  }
  if (targets.size() == 1) prepared->options = diagnose::options_for(*prepared, targets.front());
  if (!args.save_chain.empty() && (targets.size() != 1 || !args.identities.empty()))
    return usage_error(ctx, "--save-chain takes one TARGET (without --identities)");
  if (!args.identities.empty()) {
    if (targets.size() != 1) return usage_error(ctx, "--identities takes one TARGET");
    return run_identities(ctx, args, *prepared, targets.front());
  }
  if (!args.targets_file.empty()) return run_many(ctx, args, *prepared, targets);

  std::optional<probe::Transcript> transcript;
  auto report = prepared->refused ? core::Result<core::Report>(*prepared->refused) : core::Result<core::Report>();
  if (!prepared->refused) {
    auto probed = probe::run_probe(probe::Probe{targets.front(), prepared->options, prepared->credentials});
    report = diagnose::judge(*prepared, targets.front(), probed, ctx.clock.now());
    if (probed) transcript = std::move(*probed);
  }
  if (!report) return cannot_run(ctx, report.error());
  for (auto apply : {apply_policy, apply_server_config}) {
    if (auto applied = apply(args, *prepared, *report, ctx.clock.now()); !applied)
      return cannot_run(ctx, applied.error());
  }
  const probe::Transcript* t = transcript ? &*transcript : nullptr;
  if (!args.save_chain.empty()) {
    if (t && !t->server_chain.empty()) {
      if (auto saved = write_whole_file(args.save_chain, pem_certificates(t->server_chain)); !saved)
        return cannot_run(ctx, saved.error());
    } else {
      ctx.io.err << fmt::format("mtls-doctor: the server sent no certificate: {} not written\n",
                                core::shell_quote(args.save_chain));
    }
  }
  if (ctx.json())
    print_json(ctx, render::diagnose_json(*report, t));
  else
    print_text(ctx, render::diagnose_text(*report, t, ctx.style()));
  return success(*report) ? Exit::Ok : Exit::Problem;
}

}  // namespace

void add_diagnose_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<DiagnoseArgs>();
  CLI::App* cmd =
      app.add_subcommand("diagnose", "Connect with your client identity and say which side rejects and why");
  add_diagnose_flags(*cmd, *args);
  add_password_flags(*cmd, args->password);
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] {
    std::signal(SIGPIPE, SIG_IGN);  // a peer that closes first would otherwise kill us on the next write
    ctx.exit = run(*args, ctx);
  });
}

}  // namespace mtlsdoctor::cli
