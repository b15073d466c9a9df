// The live half of the Apache httpd and HAProxy audit tests: the openssl-made client
// certificates of tests/fixtures/policy_pki.sh (and one from a CA nobody trusts), a server
// certificate, curl presenting a certificate from a chosen loopback address, and
// `check --server-config` asked about the same certificate. The audit's verdict must be what the
// server did: 200 ↔ ok, a refused handshake (no HTTP answer) ↔ a verification cause or a closed
// connection, 403 ↔ client-access-denied — and the line it names must be the refusing one.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "diagnose/peers.h"
#include "policy/pki.h"
#include "support/run.h"

namespace mtlsdoctor::servercfg::test {

using testsupport::read_file;
using testsupport::run_program;
using testsupport::write_file;

inline const std::string kBinary = MTLSD_BINARY;

// The PKI directory, with server.pem/.key, clients-ca.pem (root + intermediate),
// haproxy.pem (certificate + key), stranger.pem/.key (a client of an untrusted CA),
// stranger-ca.pem and crls.pem (made with `openssl ca`: `sales` revoked).
inline const std::filesystem::path& pki_dir() {
  static const std::filesystem::path dir = [] {
    const auto& d = policy::test::Pki::get().dir();
    const auto ossl = [&d](std::vector<std::string> args) {
      auto r = run_program("openssl", args, {.cwd = d});
      EXPECT_EQ(r.exit_code, 0) << r.describe();
    };
    ossl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
          "-out", "server.pem", "-days", "30", "-subj", "/CN=localhost", "-addext",
          "subjectAltName=DNS:localhost,DNS:api.example.com,IP:127.0.0.1"});
    ossl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
          "stranger-ca.key", "-out", "stranger-ca.pem", "-days", "30", "-subj", "/CN=Stranger CA"});
    ossl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "stranger.key", "-out",
          "stranger.csr", "-subj", "/C=DE/O=Example Corp/OU=payments/CN=svc-stranger"});
    write_file(d / "stranger.ext", "extendedKeyUsage=clientAuth\n");
    ossl({"x509", "-req", "-in", "stranger.csr", "-CA", "stranger-ca.pem", "-CAkey", "stranger-ca.key", "-set_serial",
          "0x77", "-days", "30", "-extfile", "stranger.ext", "-out", "stranger.pem"});
    write_file(d / "clients-ca.pem", read_file(d / "ca.pem") + read_file(d / "chain.pem"));
    // crls.pem: the root's CRL (empty) and the intermediate's, which revokes `sales` (0x2000).
    for (const std::string n : {"root", "int"}) {
      std::filesystem::create_directories(d / ("ca-" + n));
      write_file(d / ("ca-" + n) / "index.txt", "");
      write_file(d / ("ca-" + n) / "crlnumber", "01\n");
      write_file(d / (n + ".cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=" + (d / ("ca-" + n) / "index.txt").string() +
                                       "\ncrlnumber=" + (d / ("ca-" + n) / "crlnumber").string() +
                                       "\ndefault_md=sha256\ndefault_crl_days=30\n");
    }
    ossl({"ca", "-config", "int.cnf", "-keyfile", "int.key", "-cert", "chain.pem", "-revoke", "sales.pem"});
    ossl({"ca", "-config", "int.cnf", "-keyfile", "int.key", "-cert", "chain.pem", "-gencrl", "-out", "int.crl"});
    ossl({"ca", "-config", "root.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-gencrl", "-out", "root.crl"});
    write_file(d / "crls.pem", read_file(d / "root.crl") + read_file(d / "int.crl"));
    write_file(d / "haproxy.pem", read_file(d / "server.pem") + read_file(d / "server.key"));
    return d;
  }();
  return dir;
}

