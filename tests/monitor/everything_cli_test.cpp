// Issue 16's list, from outside, in one configuration: certificates at rest made by our lab and
// by the openssl CLI (good, expiring within warning, within critical, expired, incomplete chain,
// weak, revoked by CRL, revoked by OCSP — `openssl ocsp` answering behind a loopback receiver —
// encrypted PKCS#12), an identity, and live endpoints on one nginx (good, client certificate
// rejected, mTLS not requested, acceptable CA names that do not list our issuer). Each item must
// have its documented state and cause in the JSON, the text table and the Nagios output, with
// `--at` pinning the clock.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "diagnose/peers.h"
#include "pki.h"
#include "receiver.h"

namespace mtlsdoctor::monitor {
namespace {

struct Want {
  std::string name;
  std::string kind;
  std::string state;  // as in JSON
  std::string cause;
};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// One nginx, four server blocks: `ssl_verify_client on` against the lab's client root (good,
// and the rejected identity), no client certificate asked, and a block that verifies against
// the client root but sends only the other CA's name as acceptable (ssl_trusted_certificate
// trusts without advertising).
std::string nginx_http(const std::filesystem::path& lab, const std::uint16_t (&ports)[3]) {
  const auto at = [&](std::string_view n) { return (lab / n).string(); };
  const auto server = [&](std::uint16_t port, const std::string& client) {
    return fmt::format(
        "  server {{\n    listen 127.0.0.1:{} ssl;\n    ssl_certificate {};\n    ssl_certificate_key {};\n{}"
        "    location / {{ return 200 \"ok\\n\"; }}\n  }}\n",
        port, at("server-fullchain.pem"), at("server-good.key"), client);
  };
  return server(ports[0], fmt::format("    ssl_client_certificate {};\n    ssl_verify_client on;\n"
                                      "    ssl_verify_depth 3;\n",
                                      at("client-ca.pem"))) +
         server(ports[1], "") +
         server(ports[2], fmt::format("    ssl_client_certificate {};\n    ssl_trusted_certificate {};\n"
                                      "    ssl_verify_client on;\n    ssl_verify_depth 3;\n",
                                      at("other-ca.pem"), at("client-ca.pem")));
}

TEST(MonitorEverything, EachItemHasItsStateAndCauseInJsonTextAndNagios) {
  const auto& lab = test::pki("lab");
  const auto& ossl = test::pki("openssl");
  testsupport::TempDir dir("mtlsd-monitor-all");
  const auto in_lab = [&](std::string_view n) { return (lab.dir / n).string(); };

  // OCSP: the openssl CLI's PKI of tests/fixtures/cdp_pki.sh, answered by `openssl ocsp`.
  const auto ocsp_dir = dir / "ocsp";
  test::Receiver responder(test::openssl_ocsp(ocsp_dir));
  ASSERT_TRUE(test::make_ocsp_pki(ocsp_dir, fmt::format("http://127.0.0.1:{}/", responder.port())));

  // The expiring ones: copies of a good leaf (90 days left) judged against thresholds above that.
  for (auto n : {"expiring-warning.pem", "expiring-critical.pem"})
    std::filesystem::copy_file(lab.dir / "client-good-full.pem", dir / n);
  testsupport::write_server_fullchain(lab.dir);
  const std::uint16_t ports[3] = {testsupport::closed_port(), testsupport::closed_port(), testsupport::closed_port()};
  auto nginx = testsupport::nginx_process(dir.path(), "nginx", nginx_http(lab.dir, ports), ports[0]);
  ASSERT_TRUE(nginx->ok()) << nginx->output() << testsupport::read_file(dir / "nginx-error.log");
  ASSERT_TRUE(testsupport::port_accepts(ports[1]) && testsupport::port_accepts(ports[2]));

  std::string yaml = "version: 1\nfiles:\n";
  const auto judged = [&](const std::string& path, const test::Pki& p, std::string_view extra = "") {
    const auto at = [&](std::string_view n) { return (p.dir / n).string(); };
    yaml += fmt::format("  - path: {}\n    cacert: {}\n    crl: {}\n{}", path, at("client-ca.pem"),
                        at("client-crl.pem"), extra);
  };
  for (const auto* p : {&lab, &ossl})
    for (auto n : {"client-good-full.pem", "client-expired-full.pem", "client-no-intermediate.crt",
                   "client-weak-key-full.pem", "client-revoked-full.pem"})
      judged((p->dir / n).string(), *p);
  judged((dir / "expiring-warning.pem").string(), lab, "    thresholds: {warning: 100d, critical: 7d}\n");
  judged((dir / "expiring-critical.pem").string(), lab, "    thresholds: {warning: 100d, critical: 95d}\n");
  yaml += fmt::format("  - path: {}\n    password_file: {}\n", in_lab("client-p12-modern.p12"),
                      in_lab("client-p12-modern.pass"));
  for (auto n : {"client-good.crt", "client-revoked.crt"})
    yaml += fmt::format("  - path: {}\n    cacert: {}\n", (ocsp_dir / n).string(), (ocsp_dir / "ca.pem").string());
  yaml += "identities:\n";
  for (auto id : {"client-good", "client-expired"})
    yaml +=
        fmt::format("  - name: {}\n    cert: {}\n    key: {}\n    chain: {}\n", id, in_lab(std::string(id) + ".crt"),
                    in_lab(std::string(id) + ".key"), in_lab(std::string(id) + "-chain.pem"));
  yaml += "endpoints:\n";
  const auto endpoint = [&](std::string_view name, std::uint16_t port, std::string_view id) {
    yaml +=
        fmt::format("  - name: {}\n    target: 127.0.0.1:{}\n    identity: {}\n    cacert: {}\n    expect_mtls: true\n",
                    name, port, id, in_lab("server-ca.pem"));
  };
  endpoint("nginx-good", ports[0], "client-good");
  endpoint("nginx-rejected", ports[0], "client-expired");
  endpoint("nginx-not-requested", ports[1], "client-good");
  endpoint("nginx-ca-list-drift", ports[2], "client-good");
  testsupport::write_file(dir / "monitor.yaml", yaml);

  std::vector<Want> want;
  for (const auto* p : {&lab, &ossl}) {
    const auto at = [&](std::string_view n) { return (p->dir / n).string(); };
    want.push_back({at("client-good-full.pem#1"), "file", "ok", "ok"});
    // The intermediate of every leaf + chain file is an item of its own.
    for (auto n : {"client-good-full.pem#2", "client-expired-full.pem#2", "client-weak-key-full.pem#2",
                   "client-revoked-full.pem#2"})
      want.push_back({at(n), "file", "ok", "ok"});
    want.push_back({at("client-expired-full.pem#1"), "file", "critical", "client-cert-expired"});
    want.push_back({at("client-no-intermediate.crt"), "file", "warning", "client-chain-incomplete"});
    want.push_back({at("client-weak-key-full.pem#1"), "file", "warning", "client-cert-weak"});
    want.push_back({at("client-revoked-full.pem#1"), "file", "critical", "client-cert-revoked"});
  }
  want.push_back({(dir / "expiring-warning.pem#1").string(), "file", "warning", "cert-expires-soon"});
  want.push_back({(dir / "expiring-critical.pem#1").string(), "file", "critical", "cert-expires-soon"});
  for (auto n : {"expiring-warning.pem#2", "expiring-critical.pem#2"})
    want.push_back({(dir / n).string(), "file", "ok", "ok"});
  want.push_back({in_lab("client-p12-modern.p12#1"), "file", "ok", "ok"});
  want.push_back({in_lab("client-p12-modern.p12#2"), "file", "ok", "ok"});  // the chain it carries
  want.push_back({(ocsp_dir / "client-good.crt").string(), "file", "ok", "ok"});
  want.push_back({(ocsp_dir / "client-revoked.crt").string(), "file", "critical", "client-cert-revoked"});
  want.push_back({"client-good", "identity", "ok", "ok"});
  want.push_back({"client-expired", "identity", "critical", "client-cert-expired"});
  want.push_back({"nginx-good", "endpoint", "ok", "ok"});
  want.push_back({"nginx-rejected", "endpoint", "critical", "client-cert-expired"});
  want.push_back({"nginx-not-requested", "endpoint", "warning", "mtls-not-requested"});
  want.push_back({"nginx-ca-list-drift", "endpoint", "warning", "ca-list-drift"});

  // Now, once every PKI here is made (the OCSP one after the lab), pinned for the three runs.
  const auto at_lab = core::format_rfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  const auto run = [&](const std::string& format) {
    return testsupport::run_program(MTLSD_BINARY,
                                    {"monitor", "run", "--config", (dir / "monitor.yaml").string(), "--format", format,
                                     "--at", at_lab, "--no-history"},
                                    {.timeout = std::chrono::seconds(180)});
  };

  // JSON: every item, its kind, state and cause; OCSP named as the source of the revocation.
  const auto json = run("json");
  ASSERT_EQ(json.exit_code, 1) << json.describe();
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["checked_at"], at_lab);
  std::map<std::string, nlohmann::json> items;
  for (const auto& item : j["items"]) items[item["name"]] = item;
  std::map<std::string, int> count;
  for (const auto& w : want) {
    SCOPED_TRACE(w.name);
    ASSERT_TRUE(items.contains(w.name)) << json.out.substr(0, 4000);
    const auto& item = items[w.name];
    EXPECT_EQ(item["kind"], w.kind);
    EXPECT_EQ(item["state"], w.state) << item.value("reason", "");
    EXPECT_EQ(item["cause"], w.cause) << item.value("reason", "");
  }
  for (const auto& [name, item] : items) ++count[item["state"].get<std::string>()];
  for (const auto& [name, item] : items)
    EXPECT_TRUE(std::any_of(want.begin(), want.end(), [&](const Want& w) { return w.name == name; }))
        << "an item beyond the list: " << name << " " << item["state"] << " " << item["cause"];
  EXPECT_NE(items[(ocsp_dir / "client-revoked.crt").string()]["reason"].get<std::string>().find("OCSP"),
            std::string::npos);
  EXPECT_EQ(items["nginx-rejected"]["verdict"]["rejected_by"], "server");
  for (const auto& state : {"ok", "warning", "critical", "unknown"}) EXPECT_EQ(j["summary"][state], count[state]);

