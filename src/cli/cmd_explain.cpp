// mtls-doctor explain: what does this error message mean, who refused, and how to confirm and
// fix it. Exit codes: 0 explained, 1 nothing in the knowledge base matched, 2 could not run.
#include <cstdio>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "commands.h"
#include "explain_log.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::cli {
namespace {

constexpr std::size_t kMaxInput = 4 << 20;  // a pasted log, not a disk image

struct ExplainArgs {
  std::string text;
  std::optional<int> alert;
  std::optional<int> verify_code;
  std::string log;
};

core::Result<std::string> read_stdin() {
  std::string text;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    text.append(buf, n);
    if (text.size() > kMaxInput) return core::fail(core::ErrorCategory::Limit, "input larger than 4 MiB", "stdin");
  }
  if (std::ferror(stdin)) return core::fail(core::ErrorCategory::Io, "cannot read standard input", "stdin");
  return text;
}

std::string describe_input(const ExplainArgs& args) {
  if (args.alert) return fmt::format("TLS alert {}", *args.alert);
  if (args.verify_code) return fmt::format("verify code {}", *args.verify_code);
  return "this text";
}

nlohmann::ordered_json matches_json(const explain::Explanation& e) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& m : e.matches) {
    nlohmann::ordered_json j;
    j["entry"] = m.entry->id;
    j["ecosystem"] = m.entry->ecosystem;
    j["reported_by"] = explain::to_string(m.entry->reporter);
    j["rejected_by"] = core::to_string(m.entry->rejected_by);
    j["matched"] = m.matched;
    out.push_back(std::move(j));
  }
  return out;
}

std::string explanation_text(const core::Report& report, const explain::Explanation& e, const render::Style& style) {
  using render::Color;
  const auto& v = report.verdict;
  const auto& best = e.matches.front();
  std::string out = fmt::format("{}  {}  (rejected by: {}, {})\n{}\n", style.paint("EXPLAINED", Color::Green),
                                style.paint(core::slug(v.cause), Color::Bold), core::to_string(v.rejected_by),
                                core::to_string(v.confidence), v.summary);
  out += style.paint(fmt::format("matched \"{}\" ({}, printed by: {})", best.matched, best.entry->id,
                                 explain::to_string(best.entry->reporter)),
                     Color::Dim);
  out += "\n\nCandidate causes, most likely first:\n";
  int rank = 0;
  for (const auto& f : report.findings) {
    out += fmt::format("  {}. {}: {}\n", ++rank, style.paint(core::slug(f.id), Color::Bold), core::title(f.id));
    if (!f.confirm.empty()) {
      for (const auto& c : f.confirm) {
        out += fmt::format("     {} {}\n", style.paint("confirm:", Color::Cyan), c);
      }
    }
    for (const auto& fix : f.fixes) out += fmt::format("     {} {}\n", style.paint("fix:", Color::Cyan), fix);
  }
  if (e.matches.size() > 1) {
    out += "\nAlso matched:\n";
    for (std::size_t i = 1; i < e.matches.size(); ++i) {
      out += fmt::format("  {} \"{}\"\n", e.matches[i].entry->id, e.matches[i].matched);
    }
  }
  return out;
}

// "unable to get issuer certificate" from "verify error 2 (unable to get issuer certificate): …".
std::string verify_text(const explain::Entry& e) {
  const auto open = e.summary.find('(');
  const auto close = e.summary.find("):");
  if (open == std::string::npos || close == std::string::npos || close < open) return e.id;
  return e.summary.substr(open + 1, close - open - 1);
}

// What OpenSSL's side of the knowledge base adds to an alert or a verify code: which verify
// results an OpenSSL-based peer sends the alert for, or which alert it sends for the code.
nlohmann::ordered_json openssl_json(const explain::KnowledgeBase& kb, const ExplainArgs& args) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (args.alert) {
    nlohmann::ordered_json codes = nlohmann::ordered_json::array();
    for (int code : kb.read_alert(*args.alert, explain::Judged::ClientCertificate).openssl_verify_codes) {
      codes.push_back({{"verify_code", code}, {"text", verify_text(*kb.verify_entry(code))}});
    }
    j["sent_for_verify_codes"] = std::move(codes);
  } else if (args.verify_code) {
    const auto* e = kb.verify_entry(*args.verify_code);
    if (e && e->openssl_alert) {
      const auto* a = kb.alert_entry(*e->openssl_alert);
      j["sends_alert"] = *e->openssl_alert;
      if (a) j["alert_entry"] = a->id;
    }
  }
  return j;
}

