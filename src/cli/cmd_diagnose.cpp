// mtls-doctor diagnose: connect with the user's identity, record the handshake, and say which
// side rejected and why.
#include "cmd_diagnose.h"

#include <fmt/format.h>

#include <csignal>

#include "commands.h"
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
      render::write_json_line(ctx.io.out, render::target_json(targets[i], *results[i].report, results[i].transcript));
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
  cmd->add_option(
      "target", args->target,
      "host[:port] (443 by default), [v6addr]:port, https://host[:port]/path, postgres://[user@]host[:port][/db] or "
      "smtp://host[:port]");
  cmd->add_option("--targets", args->targets_file,
                  "a file of targets (- for stdin), one per line (# comments): JSON lines out");
  cmd->add_option("--identities", args->identities,
                  "files or directories of certificates+keys (PEM/DER/PKCS#12): rank which the server would accept");
  cmd->add_option("--try", args->try_best, "with --identities: try this many of the best live")->capture_default_str();
  cmd->add_option("--policy", args->policy, "read an access denial against this policy: the rule that denies")
      ->check(CLI::ExistingFile);
  cmd->add_option("--server-config", args->server_config,
                  "read the verdict against this nginx, Apache httpd or HAProxy configuration: the line that refuses")
      ->check(CLI::ExistingFile);
  cmd->add_option("--server-type", args->server_type, "with --server-config: nginx, apache or haproxy")
      ->check(CLI::IsMember({"nginx", "apache", "haproxy"}));
  cmd->add_option("--concurrency", args->concurrency, "probes in flight at once with --targets")->capture_default_str();
  cmd->add_option("--cert", args->cert, "client certificate (may hold the chain and key)");
  cmd->add_option("--key", args->key, "client private key");
  cmd->add_option("--chain", args->chain, "intermediates to send with the certificate");
  cmd->add_option("--p12", args->p12, "PKCS#12 client identity");
  cmd->add_option("--cacert", args->cacert, "CAs to verify the server with (default: the system bundle)");
  cmd->add_option("--crl", args->crl, "CRLs to check the client certificate against (repeatable)");
  cmd->add_option("--servername", args->servername, "SNI and the name the server certificate must hold");
  cmd->add_option("--connect-to", args->connect_to, "connect to HOST:PORT instead, keeping TARGET's name");
  cmd->add_option("--source-address", args->source_address, "local address to connect from");
  cmd->add_flag("--tls1.2", args->tls12, "TLS 1.2 only");
  cmd->add_flag("--tls1.3", args->tls13, "TLS 1.3 only");
  cmd->add_option("--seclevel", args->seclevel, "OpenSSL security level of the client")->capture_default_str();
  cmd->add_option("--timeout", args->timeout, "seconds allowed for each phase (connect, handshake, answer)")
      ->capture_default_str();
  cmd->add_flag("--no-request", args->no_request,
                "send nothing after the handshake (no HTTP request, no STARTTLS protocol exchange)");
  cmd->add_option("--starttls", args->starttls,
                  "speak this protocol before TLS and as the first exchange after it: postgres (SSLRequest, then a "
                  "StartupMessage) or smtp (EHLO, STARTTLS, then EHLO again)")
      ->check(CLI::IsMember({"postgres", "smtp"}));
  cmd->add_option("--pg-user", args->pg_user, "with --starttls postgres: the user the StartupMessage logs in as")
      ->capture_default_str();
  cmd->add_option("--pg-database", args->pg_database,
                  "with --starttls postgres: the database (default: the user's name)");
  add_password_flags(*cmd, args->password);
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] {
    std::signal(SIGPIPE, SIG_IGN);  // a peer that closes first would otherwise kill us on the next write
    ctx.exit = run(*args, ctx);
  });
}

}  // namespace mtlsdoctor::cli
