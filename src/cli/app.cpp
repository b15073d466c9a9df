// The command line: subcommands, help, version, and flag errors as the output contract wants them
// (one JSON object on stdout with --format json, whatever happens).
#include <fmt/format.h>

#include "command_docs.h"
#include "commands.h"
#include "front.h"

namespace mtlsdoctor::cli {
namespace {

// CLI11's words for the usual mistakes, in the user's terms.
std::string friendly(const CLI::ParseError& e, const std::vector<std::string>& args) {
  std::string message = e.what();
  const auto replace = [&](std::string_view from, std::string_view to) {
    if (const auto at = message.find(from); at != std::string::npos) message.replace(at, from.size(), to);
  };
  replace(": At Most 1 required but received ", ": may be given once, was given ");
  replace("Could not convert: ", "");
  // "--alert: Value abc not in range 0 to 255": a word is not a number out of range.
  if (const auto at = message.find("Value "); at != std::string::npos) {
    const auto end = message.find(' ', at + 6);
    const auto value = message.substr(at + 6, end == std::string::npos ? std::string::npos : end - at - 6);
    if (value.find_first_not_of("-+0123456789") != std::string::npos)
      message = message.substr(0, at) + "'" + value + "' is not a number";
  }
  // "The following argument was not expected: client.crt": a file without its flag.
  const bool takes_files =
      !args.empty() && (args.front() == "check" || args.front() == "diagnose" || args.front() == "fullchain");
  if (const auto at = message.find("not expected: ");
      takes_files && at != std::string::npos && at + 14 < message.size() && message[at + 14] != '-')
    message += " (files are given with a flag: --cert FILE, --key FILE, …)";
  return message;
}

}  // namespace

void add_output_flags(CLI::App& cmd, OutputOptions& output) {
  cmd.add_option("--format", output.format, "text or json (one JSON object on stdout)")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case))
      ->each([&output](const std::string&) { output.format_given = true; })
      ->capture_default_str();
  cmd.add_flag("--no-color", output.no_color, "no colour even on a terminal (NO_COLOR is honoured too)");
  cmd.add_flag("-q,--quiet", output.quiet, "print nothing: the exit code is the answer (errors still go to stderr)");
}

void build_app(CLI::App& app, AppContext& ctx) {
  app.description(
      "mtls-doctor: finds, explains and prevents mutual-TLS failures.\n"
      "Exit codes: 0 no problem found, 1 a problem found, 2 could not run.\n"
      "mtls-doctor help COMMAND shows a command's flags.");
  app.name("mtls-doctor");
  app.set_version_flag("-V,--version", version_text());
  app.require_subcommand(1);
  add_diagnose_command(app, ctx);
  add_check_command(app, ctx);
  add_inspect_command(app, ctx);
  add_lab_command(app, ctx);
  add_explain_command(app, ctx);
  add_policy_command(app, ctx);
  add_serve_command(app, ctx);
  add_monitor_command(app, ctx);
  add_fullchain_command(app, ctx);
  add_doc_footers(app);
}

int run(int argc, const char* const* argv, Io io, const core::Clock& clock) {
  AppContext ctx{{}, clock, io};
  CLI::App app;
  build_app(app, ctx);
  const auto args = hoist_output_flags(std::vector<std::string>(argv + 1, argv + argc));
  // Whether --format json was asked, for errors found before or by the parser: JSON callers are
  // promised one object on stdout whatever happens.
  AppContext failed{{}, clock, io};
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string value = args[i].starts_with("--format=") ? args[i].substr(9) : "";
    if (args[i] == "--format" && i + 1 < args.size()) value = args[i + 1];
    if (value == "json" || value == "JSON") failed.output.format = "json";
    if (value == "nagios" || value == "NAGIOS") failed.output.format = "nagios";
  }
  const Front front = read_front(app, args);
  if (front.text) {
    print_text(ctx, *front.text);
    return static_cast<int>(Exit::Ok);
  }
  if (front.error)
    return static_cast<int>(usage_error(failed, fmt::format("{} (see mtls-doctor --help)", *front.error)));
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them from the back
    app.parse(reversed);
  } catch (const CLI::Success& e) {
    return app.exit(e, io.out, io.err);  // --help, --version
  } catch (const CLI::ParseError& e) {
    return static_cast<int>(usage_error(failed, fmt::format("{} ({})", friendly(e, args), help_hint(app, args))));
  }
  io.out.flush();
  if (!io.out) {  // a full disk, a closed pipe: the answer is lost, so the command did not run
    io.err << "mtls-doctor: cannot write the output (standard output: write error)\n";
    return static_cast<int>(Exit::CannotRun);
  }
  return static_cast<int>(ctx.exit);
}

}  // namespace mtlsdoctor::cli
