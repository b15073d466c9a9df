// The command line: subcommands, --help, --version, and flag errors as the output contract
// wants them (one JSON object on stdout with --format json, whatever happens).
#include <fmt/format.h>

#include "commands.h"

namespace mtlsdoctor::cli {

void add_output_flags(CLI::App& cmd, OutputOptions& output) {
  cmd.add_option("--format", output.format, "text or json (one JSON object on stdout)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd.add_flag("--no-color", output.no_color, "no colour even on a terminal (NO_COLOR is honoured too)");
}

int run(int argc, const char* const* argv, Io io, const core::Clock& clock) {
  AppContext ctx{{}, clock, io};
  CLI::App app{
      "mtls-doctor: finds, explains and prevents mutual-TLS failures.\n"
      "Exit codes: 0 no problem found, 1 a problem found, 2 could not run.",
      "mtls-doctor"};
  app.set_version_flag("--version", "mtls-doctor 0.1.0");
  app.require_subcommand(1);
  add_diagnose_command(app, ctx);
  add_check_command(app, ctx);
  add_inspect_command(app, ctx);
  add_lab_command(app, ctx);
  add_explain_command(app, ctx);
  add_policy_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e, io.out, io.err);  // --help, --version
  } catch (const CLI::ParseError& e) {
    // The flags could not be parsed, so --format may not have been read: look for it ourselves,
    // since JSON callers are promised one object on stdout whatever happens.
    AppContext failed{{}, clock, io};
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg == "--format=json" || (arg == "--format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json")) {
        failed.output.format = "json";
      }
    }
    return static_cast<int>(usage_error(failed, fmt::format("{} (see mtls-doctor --help)", e.what())));
  }
  io.out.flush();
  return static_cast<int>(ctx.exit);
}

}  // namespace mtlsdoctor::cli
