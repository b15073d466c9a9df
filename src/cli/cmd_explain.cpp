// mtls-doctor explain: what does this error message mean, who refused, and how to confirm and
// fix it. Exit codes: 0 explained, 1 nothing in the knowledge base matched, 2 could not run.
#include "cmd_explain.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "mtlsdoctor/explain/log_file.h"
#include "mtlsdoctor/explain/log_follow.h"

namespace mtlsdoctor::cli {
namespace {

struct ExplainArgs {
  std::string text;
  render::ExplainQuestion question;  // --alert, --verify-code
  std::string log;
  std::vector<std::string> each;  // --each FILE...
  unsigned jobs = 0;              // --jobs: 0 = the cores
  bool follow = false;
};

std::atomic<bool> g_stop{false};  // --follow: set by SIGINT or SIGTERM

extern "C" void request_stop(int /*signal*/) {
  g_stop = true;
}

core::Result<std::string> read_stdin() {
  std::string text;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    text.append(buf, n);
    if (text.size() > kMaxExplainInput)
      return core::fail(core::ErrorCategory::Limit, "input larger than 4 MiB", "stdin");
  }
  if (std::ferror(stdin)) return core::fail(core::ErrorCategory::Io, "cannot read standard input", "stdin");
  return text;
}

Exit print_log(const AppContext& ctx, const explain::Explainer& explainer, const std::string& path,
               const explain::LogSummary& summary, std::chrono::steady_clock::time_point start) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (summary.top() == nullptr) {
    if (ctx.json())
      print_json(ctx, render::log_unexplained_json(path, summary));
    else
      print_text(ctx, render::log_unexplained_text(path, summary));
    return Exit::Problem;
  }
  const auto report = explain::log_report(summary, explainer);
  if (ctx.json())
    print_json(ctx, render::log_json(path, summary, report));
  else
    print_text(ctx, render::log_text(path, summary, report, seconds, ctx.style()));
  return Exit::Ok;
}

// `start`: before the knowledge base was compiled, so the time printed is what the user waited.
Exit run_log(const AppContext& ctx, const explain::Explainer& explainer, const ExplainArgs& args,
             std::chrono::steady_clock::time_point start) {
  const std::string& path = args.log;
  explain::LogScanOptions options;
  options.jobs = args.jobs != 0 ? args.jobs : std::max(1U, std::thread::hardware_concurrency());
  auto summary = explain::scan_log_file(path, explainer, options);
  if (!summary) return cannot_run(ctx, summary.error());
  return print_log(ctx, explainer, path, *summary, start);
}

// --follow: a line per event as the file grows (rotation-safe), the tally on SIGINT or SIGTERM.
Exit follow_log(const AppContext& ctx, const explain::Explainer& explainer, const std::string& path,
                std::chrono::steady_clock::time_point start) {
  auto follower = explain::LogFollower::create(path, explainer, {}, [&ctx](const explain::LogEvent& e) {
    if (ctx.json())
      ctx.out() << render::log_event_json(e).dump() << '\n' << std::flush;
    else
      ctx.out() << render::log_event_text(e, ctx.style()) << std::flush;
  });
  if (!follower) return cannot_run(ctx, follower.error());
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  if (!ctx.json()) ctx.io.err << "following " << path << " (Ctrl-C: the tally)" << std::endl;
  if (auto r = follower->run(g_stop); !r) return cannot_run(ctx, r.error());
  return print_log(ctx, explainer, path, follower->finish(), start);
}

Exit run_explain(const AppContext& ctx, ExplainArgs args) {
  const auto& q = args.question;
  const int given = (!args.text.empty()) + q.alert.has_value() + q.verify_code.has_value() + (!args.log.empty()) +
                    (!args.each.empty());
  if (given != 1)
    return usage_error(ctx,
                       "give exactly one of TEXT, - (stdin), --alert N, --verify-code N, --log FILE or --each FILE...");
  if ((args.jobs != 0 || args.follow) && args.log.empty()) return usage_error(ctx, "--jobs and --follow go with --log");
  if (args.follow && args.log == "-") return usage_error(ctx, "--follow needs a file, not stdin");
  const auto start = std::chrono::steady_clock::now();
  auto explainer = explain::Explainer::builtin();
  if (!explainer) return cannot_run(ctx, explainer.error());
  if (args.follow) return follow_log(ctx, *explainer, args.log, start);
  if (!args.log.empty()) return run_log(ctx, *explainer, args, start);
  if (!args.each.empty()) return explain_each(ctx, *explainer, args.each, q);
  if (args.text == "-") {
    auto text = read_stdin();
    if (!text) return cannot_run(ctx, text.error());
    if (text->find_first_not_of(" \t\r\n") == std::string::npos)
      return usage_error(ctx, "nothing to explain: standard input was empty");
    args.text = std::move(*text);
  }
  const auto answer = explain_answer(ctx, *explainer, args.text, q);
  if (ctx.json())
    print_json(ctx, answer.json);
  else
    print_text(ctx, answer.text);
  return answer.explained ? Exit::Ok : Exit::Problem;
}

}  // namespace

ExplainAnswer explain_answer(const AppContext& ctx, const explain::Explainer& explainer, std::string_view text,
                             const render::ExplainQuestion& q) {
  const auto explanation = q.alert         ? explainer.explain_alert(*q.alert)
                           : q.verify_code ? explainer.explain_verify_code(*q.verify_code)
                                           : explainer.explain_text(text);
  ExplainAnswer out;
  out.explained = explanation.explained();
  if (!out.explained) {
    if (ctx.json())
      out.json = render::unexplained_json(q);
    else
      out.text = render::unexplained_text(q);
    return out;
  }
  const auto report = explainer.report(explanation);
  const auto openssl = render::openssl_json(explainer.knowledge_base(), q);
  if (ctx.json())
    out.json = render::explanation_json(report, explanation, openssl);
  else
    out.text = render::explanation_text(report, explanation, openssl, q, ctx.style());
  return out;
}

void add_explain_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "What an error message means: who refused, the likely causes in order, how to confirm and fix each.\n"
      "--log FILE reads a whole log (nginx, Apache, HAProxy, curl -v, a stack trace) and counts its lines per cause.");
  cmd->add_option("text", args->text, "the message (quote it), or - to read it (or a whole log) from stdin");
  cmd->add_option("--alert", args->question.alert,
                  "a TLS alert number (RFC 8446 6, RFC 5246 7.2), as received by the client")
      ->check(CLI::Range(0, 255));
  cmd->add_option("--verify-code", args->question.verify_code,
                  "an OpenSSL X509_V_ERR verify code (s_client 'Verify return code')")
      ->check(CLI::Range(0, 255));
  cmd->add_option("--log", args->log,
                  "a whole log file (or - for stdin), any size: lines per cause, first and last seen, the clients "
                  "and certificate subjects named, what to do first");
  cmd->add_option("--each", args->each,
                  "files each holding one text (saved tickets, pastes): a verdict per file, in order; with "
                  "--format json one object per line, its \"file\" first")
      ->expected(1, -1);
  cmd->add_flag("--brief", args->question.brief, "text: the three likeliest causes and their fixes only");
  cmd->add_option("--jobs", args->jobs,
                  "with --log: threads that find and explain lines (default: the cores); any number gives the same "
                  "answer")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--follow", args->follow,
                "with --log FILE: read what is appended (rotation-safe), a line per event; the tally on Ctrl-C");
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] { ctx.exit = run_explain(ctx, *args); });
}

}  // namespace mtlsdoctor::cli
