// mtls-doctor check: would this identity be accepted by a peer that trusts --cacert?
#include "cmd_check.h"

#include "commands.h"
#include "mtlsdoctor/render/check.h"
#include "mtlsdoctor/render/server_config.h"

namespace mtlsdoctor::cli {

std::expected<chain::CheckRequest, core::Error> check_request(const CheckArgs& args, const core::Clock& clock) {
  const auto usage = [](const char* message) {
    return std::unexpected(core::Error{core::ErrorCategory::Usage, message, {}, {}});
  };
  if (args.role != "client" && args.role != "server") return usage("--role must be client or server");
  if (args.cert.empty() && args.p12.empty()) return usage("give the identity: --cert FILE [--key FILE] or --p12 FILE");
  if (!args.cert.empty() && !args.p12.empty()) return usage("give --cert or --p12, not both");
  if (args.seclevel < 0 || args.seclevel > 5) return usage("--seclevel must be 0 to 5");
  if (args.role == "client" && !args.host.empty())
    return usage("--host goes with --role server (a client certificate's names are not checked)");
  chain::CheckRequest r;
  r.role = args.role == "client" ? chain::Role::Client : chain::Role::Server;
  r.at = clock.now();
  if (!args.at.empty()) {
    auto at = core::parse_time(args.at, clock);
    if (!at) return std::unexpected(at.error());
    r.at = *at;
  }
  r.identity = {args.cert, args.key, args.chain, args.p12};
  r.cacert = args.cacert;
  r.crl = args.crl;
  if (!args.host.empty()) r.host = args.host;
  r.security_level = args.seclevel;
  r.expiry_warning = std::chrono::days{args.warn_days};
  return r;
}

namespace {

// --server-config: the server's own configuration (nginx, Apache httpd, HAProxy) judges the identity.
Exit run_server_config(const CheckArgs& args, const chain::CheckRequest& request, const AppContext& ctx) {
  if (request.role != chain::Role::Client) return usage_error(ctx, "--server-config judges a client identity");
  if (!request.cacert.empty() || !request.crl.empty()) {
    return usage_error(ctx, "--server-config takes the trust and CRLs from the configuration: drop --cacert/--crl");
  }
  servercfg::AuditRequest r{args.server_config, std::nullopt, std::nullopt, "/", request.identity, request.at, {}};
  if (!args.server_name.empty()) r.server_name = args.server_name;
  if (!args.source_address.empty()) r.source = args.source_address;
  if (!args.server_type.empty()) r.type = servercfg::parse_server_type(args.server_type);
  auto run = servercfg::audit_server_config(r, make_password_provider(args.password));
  if (!run) {
    return cannot_run(
        ctx, run.error().error,
        run.error().identity_unreadable ? std::optional(core::FindingId::ClientIdentityUnreadable) : std::nullopt);
  }
  if (ctx.json()) {
    print_json(ctx, render::server_config_json(*run, args.server_config));
  } else {
    print_text(ctx, render::server_config_text(*run, args.server_config, ctx.style()));
  }
  return run->report.verdict.outcome == core::Outcome::Ok ? Exit::Ok : Exit::Problem;
}

}  // namespace

void add_check_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Would this identity be accepted by a peer that trusts --cacert? (offline, from files)");
  cmd->add_option("--role", args->role, "client (judged by a server) or server (judged by a client)")
      ->check(CLI::IsMember({"client", "server"}))
      ->capture_default_str();
  cmd->add_option("--cert", args->cert, "certificate file (PEM or DER; may hold the chain and key too)");
  cmd->add_option("--key", args->key, "private key file (PEM or DER, encrypted or not)");
  cmd->add_option("--chain", args->chain, "intermediates sent with the certificate");
  cmd->add_option("--p12", args->p12, "PKCS#12 identity (.p12/.pfx) instead of --cert/--key");
  cmd->add_option("--cacert", args->cacert, "CA certificates the peer trusts (repeatable)");
  cmd->add_option("--crl", args->crl, "CRL files to check revocation against (repeatable)");
  cmd->add_option("--host", args->host, "server role: the name or IP clients connect to");
  cmd->add_option("--at", args->at, "judge at another time: RFC 3339, a date, or +7d / -12h");
  cmd->add_option("--seclevel", args->seclevel, "OpenSSL security level of the peer")->capture_default_str();
  cmd->add_option("--warn-days", args->warn_days, "warn when a certificate expires within this many days")
      ->capture_default_str();
  cmd->add_option("--server-config", args->server_config,
                  "judge by this nginx, Apache httpd or HAProxy configuration instead of --cacert: its trust, CRL, "
                  "verify depth and access rules, naming the line that refuses");
  cmd->add_option("--server-type", args->server_type,
                  "with --server-config: nginx, apache or haproxy (default: told by the file's content)")
      ->check(CLI::IsMember({"nginx", "apache", "haproxy"}));
  cmd->add_option("--server-name", args->server_name,
                  "with --server-config: the server block, VirtualHost or crt-list line, as SNI picks it");
  cmd->add_option("--source-address", args->source_address,
                  "with --server-config: the client's address, for allow/deny, Require ip, src and $remote_addr");
  add_password_flags(*cmd, args->password);
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] {
    auto request = check_request(*args, ctx.clock);
    if (!request) {
      ctx.exit = cannot_run(ctx, request.error());
      return;
    }
    if (!args->server_config.empty()) {
      ctx.exit = run_server_config(*args, *request, ctx);
      return;
    }
    auto run = chain::check_files(*request, make_password_provider(args->password));
    if (!run) {
      ctx.exit = cannot_run(ctx, run.error().error, run.error().identity_cause());
      return;
    }
    if (ctx.json()) {
      print_json(ctx, render::check_json(*run));
    } else {
      print_text(ctx, render::check_text(*run, ctx.style()));
    }
    ctx.exit = run->result.report.verdict.outcome == core::Outcome::Ok ? Exit::Ok : Exit::Problem;
  });
}

}  // namespace mtlsdoctor::cli