  // Text: the table's row of each item holds its state and cause; worst first.
  const auto text = run("text");
  ASSERT_EQ(text.exit_code, 1) << text.describe();
  std::size_t last_rank = 0;
  for (const auto& line_start : {std::string("CRITICAL"), std::string("WARNING"), std::string("OK")}) {
    const auto first = text.out.find("\n" + line_start + " ");
    ASSERT_NE(first, std::string::npos) << line_start << "\n" << text.out;
    EXPECT_GE(first, last_rank) << line_start << " rows come after a better state's";
    last_rank = first;
  }
  for (const auto& w : want) {
    SCOPED_TRACE(w.name);
    bool found = false;
    std::size_t from = 0;
    while (!found) {
      const auto at = text.out.find(" " + w.name + " ", from);
      if (at == std::string::npos) break;
      const auto begin = text.out.rfind('\n', at) + 1;
      const auto row = text.out.substr(begin, text.out.find('\n', at) - begin);
      found = row.starts_with(upper(w.state) + " ") && row.find(" " + w.kind + " ") != std::string::npos &&
              row.ends_with(" " + w.cause);
      from = at + 1;
    }
    EXPECT_TRUE(found) << "no row '" << upper(w.state) << " " << w.kind << " " << w.name << " … " << w.cause << "'\n"
                       << text.out;
  }
  EXPECT_NE(text.out.find(fmt::format("{} critical, {} warning, {} unknown, {} ok (checked at {})", count["critical"],
                                      count["warning"], count["unknown"], count["ok"], at_lab)),
            std::string::npos)
      << text.out;

