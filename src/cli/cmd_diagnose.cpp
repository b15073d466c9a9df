// mtls-doctor diagnose: connect with the user's identity, record the handshake, and say which
// side rejected and why.
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <filesystem>

#include <fmt/format.h>

#include "check_run.h"
#include "commands.h"
#include "mtlsdoctor/diagnose/diagnose.h"
#include "mtlsdoctor/probe/probe.h"
#include "mtlsdoctor/render/report.h"
#include "mtlsdoctor/x509/inventory.h"

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
  std::string starttls;  // "postgres", "smtp" (validated by CLI11)
  std::string pg_user = "mtls-doctor";
  std::string pg_database;
  std::string targets_file;
  int concurrency = 50;
  std::vector<std::string> identities;
  int try_best = 3;
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
  return core::is_success(cause) ? Exit::Ok : Exit::Problem;
}

// Everything shared by all targets: the identity, the trust, the probe options.
struct Prepared {
  std::optional<chain::Identity> identity;
  std::vector<x509::Certificate> anchors;
  std::vector<x509::Crl> crls;
  probe::ProbeOptions options;
  std::optional<probe::Credentials> credentials;
  std::optional<core::Report> refused;  // the client itself refuses the identity: nothing to send
};

std::expected<Prepared, Exit> prepare(const DiagnoseArgs& args, AppContext& ctx) {
  if (args.tls12 && args.tls13) {
    return std::unexpected(cannot_run(ctx.output, {core::ErrorCategory::Usage, "--tls1.2 and --tls1.3 exclude each other", {}, {}}));
  }
  if (!args.identity.cert.empty() && !args.identity.p12.empty()) {
    return std::unexpected(cannot_run(ctx.output, {core::ErrorCategory::Usage, "give --cert or --p12, not both", {}, {}}));
  }
  const auto password = make_password_provider(args.identity.password);
  Prepared p;
  if (!args.identity.cert.empty() || !args.identity.p12.empty()) {
    auto loaded = load_identity(args.identity, password);
    if (!loaded) return std::unexpected(cannot_run(ctx.output, loaded.error(), core::FindingId::ClientIdentityUnreadable));
    p.identity = std::move(*loaded);
  }
  auto anchors = load_anchors(args.cacert.empty() ? default_anchor_files() : args.cacert, password);
  if (!anchors) return std::unexpected(cannot_run(ctx.output, anchors.error()));
  p.anchors = std::move(*anchors);
  auto crls = load_crls(args.identity.crl, password);
  if (!crls) return std::unexpected(cannot_run(ctx.output, crls.error()));
  p.crls = std::move(*crls);

  if (!args.connect_to.empty()) {
    auto to = probe::parse_host_port(args.connect_to);
    if (!to) return std::unexpected(cannot_run(ctx.output, to.error()));
    p.options.connect_to = *to;
  }
  p.options.servername = args.servername;
  p.options.source_address = args.source_address;
  p.options.version = args.tls12 ? probe::TlsVersion::Tls12 : args.tls13 ? probe::TlsVersion::Tls13 : probe::TlsVersion::Any;
  p.options.security_level = args.identity.seclevel;
  p.options.timeout = std::chrono::milliseconds{static_cast<long>(args.timeout * 1000)};
  p.options.starttls = args.starttls == "postgres" ? probe::StartTls::Postgres
                       : args.starttls == "smtp"   ? probe::StartTls::Smtp
                                                   : probe::StartTls::None;
  p.options.application = args.no_request ? probe::Application::None : probe::first_exchange(p.options.starttls);
  p.options.pg_user = args.pg_user;
  p.options.pg_database = args.pg_database;

  if (p.identity) {
    const auto& id = *p.identity;
    if (id.key && !id.key->matches(id.leaf)) {
      p.refused = local_refusal(core::FindingId::ClientKeyMismatch,
                                fmt::format("the private key in {} does not belong to the certificate in {}",
                                            id.key->source(), id.cert_file),
                                {"mtls-doctor inspect DIR   # pairs every key with its certificate"});
    } else if (!id.key) {
      p.refused = local_refusal(core::FindingId::ClientKeyMissing, "no private key for the client certificate (--key)",
                                {"--key client.key"});
    } else {
      probe::Credentials creds;
      const auto der = id.leaf.der();
      creds.chain.emplace_back(der.begin(), der.end());
      for (const auto& c : id.offered) creds.chain.emplace_back(c.der().begin(), c.der().end());
      creds.key = id.key->native();
      p.credentials = std::move(creds);
    }
  }
  return p;
}

