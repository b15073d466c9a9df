// mtls-doctor lab: a test PKI with every fault, and a replay of any manifest through `check`.
#include <algorithm>

#include "cmd_check.h"
#include "commands.h"
#include "mtlsdoctor/lab/lab.h"
#include "mtlsdoctor/render/lab.h"

namespace mtlsdoctor::cli {
namespace {

render::ReplayRow replay(const std::filesystem::path& dir, const lab::ManifestEntry& e, const core::Clock& clock) {
  const auto file = [&](const std::optional<std::string>& v) { return v ? (dir / *v).string() : std::string(); };
  CheckArgs args;
  args.role = e.role;
  args.cert = file(e.cert);
  args.key = file(e.key);
  args.chain = file(e.chain);
  args.p12 = file(e.p12);
  args.password.file = file(e.password_file);
  if (e.cacert) args.cacert.push_back(file(e.cacert));
  if (e.crl) args.crl.push_back(file(e.crl));
  args.host = e.host.value_or("");
  render::ReplayRow r{e.name, e.role, e.expected_cause, e.expected_rejected_by, {}, {}, {}, false};
  auto request = check_request(args, clock);
  auto run = request ? chain::check_files(*request, make_password_provider(args.password))
                     : std::unexpected(chain::CheckFailure{request.error(), false, chain::Role::Client});
  if (!run) {
    r.error = run.error().error.describe();
    if (const auto cause = run.error().identity_cause()) {
      r.cause = std::string(slug(*cause));
      r.side = "local";
    }
  } else {
    r.cause = std::string(slug(run->result.report.verdict.cause));
    r.side = std::string(to_string(run->result.report.verdict.rejected_by));
  }
  // An entry without an expected verdict, or that could not be checked, never counts as a match.
  r.match = !r.cause.empty() && !r.expected_cause.empty() && r.cause == r.expected_cause && r.side == r.expected_side;
  return r;
}

void add_create(CLI::App& lab, AppContext& ctx) {
  auto dir = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  CLI::App* cmd = lab.add_subcommand("create", "Write a test PKI with every fault, and manifest.json, into DIR");
  cmd->add_option("dir", *dir, "a new or empty directory")->required();
  cmd->add_flag("--force", *force, "write into a directory that is not empty, replacing the lab's files");
  add_output_flags(*cmd, ctx.output);
  cmd->callback([dir, force, &ctx] {
    auto made = lab::create(*dir, ctx.clock, *force ? lab::Existing::Overwrite : lab::Existing::Refuse);
    if (!made) {
      auto error = made.error();
      if (error.category == core::ErrorCategory::Usage) error.message += " (--force writes into it anyway)";
      ctx.exit = cannot_run(ctx, error);
      return;
    }
    if (ctx.json()) {
      print_json(ctx, lab::to_json(*made));
    } else {
      print_text(ctx, render::lab_created_text(*made, *dir));
    }
    ctx.exit = Exit::Ok;
  });
}

void add_verify(CLI::App& lab, AppContext& ctx) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = lab.add_subcommand(
      "verify", "Run `check` on every identity of DIR/manifest.json and compare with the expected verdicts");
  cmd->add_option("dir", *dir, "directory holding manifest.json")->required();
  add_output_flags(*cmd, ctx.output);
  cmd->callback([dir, &ctx] {
    auto manifest = lab::read_manifest(*dir);
    if (!manifest) {
      ctx.exit = cannot_run(ctx, manifest.error());
      return;
    }
    std::vector<render::ReplayRow> rows;
    for (const auto& e : manifest->identities) rows.push_back(replay(*dir, e, ctx.clock));
    if (ctx.json()) {
      print_json(ctx, render::replay_json(rows));
    } else {
      print_text(ctx, render::replay_text(rows, ctx.style()));
    }
    const bool all = std::all_of(rows.begin(), rows.end(), [](const render::ReplayRow& r) { return r.match; });
    ctx.exit = all ? Exit::Ok : Exit::Problem;
  });
}

}  // namespace

void add_lab_command(CLI::App& app, AppContext& ctx) {
  CLI::App* lab = app.add_subcommand("lab", "A test PKI with every fault, to reproduce each failure locally");
  lab->require_subcommand(1);
  add_create(*lab, ctx);
  add_verify(*lab, ctx);
}

}  // namespace mtlsdoctor::cli
