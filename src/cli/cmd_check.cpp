// mtls-doctor check: would this identity be accepted by a peer that trusts --cacert?
#include <fmt/format.h>

#include "check_run.h"
#include "commands.h"
#include "mtlsdoctor/render/report.h"
#include "mtlsdoctor/x509/facts_json.h"

namespace mtlsdoctor::cli {
namespace {

nlohmann::ordered_json path_json(const CheckRun& run) {
  nlohmann::ordered_json path = nlohmann::ordered_json::array();
  for (std::size_t depth = 0; depth < run.result.path.size(); ++depth) {
    const auto& entry = run.result.path[depth];
    const auto& f = entry.cert.facts();
    nlohmann::ordered_json j;
    j["depth"] = depth;
    j["subject"] = f.subject.rfc4514;
    j["issuer"] = f.issuer.rfc4514;
    j["serial"] = f.serial_hex;
    j["not_after"] = core::format_rfc3339(f.not_after);
    j["status"] = x509::to_string(x509::validity_at(f, run.at));
    j["source"] = depth == 0 ? "leaf" : entry.anchor ? "trust-anchor" : "offered";
    j["sha256"] = f.sha256_fingerprint;
    path.push_back(std::move(j));
  }
  return path;
}

std::string path_text(const CheckRun& run, const render::Style& style) {
  render::Table table;
  for (std::size_t depth = 0; depth < run.result.path.size(); ++depth) {
    const auto& entry = run.result.path[depth];
    const auto& f = entry.cert.facts();
    const auto validity = x509::validity_at(f, run.at);
    const long days = core::days_between(run.at, f.not_after);
    std::string when = validity == x509::Validity::Valid ? fmt::format("{} days left", days)
                       : validity == x509::Validity::Expired ? fmt::format("expired {} days ago", core::days_between(f.not_after, run.at))
                                                             : "not yet valid";
    const auto color = validity != x509::Validity::Valid ? render::Color::Red
                       : days < 30                       ? render::Color::Yellow
                                                         : render::Color::None;
    table.add_row({std::to_string(depth), f.subject.rfc4514,
                   depth == 0 ? "leaf" : entry.anchor ? "trust anchor" : "offered", std::move(when)},
                  {render::Color::None, render::Color::None, render::Color::Dim, color});
  }
  const bool reached = run.result.trusted;
  std::string out = "\nPath";
  if (!run.result.path.empty() && !reached) {
    out += fmt::format(" (incomplete: ends at {})", run.result.path.back().cert.facts().issuer.rfc4514);
  }
  return out + "\n" + table.render(style, "  ");
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
  cmd->add_option("--password-file", args->password.file, "file whose first line is the password");
  cmd->add_option("--password-env", args->password.env_name, "environment variable holding the password")
      ->capture_default_str();
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] {
    auto run = run_check(*args, ctx.clock);
    if (!run) {
      const auto unreadable = run.error().role == chain::Role::Client ? core::FindingId::ClientIdentityUnreadable
                                                                       : core::FindingId::ServerIdentityUnreadable;
      ctx.exit = cannot_run(ctx.output, run.error().error,
                            run.error().identity_unreadable ? std::optional(unreadable) : std::nullopt);
      return;
    }
    const auto& report = run->result.report;
    if (ctx.output.parsed() == Format::Json) {
      auto j = render::report_json(report);
      j["role"] = chain::to_string(run->role);
      j["checked_at"] = core::format_rfc3339(run->at);
      j["path"] = path_json(*run);
      print_json(j);
    } else {
      const auto style = ctx.output.style();
      print_text(render::report_text(report, style) + path_text(*run, style));
    }
    ctx.exit = report.verdict.outcome == core::Outcome::Ok ? Exit::Ok : Exit::Problem;
  });
}

}  // namespace mtlsdoctor::cli