// A postgres:// or smtp:// target brings its protocol, and a PostgreSQL URL its user and database.
probe::ProbeOptions options_for(const DiagnoseArgs& args, const probe::ProbeOptions& shared, const probe::Target& t) {
  probe::ProbeOptions o = shared;
  if (t.starttls != probe::StartTls::None) {
    o.starttls = t.starttls;
    o.application = args.no_request ? probe::Application::None : probe::first_exchange(t.starttls);
  }
  if (!t.user.empty()) o.pg_user = t.user;
  if (!t.database.empty()) o.pg_database = t.database;
  return o;
}

// One target's verdict from its probe result.
// `client_check`: diagnose::check_client() of p's identity at `now`, shared by many targets.
core::Result<core::Report> judge(const Prepared& p, const probe::Target& target, const core::Result<probe::Transcript>& t,
                                 const std::string& servername, core::TimePoint now,
                                 const chain::CheckResult* client_check = nullptr) {
  if (p.refused) return *p.refused;
  if (!t) {
    // OpenSSL refused to load the identity: at this security level, it is too weak to send.
    return local_refusal(core::FindingId::ClientCertWeak,
                         fmt::format("{} ({})", t.error().message, fmt::join(t.error().details, "; ")),
                         {"Reissue with a P-256 or RSA-2048+ key and SHA-256",
                          "--seclevel 0 sends it anyway, to see what the server says"});
  }
  diagnose::Inputs in{*t, p.identity, p.crls, chain::Trust{p.anchors, {}, ""},
                      servername.empty() ? target.host : servername, now, 2};
  in.client_check = client_check;
  return diagnose::diagnose(in);
}

core::Result<std::vector<probe::Target>> read_targets(const std::string& file) {
  std::ifstream in(file);
  if (!in) return core::fail(core::ErrorCategory::Io, "cannot read the targets file", file);
  std::vector<probe::Target> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    auto t = probe::parse_target(std::string_view(line).substr(first, last - first + 1));
    if (!t) return core::fail(core::ErrorCategory::Usage, fmt::format("line {}: {}", number, t.error().message), file);
    out.push_back(std::move(*t));
    if (out.size() > 100'000) return core::fail(core::ErrorCategory::Limit, "more than 100,000 targets", file);
  }
  if (out.empty()) return core::fail(core::ErrorCategory::Usage, "no targets in the file", file);
  return out;
}

Exit run_many(const DiagnoseArgs& args, AppContext& ctx, const Prepared& p, const std::vector<probe::Target>& targets) {
  std::vector<probe::Probe> probes;
  for (const auto& t : targets) {
    probe::Probe pr;
    pr.target = t;
    pr.options = options_for(args, p.options, t);
    pr.credentials = p.credentials;
    probes.push_back(std::move(pr));
  }
  // A progress bar on a terminal (stderr), nothing otherwise.
  const bool tty = isatty(STDERR_FILENO) == 1;
  probe::Progress progress;
  if (tty) {
    progress = [](std::size_t done, std::size_t total) {
      const int width = 30;
      const int filled = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
      fmt::print(stderr, "\r[{:=<{}}{:<{}}] {}/{}", "", filled, "", width - filled, done, total);
      if (done == total) fmt::print(stderr, "\r{:<{}}\r", "", width + 24);
    };
  }
  const auto results = probe::run_probes(probes, static_cast<std::size_t>(std::max(args.concurrency, 1)), progress);
  const auto now = ctx.clock.now();
  // The identity's own faults are the same for every target: checked once.
  std::optional<core::Result<chain::CheckResult>> client_check;
  if (p.identity) client_check = diagnose::check_client(*p.identity, p.crls, now, 2);
  const chain::CheckResult* shared_check = client_check && *client_check ? &**client_check : nullptr;
  bool all_ok = true;
  render::Table table;
  table.add_row({"target", "verdict", "rejected by", "confidence", "ms"},
                {render::Color::Bold, render::Color::Bold, render::Color::Bold, render::Color::Bold, render::Color::Bold});
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto report = judge(p, targets[i], results[i], args.servername, now, shared_check);
    if (!report) return cannot_run(ctx.output, report.error());
    const auto cause = report->verdict.cause;
    const bool ok = core::is_success(cause);
    all_ok = all_ok && ok;
    const double ms = results[i] ? results[i]->total_ms : 0.0;
    if (ctx.output.parsed() == Format::Json || !isatty(STDOUT_FILENO)) {
      auto j = render::report_json(*report);
      j["target"] = targets[i].display();
      j["handshake"] = results[i] ? diagnose::transcript_json(*results[i]) : nlohmann::ordered_json(nullptr);
      // JSON lines: one object per target.
      std::string line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      line += '\n';
      print_text(line);
    } else {
      table.add_row({targets[i].display(), std::string(slug(cause)), std::string(to_string(report->verdict.rejected_by)),
                     std::string(to_string(report->verdict.confidence)), fmt::format("{:.0f}", ms)},
                    {render::Color::None, ok ? render::Color::Green : render::Color::Red});
    }
  }
  if (ctx.output.parsed() != Format::Json && isatty(STDOUT_FILENO)) print_text(table.render(ctx.output.style()));
  return all_ok ? Exit::Ok : Exit::Problem;
}

