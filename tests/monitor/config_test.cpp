// The configuration: MONITOR.md's example reads into typed values; every mistake is an error
// at its file:line:column, unknown keys included.
#include "mtlsdoctor/monitor/config.h"

#include <gtest/gtest.h>

#include "support/run.h"

namespace mtlsdoctor::monitor {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kExample = R"(version: 1
thresholds: {warning: 30d, critical: 7d}
interval: 5m
database: mtls-doctor.db
files:
  - path: /etc/pki/tls
    password_file: /etc/pki/p12.pass
    cacert: /etc/pki/ca.pem
    crl: [/etc/pki/client-int.crl]
identities:
  - name: payments-client
    cert: /etc/pki/client.crt
    key: /etc/pki/client.key
endpoints:
  - name: payments-api
    target: https://api.example.com/health
    identity: payments-client
    cacert: /etc/pki/server-ca.pem
    servername: api.example.com
    expect_mtls: true
    successor_ca: /etc/pki/client-root-2027.pem
    thresholds: {warning: 14d}
probe:
  allow: ["127.0.0.1:*", "*.example.com:443"]
  identity: payments-client
  cacert: /etc/pki/server-ca.pem
)";

TEST(MonitorConfig, ReadsTheExampleOfMonitorMd) {
  auto c = parse_config(kExample, "m.yaml", "/srv/mon");
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->thresholds.warning, std::chrono::seconds(30 * 86400));
  EXPECT_EQ(c->thresholds.critical, std::chrono::seconds(7 * 86400));
  EXPECT_EQ(c->interval, 5min);
  EXPECT_EQ(c->database, "/srv/mon/mtls-doctor.db");  // relative to the configuration
  ASSERT_EQ(c->files.size(), 1u);
  EXPECT_EQ(c->files[0].resolved, "/etc/pki/tls");
  EXPECT_EQ(c->files[0].crl.size(), 1u);
  EXPECT_EQ(c->files[0].where.line, 6);
  ASSERT_EQ(c->identities.size(), 1u);
  EXPECT_EQ(*c->identities[0].key, "/etc/pki/client.key");
  ASSERT_EQ(c->endpoints.size(), 1u);
  EXPECT_TRUE(c->endpoints[0].expect_mtls);
  EXPECT_EQ(*c->endpoints[0].identity, "payments-client");
  // A per-item override starts from the global thresholds.
  ASSERT_TRUE(c->endpoints[0].thresholds);
  EXPECT_EQ(c->endpoints[0].thresholds->warning, std::chrono::seconds(14 * 86400));
  EXPECT_EQ(c->endpoints[0].thresholds->critical, std::chrono::seconds(7 * 86400));
  EXPECT_EQ(c->probe.allow.size(), 2u);
  EXPECT_FALSE(c->notify.any());
}

TEST(MonitorConfig, ReadsNotify) {
  auto c = parse_config(
      "version: 1\nnotify:\n  webhook: http://127.0.0.1:9000/hooks/mtls\n  command: mail -s x ops\n"
      "  renotify: 24h\n",
      "c.yaml", "/");
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_TRUE(c->notify.webhook);
  EXPECT_EQ(c->notify.webhook->host, "127.0.0.1");
  EXPECT_EQ(c->notify.webhook->port, 9000);
  EXPECT_EQ(c->notify.webhook->path, "/hooks/mtls");
  EXPECT_EQ(*c->notify.command, "mail -s x ops");
  EXPECT_EQ(*c->notify.renotify, 24h);
  auto plain = parse_config("version: 1\nnotify: {webhook: 'http://relay.internal'}\n", "c.yaml", "/");
  ASSERT_TRUE(plain) << plain.error().describe();
  EXPECT_EQ(plain->notify.webhook->port, 80);
  EXPECT_EQ(plain->notify.webhook->path, "/");
}

TEST(MonitorConfig, ReadsLogs) {
  auto c = parse_config("version: 1\nlogs:\n  - path: /var/log/nginx/error.log\n  - name: haproxy\n    path: ha.log\n",
                        "c.yaml", "/etc/mtls");
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_EQ(c->logs.size(), 2u);
  EXPECT_EQ(c->logs[0].name, "/var/log/nginx/error.log");
  EXPECT_EQ(c->logs[0].path, "/var/log/nginx/error.log");
  EXPECT_EQ(c->logs[1].name, "haproxy");
  EXPECT_EQ(c->logs[1].path, "/etc/mtls/ha.log");  // relative to the configuration
}

struct Bad {
  std::string_view yaml;
  std::string_view where;  // file:line:column
  std::string_view says;
};