std::string openssl_text(const nlohmann::ordered_json& j, const ExplainArgs& args) {
  if (args.alert && !j["sent_for_verify_codes"].empty()) {
    std::string out = "\nAn OpenSSL-based peer (s_server, Apache, HAProxy, stunnel, PostgreSQL, Python) sends it when its\n"
                      "verification of the other side's certificate ends in:\n";
    for (const auto& c : j["sent_for_verify_codes"]) {
      out += fmt::format("  {:>2}  {}\n", c["verify_code"].get<int>(), c["text"].get<std::string>());
    }
    return out;
  }
  if (args.verify_code && j.contains("sends_alert")) {
    return fmt::format("\nAn OpenSSL-based peer that ends its verification in this code sends alert {} to the other side "
                       "(mtls-doctor explain --alert {}).\n",
                       j["sends_alert"].get<int>(), j["sends_alert"].get<int>());
  }
  return "";
}

void print_unexplained(const AppContext& ctx, const ExplainArgs& args) {
  const std::string what = describe_input(args);
  const std::string summary = fmt::format(
      "Nothing in the knowledge base explains {}; no cause is guessed. Reproduce the failure with "
      "`mtls-doctor diagnose HOST:PORT --cert client.pem --key client.key` to see what each side sent.",
      what);
  if (ctx.output.parsed() == Format::Json) {
    nlohmann::ordered_json j;
    j["explained"] = false;
    j["verdict"] = nullptr;
    j["summary"] = summary;
    j["findings"] = nlohmann::ordered_json::array();
    j["next_steps"] = {"mtls-doctor diagnose HOST:PORT --cert client.pem --key client.key",
                       "mtls-doctor check --role client --cert client.pem --key client.key --cacert ca.pem"};
    print_json(j);
  } else {
    print_text(fmt::format("UNKNOWN  {}\n", summary));
  }
}

Exit run_explain(const AppContext& ctx, ExplainArgs args) {
  const int given = (!args.text.empty()) + args.alert.has_value() + args.verify_code.has_value() + (!args.log.empty());
  if (given != 1) {
    return cannot_run(ctx.output, core::Error{core::ErrorCategory::Usage,
                                              "give exactly one of TEXT, - (stdin), --alert N, --verify-code N or --log FILE", {}, {}});
  }
  if (!args.log.empty()) return run_explain_log(ctx, args.log);
  auto explainer = explain::Explainer::builtin();
  if (!explainer) return cannot_run(ctx.output, explainer.error());
  if (args.text == "-") {
    auto text = read_stdin();
    if (!text) return cannot_run(ctx.output, text.error());
    args.text = std::move(*text);
  }
  const auto explanation = args.alert         ? explainer->explain_alert(*args.alert)
                           : args.verify_code ? explainer->explain_verify_code(*args.verify_code)
                                              : explainer->explain_text(args.text);
  if (!explanation.explained()) {
    print_unexplained(ctx, args);
    return Exit::Problem;
  }
  const auto report = explainer->report(explanation);
  const auto openssl = openssl_json(explainer->knowledge_base(), args);
  if (ctx.output.parsed() == Format::Json) {
    auto j = render::report_json(report);
    j["explained"] = true;
    j["matches"] = matches_json(explanation);
    if (!openssl.empty()) j["openssl"] = openssl;
    print_json(j);
  } else {
    print_text(explanation_text(report, explanation, ctx.output.style()) + openssl_text(openssl, args));
  }
  return Exit::Ok;
}

}  // namespace

void add_explain_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "What an error message means: who refused, the likely causes in order, how to confirm and fix each.\n"
      "--log FILE reads a whole log (nginx, Apache, HAProxy, curl -v, a stack trace) and counts its lines per cause.\n"
      "Exit codes: 0 explained, 1 nothing known about the input, 2 could not run.");
  cmd->add_option("text", args->text, "the message (quote it), or - to read it (or a whole log) from stdin");
  cmd->add_option("--alert", args->alert, "a TLS alert number (RFC 8446 6, RFC 5246 7.2), as received by the client")
      ->check(CLI::Range(0, 255));
  cmd->add_option("--verify-code", args->verify_code, "an OpenSSL X509_V_ERR verify code (s_client 'Verify return code')")
      ->check(CLI::Range(0, 255));
  cmd->add_option("--log", args->log,
                  "a whole log file (or - for stdin), any size: lines per cause, first and last seen, the clients "
                  "and certificate subjects named, what to do first");
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] { ctx.exit = run_explain(ctx, *args); });
}

}  // namespace mtlsdoctor::cli
