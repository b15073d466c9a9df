// mtls-doctor inspect: what is in these files? What `openssl x509 -text` should have been.
#include <algorithm>
#include <filesystem>

#include "commands.h"
#include "mtlsdoctor/chain/inventory_findings.h"
#include "mtlsdoctor/render/inventory.h"
#include "password.h"

namespace mtlsdoctor::cli {
namespace {

struct InspectArgs {
  std::vector<std::string> inputs;
  std::string at;
  int warn_days = 30;
  PasswordOptions password;
};

Exit run_inspect(const InspectArgs& args, const AppContext& ctx) {
  core::TimePoint at = ctx.clock.now();
  if (!args.at.empty()) {
    auto parsed = core::parse_time(args.at, ctx.clock);
    if (!parsed) return cannot_run(ctx, parsed.error());
    at = *parsed;
  }
  const std::vector<std::filesystem::path> inputs(args.inputs.begin(), args.inputs.end());
  auto inv = x509::build_inventory(inputs, make_password_provider(args.password));
  if (!inv) return cannot_run(ctx, inv.error());
  const auto findings = chain::inventory_findings(*inv, at, args.warn_days);
  if (ctx.json()) {
    render::write_inventory_json(ctx.out(), *inv, findings, at);
  } else {
    print_text(ctx, render::inventory_text(*inv, findings, at, args.warn_days, ctx.style()));
  }
  const bool problem = std::any_of(findings.begin(), findings.end(),
                                   [](const core::Finding& f) { return f.severity == core::Severity::Error; });
  return problem ? Exit::Problem : Exit::Ok;
}

}  // namespace

void add_inspect_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Show every certificate, key, CRL and PKCS#12 in files or directories");
  cmd->add_option("inputs", args->inputs, "files or directories")->required();
  cmd->add_option("--at", args->at, "judge validity at another time: RFC 3339, a date, or +7d");
  cmd->add_option("--warn-days", args->warn_days, "highlight certificates expiring within this many days")
      ->capture_default_str();
  add_password_flags(*cmd, args->password);
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] { ctx.exit = run_inspect(*args, ctx); });
}

}  // namespace mtlsdoctor::cli
