#include "command_docs.h"

#include <fmt/format.h>

namespace mtlsdoctor::cli {
namespace {

const std::pair<int, std::string> kCannotRun{2, "could not run: a usage error, or an input that cannot be read"};

std::vector<CommandDoc> make_docs() {
  return {
      {"check",
       {{"mtls-doctor check --cert client.crt --key client.key --chain chain.pem --cacert ca.pem",
         "would a server trusting ca.pem accept this client identity?"},
        {"mtls-doctor check --role server --cert fullchain.pem --cacert root.pem --host api.example.org",
         "would a client accept this server certificate for api.example.org?"}},
       {{0, "the identity would be accepted"}, {1, "a problem was found"}, kCannotRun}},
      {"inspect",
       {{"mtls-doctor inspect /etc/ssl/private/", "every certificate, key, CRL and PKCS#12 in a directory"},
        {"openssl s_client -showcerts -connect host:443 </dev/null | mtls-doctor inspect -", "what a server sends"}},
       {{0, "nothing wrong"}, {1, "an expired certificate or CRL, or an unreadable file"}, kCannotRun}},
      {"diagnose",
       {{"mtls-doctor diagnose api.example.org --cert client.crt --key client.key",
         "connect and say which side rejects and why"},
        {"mtls-doctor diagnose https://api.example.org/health --p12 me.p12 --proxy http://proxy:3128",
         "the same through an HTTP proxy (HTTPS_PROXY, ALL_PROXY and NO_PROXY are honoured too)"},
        {"mtls-doctor diagnose api.example.org --p12 me.p12 --proxy socks5h://127.0.0.1:1080",
         "through a SOCKS5 proxy that resolves the name (an ssh -D tunnel, say)"},
        {"mtls-doctor diagnose host:8443 --alpn h2,http/1.1 --save-chain server-chain.pem",
         "offer ALPN and keep the chain the server sent"}},
       {{0, "accepted (ok or mtls-not-requested)"}, {1, "a failure was diagnosed"}, kCannotRun}},
      {"explain",
       {{"mtls-doctor explain 'tlsv1 alert unknown ca'", "which side refused, and why"},
        {"mtls-doctor explain --log /var/log/nginx/error.log", "the causes in a log, by count"},
        {"mtls-doctor explain --alert 48", "what a TLS alert means"}},
       {{0, "explained"}, {1, "nothing known about the input"}, kCannotRun}},
      {"lab",
       {{"mtls-doctor lab create ./lab", "a test PKI with every fault"}},
       {{0, "done"}, {1, "a replayed identity did not get its expected verdict"}, kCannotRun}},
      {"lab create",
       {{"mtls-doctor lab create ./lab", "write the lab into an empty directory"},
        {"mtls-doctor lab create ./lab --force", "write over a non-empty one"}},
       {{0, "created"}, kCannotRun}},
      {"lab verify",
       {{"mtls-doctor lab verify ./lab", "replay every identity of the manifest through check"}},
       {{0, "every identity got its expected verdict"}, {1, "some did not"}, kCannotRun}},
      {"policy",
       {{"mtls-doctor policy lint policy.yaml", "rules that never decide, overlaps"}},
       {{0, "allowed, or nothing found"}, {1, "denied, or findings"}, kCannotRun}},
      {"policy test",
       {{"mtls-doctor policy test --policy policy.yaml --cert client.crt --source 10.1.2.3",
         "would this certificate be allowed from this address?"}},
       {{0, "allowed"}, {1, "denied"}, kCannotRun}},
      {"policy lint",
       {{"mtls-doctor policy lint policy.yaml", "findings with FILE:LINE:COLUMN"}},
       {{0, "nothing found"}, {1, "findings"}, kCannotRun}},
      {"policy export",
       {{"mtls-doctor policy export --policy policy.yaml --to nginx > access.conf", "the policy as nginx rules"}},
       {{0, "written"}, {2, "could not run (refused, unreadable or invalid policy)"}}},
      {"fullchain",
       {{"mtls-doctor fullchain --cert server.crt --chain bundle.pem -o fullchain.pem",
         "leaf first, intermediates in order, no root, no strays"},
        {"mtls-doctor fullchain --cert client.crt --chain a.pem --chain b.pem --cacert ca.pem -o -",
         "the same to standard output"}},
       {{0, "written"}, {1, "the chain is incomplete: the missing issuer is named, nothing is written"}, kCannotRun}},
      {"monitor",
       {{"mtls-doctor monitor run --config monitor.yaml", "one sweep: every item worst first with days left"}},
       {{0, "all ok"}, {1, "something is not ok"}, kCannotRun}},
      {"monitor run",
       {{"mtls-doctor monitor run --config monitor.yaml --format nagios", "as a Nagios/Icinga plugin"},
        {"mtls-doctor monitor run --config monitor.yaml --at +30d", "what will have expired in 30 days"}},
       {{0, "all ok (nagios: OK)"},
        {1, "something is not ok (nagios: WARNING)"},
        {2, "could not run (nagios: CRITICAL)"},
        {3, "nagios: UNKNOWN"}}},
      {"monitor history",
       {{"mtls-doctor monitor history --config monitor.yaml --item api --since -7d", "one item's states this week"}},
       {{0, "shown"}, kCannotRun}},
      {"monitor serve",
       {{"mtls-doctor monitor serve --config monitor.yaml --listen 127.0.0.1:9796",
         "sweep every interval; Prometheus scrapes /metrics, a browser opens http://127.0.0.1:9796/"},
        {"curl 'http://127.0.0.1:9796/probe?target=api.example.com:443&identity=payments-client'",
         "one live probe, blackbox-exporter style (targets outside probe.allow: 403)"}},
       {{0, "stopped by SIGTERM or SIGINT"}, kCannotRun}},
      {"serve",
       {{"mtls-doctor serve --listen 127.0.0.1:8443 --cert server.crt --key server.key --client-ca client-ca.pem "
         "--policy policy.yaml --decision-log -",
         "refuse with the alert that names the fault: 116/40 none sent, 48 unknown CA, 45 expired, 44 revoked, "
         "43 no clientAuth, 42 not yet valid or weak, 49 a policy denial"},
        {"mtls-doctor serve --cert server.crt --key server.key --client-ca ca.pem --deny-with http "
         "--upstream-http http://127.0.0.1:8080",
         "403 with the cause and the rule instead; allowed requests go upstream with X-Forwarded-Client-Cert"}},
       {{0, "stopped by SIGTERM or SIGINT (SIGHUP or a changed file reloads)"}, kCannotRun}},
  };
}

}  // namespace

const std::vector<CommandDoc>& command_docs() {
  static const std::vector<CommandDoc> docs = make_docs();
  return docs;
}

const CommandDoc* doc_for(const std::string& path) {
  for (const auto& d : command_docs()) {
    if (d.path == path) return &d;
  }
  return nullptr;
}

std::vector<std::pair<std::string, CLI::App*>> all_commands(CLI::App& app) {
  std::vector<std::pair<std::string, CLI::App*>> out;
  const auto walk = [&](const auto& self, CLI::App& at, const std::string& prefix) -> void {
    for (auto* sub : at.get_subcommands({})) {
      const std::string path = prefix.empty() ? sub->get_name() : prefix + " " + sub->get_name();
      out.emplace_back(path, sub);
      self(self, *sub, path);
    }
  };
  walk(walk, app, "");
  return out;
}

void add_doc_footers(CLI::App& app) {
  for (auto& [path, cmd] : all_commands(app)) {
    const CommandDoc* doc = doc_for(path);
    if (!doc) continue;
    std::string footer = "Examples:\n";
    for (const auto& [line, what] : doc->examples) footer += fmt::format("  {}\n      {}\n", line, what);
    footer += "Exit codes:";
    for (const auto& [code, what] : doc->exit_codes) footer += fmt::format("\n  {}  {}", code, what);
    footer += "\n";
    cmd->footer(footer);
  }
}

std::vector<FlagDoc> flags_of(CLI::App& cmd) {
  std::vector<FlagDoc> out;
  for (const auto* opt : cmd.get_options({})) {
    if (!opt->nonpositional()) continue;  // positionals are in the synopsis
    FlagDoc f;
    for (const auto& s : opt->get_snames()) f.names.push_back("-" + s);
    for (const auto& l : opt->get_lnames()) f.names.push_back("--" + l);
    f.takes_value = opt->get_type_size_max() > 0;
    f.value = f.takes_value ? opt->get_type_name() : "";
    f.default_value = opt->get_default_str();
    f.help = opt->get_description();
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mtlsdoctor::cli