  // Nagios: CRITICAL (exit 2), the counts, perfdata for every certificate, a line per item not ok.
  const auto nagios = run("nagios");
  EXPECT_EQ(nagios.exit_code, 2) << nagios.describe();
  EXPECT_TRUE(nagios.out.starts_with(fmt::format("MTLS-DOCTOR CRITICAL - {} critical, {} warning, {} unknown, {} ok",
                                                 count["critical"], count["warning"], count["unknown"], count["ok"])))
      << nagios.out.substr(0, 400);
  const auto status = nagios.out.substr(0, nagios.out.find('\n'));
  for (const auto& w : want) {
    SCOPED_TRACE(w.name);
    EXPECT_NE(status.find(fmt::format("'days_left_{}'=", w.name)), std::string::npos);
    const auto line = fmt::format("\n{} {} {}: ", upper(w.state), w.kind, w.name);
    EXPECT_EQ(nagios.out.find(line) != std::string::npos, w.state != "ok") << nagios.out;
  }
  // The pinned clock is what the days are counted from: the good leaf has its 90 days (less the
  // seconds since the lab was made).
  EXPECT_NE(status.find(fmt::format("'days_left_{}'=90.00;30;7", in_lab("client-good-full.pem#1"))), std::string::npos)
      << status.substr(0, 600);

  // Judged two days ahead, the endpoints keep their causes: the servers' Date headers are
  // compared with this machine's clock when the probe ran, not with the pinned time (which read
  // as clock skew for every reachable endpoint).
  const auto endpoints_only = yaml.substr(yaml.find("identities:\n"));
  testsupport::write_file(dir / "ahead.yaml", "version: 1\n" + endpoints_only);
  const auto ahead = testsupport::run_program(
      MTLSD_BINARY,
      {"monitor", "run", "--config", (dir / "ahead.yaml").string(), "--format", "json", "--at", "+2d", "--no-history"},
      {.timeout = std::chrono::seconds(180)});
  ASSERT_EQ(ahead.exit_code, 1) << ahead.describe();
  std::map<std::string, nlohmann::json> later;
  const auto ahead_json = nlohmann::json::parse(ahead.out);
  for (const auto& item : ahead_json["items"]) later[item["name"]] = item;
  for (const auto& w : want) {
    if (w.kind != "endpoint") continue;
    SCOPED_TRACE(w.name);
    ASSERT_TRUE(later.contains(w.name)) << ahead.out.substr(0, 2000);
    EXPECT_EQ(later[w.name]["cause"], w.cause) << later[w.name].value("reason", "");
    EXPECT_EQ(later[w.name]["state"], w.state);
  }
}

}  // namespace
}  // namespace mtlsdoctor::monitor
