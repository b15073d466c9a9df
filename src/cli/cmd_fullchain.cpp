// mtls-doctor fullchain: writes the file the fix asks for, leaf first, intermediates in path
// order, no root, no strays; refuses when the path cannot be completed from what was given.
#include "commands.h"
#include "files_out.h"
#include "mtlsdoctor/chain/fullchain.h"
#include "mtlsdoctor/render/fullchain.h"
#include "password.h"

namespace mtlsdoctor::cli {
namespace {

struct FullchainArgs {
  chain::FullchainRequest request;
  std::string output;
  PasswordOptions password;
};

Exit run_fullchain(const FullchainArgs& args, const AppContext& ctx) {
  if (args.request.cert.empty()) return usage_error(ctx, "give the leaf: --cert FILE (fullchain --help)");
  if (args.output.empty()) return usage_error(ctx, "give the output: -o FILE (or -o - for standard output)");
  if (args.output == "-" && ctx.json())  // stdout holds one JSON object or the chain, not both
    return usage_error(ctx, "-o - writes the chain to standard output: give -o FILE with --format json");
  auto built = chain::build_fullchain(args.request, make_password_provider(args.password));
  if (!built) return cannot_run(ctx, built.error());
  const bool to_stdout = args.output == "-";
  std::string written;
  if (built->complete()) {
    auto pem = chain::fullchain_pem(*built);
    if (!pem) return cannot_run(ctx, pem.error());
    if (to_stdout) {
      print_text(ctx, *pem);  // the chain alone, for a pipe
      return Exit::Ok;
    }
    if (auto w = write_whole_file(args.output, *pem); !w) return cannot_run(ctx, w.error());
    written = args.output;
  }
  if (ctx.json()) {
    print_json(ctx, render::fullchain_json(*built, written));
  } else if (to_stdout) {  // standard output is for the chain: what went wrong goes to stderr
    ctx.io.err << render::fullchain_text(*built, written, render::Style{false});
  } else {
    print_text(ctx, render::fullchain_text(*built, written, ctx.style()));
  }
  return built->complete() ? Exit::Ok : Exit::Problem;
}

}  // namespace

void add_fullchain_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<FullchainArgs>();
  CLI::App* cmd =
      app.add_subcommand("fullchain",
                         "Write the certificate file a TLS server or client needs: leaf, then intermediates in order.\n"
                         "The path is built as OpenSSL builds it; dates and purposes are not judged (use check).");
  cmd->add_option("--cert", args->request.cert, "the leaf certificate (first in the file; a bundle may follow)");
  cmd->add_option("--chain", args->request.chain, "more certificates, any order, strays allowed (repeatable)");
  cmd->add_option("--cacert", args->request.cacert,
                  "CA files or directories the peer trusts (repeatable; default: the system's CA bundle)");
  cmd->add_option("-o,--output", args->output, "where to write the chain (PEM); - for standard output");
  add_password_flags(*cmd, args->password);
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] { ctx.exit = run_fullchain(*args, ctx); });
}

}  // namespace mtlsdoctor::cli
