// mtls-doctor lab: a test PKI with every fault, and a replay of any manifest through `check`.
#include <fstream>

#include <fmt/format.h>

#include "check_run.h"
#include "commands.h"
#include "mtlsdoctor/lab/lab.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::cli {
namespace {

struct Replay {
  std::string name;
  std::string role;
  std::string expected_cause;
  std::string expected_side;
  std::string cause;
  std::string side;
  std::string error;
  bool match = false;
};

core::Result<nlohmann::json> read_manifest(const std::filesystem::path& dir) {
  const auto path = dir / "manifest.json";
  std::ifstream in(path);
  if (!in) return core::fail(core::ErrorCategory::Io, "cannot read the manifest", path.string());
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("identities") || !j["identities"].is_array()) {
    return core::fail(core::ErrorCategory::Parse, "not a manifest (no \"identities\" array)", path.string());
  }
  return j;
}

std::string field(const nlohmann::json& e, const char* key) {
  return e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : std::string();
}

Replay replay(const std::filesystem::path& dir, const nlohmann::json& e, const core::Clock& clock) {
  const auto file = [&](const char* key) {
    const auto v = field(e, key);
    return v.empty() ? v : (dir / v).string();
  };
  CheckArgs args;
  args.role = field(e, "role");
  args.cert = file("cert");
  args.key = file("key");
  args.chain = file("chain");
  args.p12 = file("p12");
  args.password.file = file("password_file");
  if (auto ca = file("cacert"); !ca.empty()) args.cacert.push_back(ca);
  if (auto crl = file("crl"); !crl.empty()) args.crl.push_back(crl);
  args.host = field(e, "host");
  Replay r{field(e, "name"), args.role, {}, {}, {}, {}, {}, false};
  if (e.contains("expected")) {
    r.expected_cause = field(e["expected"], "cause");
    r.expected_side = field(e["expected"], "rejected_by");
  }
  auto run = run_check(args, clock);
  if (!run) {
    r.error = run.error().error.describe();
    if (run.error().identity_unreadable) {
      r.cause = run.error().role == chain::Role::Client ? "client-identity-unreadable" : "server-identity-unreadable";
      r.side = "local";
    }
  } else {
    r.cause = std::string(slug(run->result.report.verdict.cause));
    r.side = std::string(to_string(run->result.report.verdict.rejected_by));
  }
  r.match = r.cause == r.expected_cause && r.side == r.expected_side;
  return r;
}

void add_create(CLI::App& lab, AppContext& ctx) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = lab.add_subcommand("create", "Write a test PKI with every fault, and manifest.json, into DIR");
  cmd->add_option("dir", *dir, "directory to create")->required();
  add_output_flags(*cmd, ctx.output);
  cmd->callback([dir, &ctx] {
    auto made = lab::create(*dir, ctx.clock);
    if (!made) {
      ctx.exit = cannot_run(ctx.output, made.error());
      return;
    }
    if (ctx.output.parsed() == Format::Json) {
      print_json(lab::to_json(*made));
    } else {
      print_text(fmt::format("Wrote {} identities to {} (manifest.json lists each with its expected verdict).\n"
                             "Replay them: mtls-doctor lab verify {}\n",
                             made->identities.size(), *dir, *dir));
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
    auto manifest = read_manifest(*dir);
    if (!manifest) {
      ctx.exit = cannot_run(ctx.output, manifest.error());
      return;
    }
    std::vector<Replay> results;
    for (const auto& e : (*manifest)["identities"]) results.push_back(replay(*dir, e, ctx.clock));
    const auto matched = std::count_if(results.begin(), results.end(), [](const Replay& r) { return r.match; });
    if (ctx.output.parsed() == Format::Json) {
      nlohmann::ordered_json j;
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& r : results) {
        rows.push_back({{"name", r.name}, {"role", r.role}, {"expected", {{"cause", r.expected_cause}, {"rejected_by", r.expected_side}}},
                        {"got", {{"cause", r.cause}, {"rejected_by", r.side}}}, {"match", r.match}});
        if (!r.error.empty()) rows.back()["error"] = r.error;
      }
      j["identities"] = std::move(rows);
      j["matched"] = matched;
      j["total"] = results.size();
      print_json(j);
    } else {
      const auto style = ctx.output.style();
      render::Table table;
      table.add_row({"identity", "role", "verdict", "rejected by", "expected"},
                    {render::Color::Bold, render::Color::Bold, render::Color::Bold, render::Color::Bold, render::Color::Bold});
      for (const auto& r : results) {
        table.add_row({r.name, r.role, r.cause.empty() ? "error: " + r.error : r.cause, r.side,
                       r.match ? "✓" : fmt::format("✗ expected {} / {}", r.expected_cause, r.expected_side)},
                      {render::Color::None, render::Color::Dim,
                       r.cause == "ok" ? render::Color::Green : render::Color::Yellow, render::Color::None,
                       r.match ? render::Color::Green : render::Color::Red});
      }
      print_text(table.render(style) + fmt::format("\n{} of {} verdicts as expected\n", matched, results.size()));
    }
    ctx.exit = static_cast<std::size_t>(matched) == results.size() ? Exit::Ok : Exit::Problem;
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
