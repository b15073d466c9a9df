// mtls-doctor policy export --policy P --to nginx|apache|haproxy: the policy as that server's
// configuration, on stdout; what the server cannot express is refused (exit 2).
#include "commands.h"
#include "mtlsdoctor/policy/export.h"

namespace mtlsdoctor::cli {

void add_policy_export_command(CLI::App& policy, AppContext& ctx) {
  struct Args {
    std::string policy, to;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = policy.add_subcommand(
      "export",
      "The policy as nginx, Apache httpd or HAProxy configuration (a snippet to include; its header says where).\n"
      "What the server cannot express exactly is refused, naming the rule and condition.");
  cmd->add_option("--policy", a->policy, "the policy file (YAML, POLICY.md)")->required();
  cmd->add_option("--to", a->to, "the server: nginx, apache or haproxy")
      ->required()
      ->check(CLI::IsMember({"nginx", "apache", "haproxy"}));
  cmd->callback([a, &ctx] {
    auto parsed = policy::load(a->policy);
    if (!parsed) {
      ctx.exit = cannot_run(ctx, parsed.error());
      return;
    }
    auto config = policy::export_config(*parsed, *policy::parse_server(a->to));
    if (!config) {
      ctx.exit = cannot_run(ctx, config.error());
      return;
    }
    print_text(ctx, *config);
    ctx.exit = Exit::Ok;
  });
}

}  // namespace mtlsdoctor::cli
