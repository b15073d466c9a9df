// mtls-doctor diagnose: connect with the user's identity, record the handshake, and say which
// side rejected and why.
#include <csignal>
#include <filesystem>

#include <fmt/format.h>

#include "check_run.h"
#include "commands.h"
#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/probe/probe.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::cli {
namespace {

struct DiagnoseArgs {
  std::string target;
  CheckArgs identity;  // cert, key, chain, p12, crl, password, seclevel
  std::vector<std::string> cacert;
  std::string servername;
  std::string connect_to;
  std::string source_address;
  bool tls12 = false;
  bool tls13 = false;
  double timeout = 10;
  bool no_request = false;
};

// Debian's bundle, as curl uses it when no --cacert is given.
std::vector<std::string> default_anchor_files() {
  for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"}) {
    if (std::filesystem::exists(path)) return {path};
  }
  return {};
}

core::Report local_refusal(core::FindingId id, std::string message, std::vector<std::string> fixes) {
  core::Report r;
  auto f = core::Finding::make(id, core::Subject::ClientCert, message);
  f.fixes = std::move(fixes);
  r.verdict = {core::Outcome::Failed, core::Side::Local, id,
               fmt::format("Nothing was sent: the client itself refuses this identity: {}", message), core::Confidence::Certain};
  r.findings.push_back(std::move(f));
  return r;
}

Exit print(const AppContext& ctx, const core::Report& report, const probe::Transcript* transcript) {
  if (ctx.output.parsed() == Format::Json) {
    auto j = render::report_json(report);
    j["handshake"] = transcript ? diagnose::transcript_json(*transcript) : nlohmann::ordered_json(nullptr);
    print_json(j);
  } else {
    const auto style = ctx.output.style();
    std::string text = render::report_text(report, style);
    if (transcript) {
      text += "\nHandshake";
      if (!transcript->address.empty()) text += fmt::format(" with {}", transcript->address);
      text += "\n";
      render::Table table;
      for (const auto& e : transcript->events) {
        table.add_row({fmt::format("{:7.1f} ms", e.at_ms), e.direction == probe::Direction::Sent ? "→" : "←", e.what},
                      {render::Color::Dim, render::Color::None,
                       e.what.starts_with("alert") ? render::Color::Red : render::Color::None});
      }
      if (!transcript->acceptable_ca_names.empty()) {
        table.add_row({"", "", fmt::format("acceptable CA names: {}", fmt::join(transcript->acceptable_ca_names, "; "))},
                      {render::Color::None, render::Color::None, render::Color::Dim});
      }
      text += table.render(style, "  ");
    }
    print_text(text);
  }
  const auto cause = report.verdict.cause;
  return cause == core::FindingId::Ok || cause == core::FindingId::MtlsNotRequested ? Exit::Ok : Exit::Problem;
}