struct Ranked {
  chain::Identity identity;
  std::vector<core::Finding> faults;
  std::optional<core::Report> live;  // when tried
};

// "Which of my certificates will this server accept?" — the browser user's question behind
// ERR_BAD_SSL_CLIENT_AUTH_CERT: every identity found (a certificate with its key) ranked against
// the server's acceptable CA names, validity and EKU; the best ones then tried live.
Exit run_identities(const DiagnoseArgs& args, AppContext& ctx, const Prepared& prepared, const probe::Target& target) {
  const auto now = ctx.clock.now();
  probe::Probe anonymous{target, prepared.options, std::nullopt};
  auto first = probe::run_probe(anonymous);
  if (!first) return cannot_run(ctx.output, first.error());
  if (first->error != probe::TransportError::None && !first->certificate_requested) {
    auto report = judge(prepared, target, first, args.servername, now);
    if (!report) return cannot_run(ctx.output, report.error());
    return print(ctx, *report, &*first);
  }
  std::vector<std::filesystem::path> paths(args.identities.begin(), args.identities.end());
  auto inv = x509::build_inventory(paths, make_password_provider(args.identity.password));
  if (!inv) return cannot_run(ctx.output, inv.error());

  std::vector<Ranked> ranked;
  for (const auto& key_ref : inv->keys) {
    const auto& key = inv->files[key_ref.file].keys[key_ref.index];
    for (const auto leaf_index : key_ref.certificates) {
      chain::Identity id{inv->cert(leaf_index), {}, key, false, inv->files[inv->certificates[leaf_index].file].source, key.source(), ""};
      for (const auto& chain : inv->chains) {
        if (chain.front() != leaf_index) continue;
        for (std::size_t k = 1; k < chain.size(); ++k) id.offered.push_back(inv->cert(chain[k]));
      }
      auto faults = diagnose::identity_faults(*first, id, now);
      ranked.push_back({std::move(id), std::move(faults), std::nullopt});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.faults.size() != b.faults.size()) return a.faults.size() < b.faults.size();
    return a.identity.leaf.facts().not_after > b.identity.leaf.facts().not_after;
  });
  for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < args.try_best; ++i) {
    auto& r = ranked[i];
    probe::Credentials creds;
    creds.chain.emplace_back(r.identity.leaf.der().begin(), r.identity.leaf.der().end());
    for (const auto& c : r.identity.offered) creds.chain.emplace_back(c.der().begin(), c.der().end());
    creds.key = r.identity.key->native();
    probe::Probe p{target, prepared.options, std::move(creds)};
    auto t = probe::run_probe(p);
    Prepared with = {r.identity, prepared.anchors, prepared.crls, prepared.options, std::nullopt, std::nullopt};
    auto report = judge(with, target, t, args.servername, now);
    if (report) r.live = std::move(*report);
  }

  const bool accepted = std::any_of(ranked.begin(), ranked.end(), [](const Ranked& r) {
    return r.live && r.live->verdict.outcome == core::Outcome::Ok;
  });
  if (ctx.output.parsed() == Format::Json) {
    nlohmann::ordered_json j;
    j["target"] = target.display();
    j["certificate_requested"] = first->certificate_requested;
    j["acceptable_ca_names"] = first->acceptable_ca_names;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const auto& r = ranked[i];
      const auto& f = r.identity.leaf.facts();
      nlohmann::ordered_json e;
      e["rank"] = i + 1;
      e["subject"] = f.subject.rfc4514;
      e["issuer"] = f.issuer.rfc4514;
      e["not_after"] = core::format_rfc3339(f.not_after);
      e["file"] = r.identity.cert_file;
      nlohmann::ordered_json faults = nlohmann::ordered_json::array();
      for (const auto& fault : r.faults) faults.push_back(render::finding_json(fault));
      e["faults"] = std::move(faults);
      e["live"] = r.live ? render::verdict_json(r.live->verdict) : nlohmann::ordered_json(nullptr);
      list.push_back(std::move(e));
    }
    j["identities"] = std::move(list);
    print_json(j);
  } else {
    const auto style = ctx.output.style();
    std::string out = fmt::format("{} asks for a client certificate issued under: {}\n\n", target.display(),
                                  first->acceptable_ca_names.empty() ? std::string("(no CA names sent)")
                                                                     : fmt::format("{}", fmt::join(first->acceptable_ca_names, "; ")));
    if (!first->certificate_requested) out = fmt::format("{} does not ask for a client certificate at all.\n\n", target.display());
    render::Table table;
    table.add_row({"#", "certificate", "file", "offline", "live"},
                  {render::Color::Bold, render::Color::Bold, render::Color::Bold, render::Color::Bold, render::Color::Bold});
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const auto& r = ranked[i];
      std::vector<std::string> ids;
      for (const auto& fault : r.faults) ids.emplace_back(slug(fault.id));
      const std::string offline = ids.empty() ? "fits" : fmt::format("{}", fmt::join(ids, ", "));
      const std::string live = r.live ? std::string(slug(r.live->verdict.cause)) : "-";
      table.add_row({std::to_string(i + 1), r.identity.leaf.facts().subject.rfc4514, r.identity.cert_file, offline, live},
                    {render::Color::None, render::Color::None, render::Color::Dim,
                     ids.empty() ? render::Color::Green : render::Color::Yellow,
                     live == "ok" ? render::Color::Green : render::Color::None});
    }
    out += table.render(style);
    if (ranked.empty()) out += "No certificate with its private key was found in the paths given.\n";
    print_text(out);
  }
  return accepted ? Exit::Ok : Exit::Problem;
}