// The 1-based line of `file` that holds `needle` (0 when none does).
inline int line_of(const std::filesystem::path& file, const std::string& needle) {
  const std::string text = read_file(file);
  const auto at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// What the server on `port` answers `client` from `source`: the HTTP status, 0 when there was no
// HTTP answer (the handshake or the connection was refused).
inline int curl(std::uint16_t port, const std::string& client, const std::string& source = "127.0.0.1") {
  const auto& d = pki_dir();
  auto r = run_program(
      "curl",
      {"-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "--cacert", (d / "server.pem").string(),
       "--cert", (d / (client + ".pem")).string(), "--key", (d / (client + ".key")).string(), "--interface", source,
       "--resolve", "localhost:" + std::to_string(port) + ":127.0.0.1",
       "https://localhost:" + std::to_string(port) + "/"},
      {.timeout = std::chrono::seconds(15)});
  return r.exit_code == 0 ? std::atoi(r.out.c_str()) : 0;
}

inline testsupport::RunResult audit_run(const std::filesystem::path& conf, const std::string& client,
                                        const std::string& source, const std::vector<std::string>& more = {}) {
  const auto& d = pki_dir();
  std::vector<std::string> args = {"check",           "--cert",      (d / (client + ".pem")).string(),
                                   "--server-config", conf.string(), "--server-name",
                                   "localhost",       "--format",    "json"};
  if (!source.empty()) args.insert(args.end(), {"--source-address", source});
  args.insert(args.end(), more.begin(), more.end());
  return run_program(kBinary, args, {.timeout = std::chrono::seconds(20)});
}

inline nlohmann::json audit(const std::filesystem::path& conf, const std::string& client,
                            const std::string& source = "127.0.0.1") {
  auto r = audit_run(conf, client, source);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.describe();
  if (j.is_discarded() || !j.contains("verdict") || !j.contains("findings")) {
    return {{"verdict", {{"cause", "(no answer)"}}}, {"findings", nlohmann::json::array()}};
  }
  return j;
}

// evidence.config of the finding that is the verdict's cause.
inline std::string config_of(const nlohmann::json& j) {
  for (const auto& f : j["findings"]) {
    if (f["id"] == j["verdict"]["cause"] && f["evidence"].contains("config")) return f["evidence"]["config"];
  }
  return "";
}

inline bool has_finding(const nlohmann::json& j, const std::string& id) {
  for (const auto& f : j["findings"]) {
    if (f["id"] == id) return true;
  }
  return false;
}

// Counts every comparison of a live test, for the figures in the report.
struct Tally {
  int compared = 0;
  int allowed = 0;
  int refused = 0;
};

// The server answered `status`; the audit must say `cause`, naming `file`:`line` when `line` is
// not 0; for a 403, evidence.http_status is 403 too.
inline void expect_same(Tally& tally, std::uint16_t port, const std::filesystem::path& conf, const std::string& client,
                        int status, const std::string& cause, const std::filesystem::path& file, int line,
                        const std::string& source = "127.0.0.1") {
  SCOPED_TRACE(client + " from " + source + " with " + conf.filename().string());
  const int got = curl(port, client, source);
  EXPECT_EQ(got, status);
  const auto j = audit(conf, client, source);
  EXPECT_EQ(j["verdict"]["cause"], cause) << j.dump(2);
  if (line) {
    EXPECT_EQ(config_of(j), file.string() + ":" + std::to_string(line)) << j.dump(2);
  }
  if (status == 403) {
    for (const auto& f : j["findings"]) {
      if (f["id"] == "client-access-denied") {
        EXPECT_EQ(f["evidence"]["http_status"], 403);
      }
    }
  }
  ++tally.compared;
  (got == 200 ? tally.allowed : tally.refused)++;
}

// One query of a live test: what the server answers `client` from `source`, the audit's cause,
// and the text of the line it must name in `file` ("" when it names none).
struct Expect {
  std::string client;
  int status = 200;
  std::string cause = "ok";
  std::string line;
  std::string source = "127.0.0.1";
  std::filesystem::path in;  // the file holding `line`, when not the one expect_all is given
};

inline void expect_all(Tally& tally, std::uint16_t port, const std::filesystem::path& conf,
                       const std::filesystem::path& file, const std::vector<Expect>& expects) {
  for (const auto& e : expects) {
    const auto& where = e.in.empty() ? file : e.in;
    const int line = e.line.empty() ? 0 : line_of(where, e.line);
    if (!e.line.empty()) {
      EXPECT_GT(line, 0) << e.line;
    }
    expect_same(tally, port, conf, e.client, e.status, e.cause, where, line, e.source);
  }
}

}  // namespace mtlsdoctor::servercfg::test