Exit run(const DiagnoseArgs& args, AppContext& ctx) {
  auto target = probe::parse_target(args.target);
  if (!target) return cannot_run(ctx.output, target.error());
  if (args.tls12 && args.tls13) return cannot_run(ctx.output, {core::ErrorCategory::Usage, "--tls1.2 and --tls1.3 exclude each other", {}, {}});
  if (!args.identity.cert.empty() && !args.identity.p12.empty()) {
    return cannot_run(ctx.output, {core::ErrorCategory::Usage, "give --cert or --p12, not both", {}, {}});
  }
  const auto password = make_password_provider(args.identity.password);

  std::optional<chain::Identity> identity;
  if (!args.identity.cert.empty() || !args.identity.p12.empty()) {
    auto loaded = load_identity(args.identity, password);
    if (!loaded) return cannot_run(ctx.output, loaded.error(), core::FindingId::ClientIdentityUnreadable);
    identity = std::move(*loaded);
  }
  auto anchors = load_anchors(args.cacert.empty() ? default_anchor_files() : args.cacert, password);
  if (!anchors) return cannot_run(ctx.output, anchors.error());
  auto crls = load_crls(args.identity.crl, password);
  if (!crls) return cannot_run(ctx.output, crls.error());

  probe::Probe p;
  p.target = *target;
  if (!args.connect_to.empty()) {
    auto to = probe::parse_host_port(args.connect_to);
    if (!to) return cannot_run(ctx.output, to.error());
    p.options.connect_to = *to;
  }
  p.options.servername = args.servername;
  p.options.source_address = args.source_address;
  p.options.version = args.tls12 ? probe::TlsVersion::Tls12 : args.tls13 ? probe::TlsVersion::Tls13 : probe::TlsVersion::Any;
  p.options.security_level = args.identity.seclevel;
  p.options.timeout = std::chrono::milliseconds{static_cast<long>(args.timeout * 1000)};
  p.options.application = args.no_request ? probe::Application::None : probe::Application::Http;

  if (identity) {
    if (identity->key && !identity->key->matches(identity->leaf)) {
      return print(ctx,
                   local_refusal(core::FindingId::ClientKeyMismatch,
                                 fmt::format("the private key in {} does not belong to the certificate in {}",
                                             identity->key->source(), identity->cert_file),
                                 {"mtls-doctor inspect DIR   # pairs every key with its certificate"}),
                   nullptr);
    }
    if (!identity->key) {
      return print(ctx, local_refusal(core::FindingId::ClientKeyMissing, "no private key for the client certificate (--key)", {"--key client.key"}), nullptr);
    }
    probe::Credentials creds;
    const auto der = identity->leaf.der();
    creds.chain.emplace_back(der.begin(), der.end());
    for (const auto& c : identity->offered) creds.chain.emplace_back(c.der().begin(), c.der().end());
    creds.key = identity->key->native();
    p.credentials = std::move(creds);
  }

  auto transcript = probe::run_probe(p);
  if (!transcript) {
    // OpenSSL refused to load the identity: at this security level, it is too weak to send.
    return print(ctx,
                 local_refusal(core::FindingId::ClientCertWeak,
                               fmt::format("{} ({})", transcript.error().message, fmt::join(transcript.error().details, "; ")),
                               {"Reissue with a P-256 or RSA-2048+ key and SHA-256",
                                "--seclevel 0 sends it anyway, to see what the server says"}),
                 nullptr);
  }
  diagnose::Inputs in{*transcript, identity, std::move(*crls), chain::Trust{std::move(*anchors), {}, ""},
                      args.servername.empty() ? target->host : args.servername, ctx.clock.now(), 2};
  auto report = diagnose::diagnose(in);
  if (!report) return cannot_run(ctx.output, report.error());
  return print(ctx, *report, &*transcript);
}

}  // namespace

void add_diagnose_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<DiagnoseArgs>();
  CLI::App* cmd = app.add_subcommand("diagnose", "Connect with your client identity and say which side rejects and why");
  cmd->add_option("target", args->target, "host:port, [v6addr]:port or https://host[:port]/path")->required();
  cmd->add_option("--cert", args->identity.cert, "client certificate (may hold the chain and key)");
  cmd->add_option("--key", args->identity.key, "client private key");
  cmd->add_option("--chain", args->identity.chain, "intermediates to send with the certificate");
  cmd->add_option("--p12", args->identity.p12, "PKCS#12 client identity");
  cmd->add_option("--cacert", args->cacert, "CAs to verify the server with (default: the system bundle)");
  cmd->add_option("--crl", args->identity.crl, "CRLs to check the client certificate against (repeatable)");
  cmd->add_option("--servername", args->servername, "SNI and the name the server certificate must hold");
  cmd->add_option("--connect-to", args->connect_to, "connect to HOST:PORT instead, keeping TARGET's name");
  cmd->add_option("--source-address", args->source_address, "local address to connect from");
  cmd->add_flag("--tls1.2", args->tls12, "TLS 1.2 only");
  cmd->add_flag("--tls1.3", args->tls13, "TLS 1.3 only");
  cmd->add_option("--seclevel", args->identity.seclevel, "OpenSSL security level of the client")->capture_default_str();
  cmd->add_option("--timeout", args->timeout, "seconds allowed for each phase (connect, handshake, answer)")->capture_default_str();
  cmd->add_flag("--no-request", args->no_request, "send no HTTP request after the handshake (non-HTTP services)");
  cmd->add_option("--password-file", args->identity.password.file, "file whose first line is the password");
  cmd->add_option("--password-env", args->identity.password.env_name, "environment variable holding the password")->capture_default_str();
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] {
    // A peer that closes first would otherwise kill us on the next write.
    std::signal(SIGPIPE, SIG_IGN);
    ctx.exit = run(*args, ctx);
  });
}

}  // namespace mtlsdoctor::cli