TEST(MonitorConfig, EveryErrorNamesFileLineColumn) {
  const Bad cases[] = {
      {"version: 1\nfiles:\n  - path: a\n    pasword_file: x\n", "c.yaml:4:5", "unknown key 'pasword_file'"},
      {"version: 1\nbogus: 3\n", "c.yaml:2:1", "unknown key 'bogus'"},
      {"files: []\n", "c.yaml:1:1", "version: 1 is missing"},
      {"version: 2\n", "c.yaml:1:10", "version 2"},
      {"version: 1\nthresholds: {warning: 30x}\n", "c.yaml:2:23", "not a duration"},
      {"version: 1\nthresholds: {warning: 3d, critical: 7d}\n", "c.yaml:2:1", "critical must not be longer"},
      {"version: 1\nfiles:\n  - cacert: a\n", "c.yaml:3:5", "needs 'path'"},
      {"version: 1\nidentities:\n  - name: a\n    key: k\n", "c.yaml:3:5", "either 'cert'"},
      {"version: 1\nendpoints:\n  - name: e\n    target: h:443\n    identity: nobody\n", "c.yaml:3:5",
       "no identity named 'nobody'"},
      {"version: 1\nendpoints:\n  - name: e\n    target: 'h:99999'\n", "c.yaml:3:5", "target 'h:99999'"},
      {"version: 1\nendpoints:\n  - name: e\n    target: h:1\n    expect_mtls: maybe\n", "c.yaml:5:18",
       "not true or false"},
      {"version: 1\nfiles: [\n", "c.yaml:", "not valid YAML"},
      {"version: 1\nversion: 1\n", "c.yaml:2:1", "appears twice"},
      {"version: 1\nfiles: {path: a}\n", "c.yaml:2:8", "files must be a list"},
      {"version: 1\nidentities:\n  - name: a\n    cert: c\n  - name: a\n    cert: d\n", "c.yaml:5:5", "defined twice"},
      {"version: 1\nendpoints:\n  - name: \"x'y\"\n    target: h:1\n", "c.yaml:3:11", "quotes"},
      {"version: 1\nnotify: {webhook: https://hooks.example/x}\n", "c.yaml:2:19", "only http://"},
      {"version: 1\nnotify: {renotify: 1h}\n", "c.yaml:2:1", "needs a webhook or a command"},
      {"version: 1\nnotify: {command: x, mail: y}\n", "c.yaml:2:22", "unknown key 'mail'"},
      {"version: 1\nfiles:\n  - path: a\n    role: ca\n", "c.yaml:4:11", "'ca' is not client or server"},
      {"version: 1\nthresholds: {warning: 3d, fatal: 1d}\n", "c.yaml:2:27",
       "unknown key 'fatal' in thresholds (expected one of: warning, critical)"},
      {"version: 1\ninterval: 0s\n", "c.yaml:2:11", "interval must be at least 1s"},
      {"version: 1\nnotify: {command: x, timeout: 0s}\n", "c.yaml:2:31", "timeout must be at least 1s"},
      {"version: 1\nprobe: {allow: x}\n", "c.yaml:2:16", "probe.allow must be a list"},
      {"version: 1\nidentities:\n  - name: a\n    certificate: c\n", "c.yaml:4:5",
       "(expected one of: name, cert, key, chain, p12, password_file, cacert, crl, thresholds)"},
      {"version: 1\nendpoints:\n  - {name: e, target: 'h:1', expect_mtls: true, sni: x}\n", "c.yaml:3:49",
       "(expected one of: name, target, identity, cacert, servername, expect_mtls, successor_ca, thresholds)"},
      {"version: 1\nlogs:\n  - name: a\n", "c.yaml:3:5", "needs a path"},
      {"version: 1\nlogs:\n  - path: a\n    follow: yes\n", "c.yaml:4:5", "unknown key 'follow'"},
      {"version: 1\nlogs:\n  - path: a\n  - path: a\n", "c.yaml:4:5", "defined twice"},
  };
  for (const auto& bad : cases) {
    auto c = parse_config(bad.yaml, "c.yaml", "/tmp");
    ASSERT_FALSE(c) << bad.yaml;
    EXPECT_EQ(c.error().category, core::ErrorCategory::Parse) << bad.yaml;
    EXPECT_TRUE(c.error().subject.starts_with(bad.where)) << bad.yaml << " → " << c.error().subject;
    EXPECT_NE(c.error().message.find(bad.says), std::string::npos) << bad.yaml << " → " << c.error().message;
  }
}

TEST(MonitorConfig, FileErrorsNameTheFile) {
  testsupport::TempDir dir;
  auto missing = load_config(dir / "absent.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().category, core::ErrorCategory::Io);
  EXPECT_EQ(missing.error().subject, (dir / "absent.yaml").string());
  auto directory = load_config(dir.path());
  ASSERT_FALSE(directory);
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);
  testsupport::write_file(dir / "ok.yaml", "version: 1\nfiles:\n  - path: certs/\n");
  auto ok = load_config(dir / "ok.yaml");
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_EQ(ok->files[0].resolved, dir / "certs/");  // relative to the configuration's directory
}

}  // namespace
}  // namespace mtlsdoctor::monitor
