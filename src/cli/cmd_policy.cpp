// mtls-doctor policy test | lint (export: cmd_policy_export.cpp): decide one certificate against an access policy and
// say why; find what in a policy cannot be what its author meant.
#include "commands.h"
#include "mtlsdoctor/render/policy.h"
#include "password.h"

namespace mtlsdoctor::cli {
namespace {

struct PolicyTestArgs {
  std::string policy, cert, chain, p12, source, sni, at;
  std::vector<std::string> cacert, crl;
  PasswordOptions password;
};

Exit run_test(const PolicyTestArgs& args, const AppContext& ctx) {
  if (args.cert.empty() == args.p12.empty()) {
    return usage_error(ctx, "give the certificate: --cert FILE [--chain FILE] or --p12 FILE");
  }
  policy::TestRequest r;
  r.policy_file = args.policy;
  r.identity = {args.cert, {}, args.chain, args.p12};
  r.cacert = args.cacert;
  r.crl = args.crl;
  if (!args.source.empty()) r.source = args.source;
  if (!args.sni.empty()) r.sni = args.sni;
  r.at = ctx.clock.now();
  if (!args.at.empty()) {
    auto at = core::parse_time(args.at, ctx.clock);
    if (!at) return cannot_run(ctx, at.error());
    r.at = *at;
  }
  auto run = policy::test_files(r, make_password_provider(args.password));
  if (!run) {
    return cannot_run(
        ctx, run.error().error,
        run.error().identity_unreadable ? std::optional(core::FindingId::ClientIdentityUnreadable) : std::nullopt);
  }
  if (ctx.json()) {
    print_json(ctx, render::policy_test_json(*run));
  } else {
    print_text(ctx, render::policy_test_text(*run, ctx.style()));
  }
  return run->report.verdict.outcome == core::Outcome::Ok ? Exit::Ok : Exit::Problem;
}

Exit run_lint(const std::string& file, const AppContext& ctx) {
  auto parsed = policy::load(file);
  if (!parsed) return cannot_run(ctx, parsed.error());
  const auto findings = policy::lint(*parsed);
  if (ctx.json()) {
    print_json(ctx, render::policy_lint_json(*parsed, findings));
  } else {
    print_text(ctx, render::policy_lint_text(*parsed, findings, ctx.style()));
  }
  return findings.empty() ? Exit::Ok : Exit::Problem;
}

}  // namespace

void add_policy_command(CLI::App& app, AppContext& ctx) {
  CLI::App* policy = app.add_subcommand("policy", "Access policies: decide, explain and lint (see docs/policy.md)");
  policy->require_subcommand(1);

  auto t = std::make_shared<PolicyTestArgs>();
  CLI::App* test = policy->add_subcommand(
      "test", "Would the policy allow this certificate? The deciding rule, every rule tried, and near misses.");
  test->add_option("--policy", t->policy, "the policy file (YAML, POLICY.md)")->required();
  test->add_option("--cert", t->cert, "the client certificate (PEM or DER)");
  test->add_option("--chain", t->chain, "intermediates sent with it");
  test->add_option("--p12", t->p12, "PKCS#12 identity instead of --cert");
  test->add_option("--cacert", t->cacert, "verify first against these CAs, as the server would (repeatable)");
  test->add_option("--crl", t->crl, "CRLs for that verification (repeatable)");
  test->add_option("--source", t->source, "the client's address (for `source` rules)");
  test->add_option("--sni", t->sni, "the server name the client asks for (for `sni` rules)");
  test->add_option("--at", t->at, "decide at another time: RFC 3339, a date, or +7d / -12h");
  add_password_flags(*test, t->password);
  add_output_flags(*test, ctx.output);
  test->callback([t, &ctx] { ctx.exit = run_test(*t, ctx); });

  auto file = std::make_shared<std::string>();
  CLI::App* lint = policy->add_subcommand(
      "lint",
      "Rules that never decide, duplicates, overlapping serials, patterns that match everything, "
      "conditions no certificate meets.");
  lint->add_option("policy", *file, "the policy file")->required();
  add_output_flags(*lint, ctx.output);
  lint->callback([file, &ctx] { ctx.exit = run_lint(*file, ctx); });

  add_policy_export_command(*policy, ctx);
}

}  // namespace mtlsdoctor::cli