Exit run(const DiagnoseArgs& args, AppContext& ctx) {
  if (args.target.empty() == args.targets_file.empty()) {
    return cannot_run(ctx.output, {core::ErrorCategory::Usage, "give one TARGET or --targets FILE", {}, {}});
  }
  std::vector<probe::Target> targets;
  if (!args.targets_file.empty()) {
    auto read = read_targets(args.targets_file);
    if (!read) return cannot_run(ctx.output, read.error());
    targets = std::move(*read);
  } else {
    auto target = probe::parse_target(args.target);
    if (!target) return cannot_run(ctx.output, target.error());
    targets.push_back(std::move(*target));
  }
  for (const auto& t : targets) {
    if (t.starttls != probe::StartTls::None && !args.starttls.empty() && args.starttls != to_string(t.starttls)) {
      return cannot_run(ctx.output, {core::ErrorCategory::Usage,
                                     fmt::format("--starttls {} contradicts the {}:// target", args.starttls, to_string(t.starttls)),
                                     {},
                                     {}});
    }
  }
  auto prepared = prepare(args, ctx);
  if (!prepared) return prepared.error();
  if (targets.size() == 1) prepared->options = options_for(args, prepared->options, targets.front());
  if (!args.identities.empty()) {
    if (targets.size() != 1) return cannot_run(ctx.output, {core::ErrorCategory::Usage, "--identities takes one TARGET", {}, {}});
    return run_identities(args, ctx, *prepared, targets.front());
  }
  if (!args.targets_file.empty()) return run_many(args, ctx, *prepared, targets);

  if (prepared->refused) return print(ctx, *prepared->refused, nullptr);
  probe::Probe p{targets.front(), prepared->options, prepared->credentials};
  auto transcript = probe::run_probe(p);
  auto report = judge(*prepared, targets.front(), transcript, args.servername, ctx.clock.now());
  if (!report) return cannot_run(ctx.output, report.error());
  return print(ctx, *report, transcript ? &*transcript : nullptr);
}

}  // namespace

void add_diagnose_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<DiagnoseArgs>();
  CLI::App* cmd = app.add_subcommand("diagnose", "Connect with your client identity and say which side rejects and why");
  cmd->add_option("target", args->target,
                  "host:port, [v6addr]:port, https://host[:port]/path, postgres://[user@]host[:port][/db] or smtp://host[:port]");
  cmd->add_option("--targets", args->targets_file, "a file of targets, one per line (# comments): JSON lines out");
  cmd->add_option("--identities", args->identities,
                  "files or directories of certificates+keys (PEM/DER/PKCS#12): rank which the server would accept");
  cmd->add_option("--try", args->try_best, "with --identities: try this many of the best live")->capture_default_str();
  cmd->add_option("--concurrency", args->concurrency, "probes in flight at once with --targets")->capture_default_str();
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
  cmd->add_flag("--no-request", args->no_request, "send nothing after the handshake (no HTTP request, no STARTTLS protocol exchange)");
  cmd->add_option("--starttls", args->starttls,
                  "speak this protocol before TLS and as the first exchange after it: postgres (SSLRequest, then a "
                  "StartupMessage) or smtp (EHLO, STARTTLS, then EHLO again)")
      ->check(CLI::IsMember({"postgres", "smtp"}));
  cmd->add_option("--pg-user", args->pg_user, "with --starttls postgres: the user the StartupMessage logs in as")->capture_default_str();
  cmd->add_option("--pg-database", args->pg_database, "with --starttls postgres: the database (default: the user's name)");
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
