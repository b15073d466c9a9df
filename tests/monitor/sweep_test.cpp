// A sweep over certificates of both generators: each item gets its documented state and cause
// (MONITOR.md "States"), and the clock decides expiry against the thresholds.
#include "mtlsdoctor/monitor/sweep.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/notify.h"
#include "mtlsdoctor/render/json_writer.h"
#include "mtlsdoctor/render/monitor.h"
#include "mtlsdoctor/x509/inventory.h"
#include "pki.h"

namespace mtlsdoctor::monitor {
namespace {

using namespace std::chrono_literals;
using core::FindingId;
namespace fs = std::filesystem;
using test::find;

class MonitorSweep : public ::testing::TestWithParam<std::string> {
 protected:
  const test::Pki& p() const { return test::pki(GetParam()); }
  std::string at(std::string_view name) const { return (p().dir / name).string(); }

  SweepResult run(const std::string& yaml, core::TimePoint when) const {
    testsupport::TempDir dir("mtlsd-monitor-cfg");
    auto config = parse_config(yaml, "monitor.yaml", dir.path());
    EXPECT_TRUE(config) << config.error().describe();
    if (!config) return {};
    return sweep(*config, SweepOptions{when});
  }

  // The full-chain files of the client hierarchy, judged against its root and CRLs.
  std::string client_files() const {
    std::string out = "files:\n";
    for (auto name : {"client-good-full.pem", "client-expired-full.pem", "client-revoked-full.pem",
                      "client-weak-key-full.pem", "client-no-intermediate.crt", "client-not-yet-valid-full.pem"})
      out += fmt::format("  - path: {}\n    cacert: {}\n    crl: [{}]\n", at(name), at("client-ca.pem"),
                         at("client-crl.pem"));
    return out;
  }
};

TEST_P(MonitorSweep, EachCertificateAtRestGetsItsStateAndCause) {
  const auto r = run("version: 1\n" + client_files(), p().created);
  struct Want {
    std::string name;
    State state;
    FindingId cause;
  };
  const Want want[] = {
      {at("client-good-full.pem#1"), State::Ok, FindingId::Ok},
      {at("client-good-full.pem#2"), State::Ok, FindingId::Ok},  // the intermediate: an item of its own
      {at("client-expired-full.pem#1"), State::Critical, FindingId::ClientCertExpired},
      {at("client-revoked-full.pem#1"), State::Critical, FindingId::ClientCertRevoked},
      {at("client-weak-key-full.pem#1"), State::Warning, FindingId::ClientCertWeak},
      {at("client-no-intermediate.crt"), State::Warning, FindingId::ClientChainIncomplete},
      {at("client-not-yet-valid-full.pem#1"), State::Critical, FindingId::ClientCertNotYetValid},
  };
  for (const auto& w : want) {
    const auto& item = find(r, w.name);
    EXPECT_EQ(item.state, w.state) << w.name << ": " << to_string(item.state) << " " << core::slug(item.cause) << " "
                                   << item.reason;
    EXPECT_EQ(item.cause, w.cause) << w.name << ": " << core::slug(item.cause);
    EXPECT_EQ(item.kind, ItemKind::File);
    EXPECT_TRUE(item.certificate) << w.name;
  }
  EXPECT_EQ(find(r, at("client-good-full.pem#2")).certificate->role, CertRole::Ca);
  EXPECT_EQ(find(r, at("client-good-full.pem#1")).certificate->role, CertRole::Client);
  EXPECT_EQ(r.worst(), State::Critical);
}

TEST_P(MonitorSweep, ExpiryIsJudgedAgainstTheThresholdsAtTheGivenTime) {
  const std::string yaml =
      fmt::format("version: 1\nthresholds: {{warning: 30d, critical: 7d}}\nfiles:\n  - path: {}\n    cacert: {}\n",
                  at("client-good-full.pem"), at("client-ca.pem"));
  const auto leaf = at("client-good-full.pem#1");
  // Good leaves are valid for 90 days from their creation.
  const auto fresh = find(run(yaml, p().created), leaf);
  EXPECT_EQ(fresh.state, State::Ok) << fresh.reason;
  EXPECT_NEAR(fresh.certificate->days_left, 90, 0.1);
  const auto soon = find(run(yaml, p().created + std::chrono::days{65}), leaf);
  EXPECT_EQ(soon.state, State::Warning) << soon.reason;
  EXPECT_EQ(soon.cause, FindingId::CertExpiresSoon);
  EXPECT_NEAR(soon.certificate->days_left, 25, 0.1);
  const auto close = find(run(yaml, p().created + std::chrono::days{85}), leaf);
  EXPECT_EQ(close.state, State::Critical) << close.reason;
  EXPECT_EQ(close.cause, FindingId::CertExpiresSoon);
  const auto gone = find(run(yaml, p().created + std::chrono::days{95}), leaf);
  EXPECT_EQ(gone.state, State::Critical);
  EXPECT_EQ(gone.cause, FindingId::ClientCertExpired);
  EXPECT_LT(gone.certificate->days_left, 0);
}

TEST_P(MonitorSweep, AnItemsOwnThresholdsOverrideTheGlobalOnes) {
  const std::string yaml = fmt::format(
      "version: 1\nfiles:\n  - path: {0}\n    cacert: {1}\n    thresholds: {{warning: 100d, critical: 1d}}\n"
      "  - path: {2}\n    cacert: {1}\n",
      at("client-good-full.pem"), at("client-ca.pem"), at("server-good-full.pem"));
  const auto r = run(yaml, p().created);
  EXPECT_EQ(find(r, at("client-good-full.pem#1")).state, State::Warning);
  EXPECT_EQ(find(r, at("client-good-full.pem#1")).cause, FindingId::CertExpiresSoon);
  // The other entry keeps the global 30 days; the server leaf is read as a server certificate.
  EXPECT_EQ(find(r, at("server-good-full.pem#1")).certificate->role, CertRole::Server);
}

TEST_P(MonitorSweep, ChainIsJudgedOnlyAgainstTheCacertGiven) {
  // Without cacert, the missing intermediate cannot be seen and is not claimed; with the wrong
  // root, the certificate does not reach it.
  const std::string yaml =
      fmt::format("version: 1\nfiles:\n  - path: {0}\n  - path: {1}\n    cacert: {2}\n",
                  at("client-no-intermediate.crt"), at("client-good-full.pem"), at("server-ca.pem"));
  const auto r = run(yaml, p().created);
  EXPECT_EQ(find(r, at("client-no-intermediate.crt")).state, State::Ok);
  const auto& other = find(r, at("client-good-full.pem#1"));
  EXPECT_EQ(other.state, State::Warning);
  EXPECT_EQ(other.cause, FindingId::ClientCertUntrustedIssuer);
}

TEST_P(MonitorSweep, EncryptedPkcs12WithItsPasswordFileAndWithoutIt) {
  const std::string yaml = fmt::format(
      "version: 1\nfiles:\n  - path: {0}\n    password_file: {1}\n    cacert: {2}\n    crl: {3}\n  - path: {0}\n"
      "    password_file: {4}\n",
      at("client-p12-modern.p12"), at("client-p12-modern.pass"), at("client-ca.pem"), at("client-crl.pem"),
      at("client-good.crt"));  // a certificate is not its password
  const auto r = run(yaml, p().created);
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_EQ(r.items[0].state, State::Ok) << r.items[0].reason;
  EXPECT_EQ(r.items[0].certificate->role, CertRole::Client);
  EXPECT_EQ(r.items[1].certificate->role, CertRole::Ca);
  EXPECT_EQ(r.items[2].state, State::Unknown);
  EXPECT_EQ(r.items[2].cause, FindingId::ClientIdentityUnreadable);
  // The password is never repeated in what we say.
  const auto password = testsupport::read_file(p().dir / "client-p12-modern.pass");
  for (const auto& item : r.items) {
    EXPECT_EQ(item.reason.find(password), std::string::npos);
    for (const auto& f : item.findings) EXPECT_EQ(f.message.find(password), std::string::npos);
  }
}

TEST_P(MonitorSweep, DirectoriesAndGlobsGiveEveryCertificateFound) {
  testsupport::TempDir d("mtlsd-monitor-dir");
  fs::create_directories(d / "sub");
  fs::copy_file(p().dir / "client-good-full.pem", d / "sub" / "a.pem");
  fs::copy_file(p().dir / "server-good.crt", d / "b.crt");
  testsupport::write_file(d / "notes.txt", "not a certificate\n");
  const auto by_dir = run(fmt::format("version: 1\nfiles:\n  - path: {}\n", d.path().string()), p().created);
  EXPECT_EQ(by_dir.items.size(), 3u);  // two in a.pem, one in b.crt; notes.txt passed over
  const auto by_glob = run(fmt::format("version: 1\nfiles:\n  - path: {}/*.crt\n", d.path().string()), p().created);
  ASSERT_EQ(by_glob.items.size(), 1u);
  EXPECT_EQ(by_glob.items[0].source, (d / "b.crt").string());
  const auto none = run(fmt::format("version: 1\nfiles:\n  - path: {}/*.none\n", d.path().string()), p().created);
  ASSERT_EQ(none.items.size(), 1u);
  EXPECT_EQ(none.items[0].state, State::Unknown);
  const auto absent = run("version: 1\nfiles:\n  - path: /nonexistent/x.pem\n", p().created);
  ASSERT_EQ(absent.items.size(), 1u);
  EXPECT_EQ(absent.items[0].state, State::Unknown);
  EXPECT_NE(absent.items[0].reason.find("/nonexistent/x.pem"), std::string::npos);
}

TEST_P(MonitorSweep, WhatCannotBeReadIsUnknownNamingTheFile) {
  testsupport::TempDir d("mtlsd-monitor-bad");
  testsupport::write_file(d / "garbage.pem",
                          "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
  testsupport::write_file(d / "empty.pem", "");
  const auto r = run(fmt::format("version: 1\nfiles:\n  - path: {0}\n  - path: {1}\n  - path: {2}\n    cacert: {3}\n"
                                 "identities:\n  - name: no-key-file\n    cert: {2}\n    key: {3}\n",
                                 (d / "garbage.pem").string(), (d / "empty.pem").string(), at("client-good.crt"),
                                 (d / "absent-ca.pem").string()),
                     p().created);
  ASSERT_EQ(r.items.size(), 4u);
  for (const auto& item : r.items) {
    EXPECT_EQ(item.state, State::Unknown) << item.name << ": " << item.reason;
    EXPECT_EQ(item.cause, FindingId::ClientIdentityUnreadable) << item.name;
  }
  EXPECT_NE(r.items[0].reason.find("garbage.pem"), std::string::npos) << r.items[0].reason;
  EXPECT_NE(r.items[1].reason.find("empty.pem"), std::string::npos) << r.items[1].reason;
  EXPECT_NE(r.items[2].reason.find("absent-ca.pem"), std::string::npos) << r.items[2].reason;
  EXPECT_NE(r.items[3].reason.find("absent-ca.pem"), std::string::npos) << r.items[3].reason;
}

TEST_P(MonitorSweep, IdentitiesAreJudgedAsAServerWouldJudgeThem) {
  const std::string yaml = fmt::format(
      "version: 1\nidentities:\n"
      "  - name: good\n    cert: {0}\n    key: {1}\n    chain: {2}\n    cacert: {3}\n    crl: {4}\n"
      "  - name: mismatch\n    cert: {5}\n    key: {6}\n    chain: {7}\n    cacert: {3}\n"
      "  - name: p12\n    p12: {8}\n    password_file: {9}\n    cacert: {3}\n"
      "  - name: no-eku\n    cert: {10}\n    key: {11}\n    chain: {12}\n    cacert: {3}\n",
      at("client-good.crt"), at("client-good.key"), at("client-good-chain.pem"), at("client-ca.pem"),
      at("client-crl.pem"), at("client-key-mismatch.crt"), at("client-key-mismatch.key"),
      at("client-key-mismatch-chain.pem"), at("client-p12-modern.p12"), at("client-p12-modern.pass"),
      at("client-no-clientauth-eku.crt"), at("client-no-clientauth-eku.key"), at("client-no-clientauth-eku-chain.pem"));
  const auto r = run(yaml, p().created);
  EXPECT_EQ(find(r, "good").state, State::Ok) << find(r, "good").reason;
  EXPECT_EQ(find(r, "good").kind, ItemKind::Identity);
  EXPECT_EQ(find(r, "mismatch").state, State::Critical);
  EXPECT_EQ(find(r, "mismatch").cause, FindingId::ClientKeyMismatch);
  EXPECT_EQ(find(r, "p12").state, State::Ok) << find(r, "p12").reason;
  EXPECT_EQ(find(r, "no-eku").state, State::Warning);
  EXPECT_EQ(find(r, "no-eku").cause, FindingId::ClientCertMissingClientAuthEku);
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

TEST_P(MonitorSweep, KubeconfigUsersAreClientIdentities) {
  testsupport::TempDir d("mtlsd-monitor-kube");
  const auto data = [&](std::string_view f) { return base64(testsupport::read_file(p().dir / f)); };
  testsupport::write_file(
      d / "config", fmt::format("apiVersion: v1\nkind: Config\nclusters: []\nusers:\n"
                                "- name: alice\n  user:\n    client-certificate-data: {}\n    client-key-data: {}\n"
                                "- name: mallory\n  user:\n    client-certificate-data: {}\n    client-key-data: {}\n"
                                "- name: token-only\n  user:\n    token: abc\n",
                                base64(testsupport::read_file(p().dir / "client-good.crt") +
                                       testsupport::read_file(p().dir / "client-good-chain.pem")),
                                data("client-good.key"), data("client-expired.crt"), data("client-good.key")));
  const auto r = run(
      fmt::format("version: 1\nfiles:\n  - path: {}\n    cacert: {}\n", (d / "config").string(), at("client-ca.pem")),
      p().created);
  ASSERT_EQ(r.items.size(), 2u);  // users without a client certificate are not items
  const auto& alice = find(r, (d / "config").string() + "#alice");
  EXPECT_EQ(alice.state, State::Ok) << alice.reason;
  EXPECT_EQ(alice.certificate->role, CertRole::Client);
  const auto& mallory = find(r, (d / "config").string() + "#mallory");
  EXPECT_EQ(mallory.state, State::Critical);
  // Expired, and the key is another's: the key mismatch is what a client meets first.
  EXPECT_EQ(mallory.cause, FindingId::ClientKeyMismatch);
  // Found inside a directory too.
  const auto by_dir = run(fmt::format("version: 1\nfiles:\n  - path: {}\n", d.path().string()), p().created);
  EXPECT_EQ(by_dir.items.size(), 2u);
}

// Every certificate file of the generator, each an entry of its own (most leaves then stand
// alone: no cacert, no issuer beside them), judged from the facts where OpenSSL's verifier would
// read nothing more and by OpenSSL alone: the same items, to the byte, at four times.
TEST_P(MonitorSweep, CertificatesJudgedAloneGetTheSameItemsWithoutOpenSslsObjects) {
  std::string yaml = "version: 1\nfiles:\n";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(p().dir)) {
    const auto ext = e.path().extension();
    if (ext == ".crt" || ext == ".pem") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) yaml += fmt::format("  - path: {}\n", f.string());
  testsupport::TempDir dir("mtlsd-monitor-cfg");
  auto config = parse_config(yaml, "monitor.yaml", dir.path());
  ASSERT_TRUE(config) << config.error().describe();
  std::size_t items = 0;
  for (auto when : {p().created, p().created + std::chrono::days{65}, p().created + std::chrono::days{400},
                    p().created - std::chrono::days{1}}) {
    SweepOptions fast{when};
    SweepOptions openssl{when};
    openssl.verifier = chain::Verifier::OpenSslOnly;
    const auto a = sweep(*config, fast);
    const auto b = sweep(*config, openssl);
    ASSERT_EQ(a.items.size(), b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
      EXPECT_EQ(render::monitor_json(SweepResult{when, {a.items[i]}}).dump(),
                render::monitor_json(SweepResult{when, {b.items[i]}}).dump())
          << a.items[i].name;
    }
    items = a.items.size();
  }
  // Not vacuous: many of those certificates are ones the facts answer for.
  auto inv = x509::build_inventory(files, x509::no_password());
  ASSERT_TRUE(inv);
  std::size_t complete = 0;
  for (std::size_t i = 0; i < inv->certificates.size(); ++i) complete += inv->cert(i).facts().verifier_facts_complete;
  EXPECT_GE(complete, 10u) << "of " << inv->certificates.size() << " certificates, " << items << " items";
}

// The streamed JSON is the tree's, to the byte (lab and openssl certificates, findings and all).
TEST_P(MonitorSweep, StreamedJsonIsTheTreesJson) {
  const auto r = run("version: 1\n" + client_files(), p().created);
  ASSERT_FALSE(r.items.empty());
  std::ostringstream tree, streamed, empty_tree, empty_streamed;
  render::write_json(tree, render::monitor_json(r));
  render::write_monitor_json(streamed, r);
  EXPECT_EQ(streamed.str(), tree.str());
  const SweepResult none{r.checked_at, {}};
  render::write_json(empty_tree, render::monitor_json(none));
  render::write_monitor_json(empty_streamed, none);
  EXPECT_EQ(empty_streamed.str(), empty_tree.str());
}

// Every kind of item: ok, expired, revoked, weak, incomplete, not yet valid, an intermediate, what
// cannot be read (unknown), and identities; judged now and 85 days on (within the thresholds).
std::string every_kind_yaml(const test::Pki& pki, const std::string& client_files, const fs::path& garbage) {
  const auto at = [&](std::string_view name) { return (pki.dir / name).string(); };
  return "version: 1\n" + client_files +
         fmt::format(
             "  - path: {0}\n  - path: /nonexistent/x.pem\nidentities:\n"
             "  - name: good\n    cert: {1}\n    key: {2}\n    chain: {3}\n    cacert: {4}\n"
             "  - name: mismatch\n    cert: {5}\n    key: {6}\n    chain: {7}\n    cacert: {4}\n",
             garbage.string(), at("client-good.crt"), at("client-good.key"), at("client-good-chain.pem"),
             at("client-ca.pem"), at("client-key-mismatch.crt"), at("client-key-mismatch.key"),
             at("client-key-mismatch-chain.pem"));
}

// The sweep item by item gives the items of the whole sweep, in the same order: the JSON written
// as each arrives is the JSON of the whole result, to the byte.
TEST_P(MonitorSweep, ItemByItemGivesTheWholeSweepsItemsInOrder) {
  testsupport::TempDir d("mtlsd-monitor-stream");
  testsupport::write_file(d / "garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
  const auto yaml = every_kind_yaml(p(), client_files(), d / "garbage.pem");
  for (const auto when : {p().created, p().created + std::chrono::days{85}}) {
    const auto whole = run(yaml, when);
    auto config = parse_config(yaml, "monitor.yaml", d.path());
    ASSERT_TRUE(config) << config.error().describe();
    std::ostringstream held, streamed;
    render::write_monitor_json(held, whole);
    render::MonitorJsonStream json(streamed, when);
    std::vector<std::string> names;
    sweep(*config, SweepOptions{when}, [&](Item&& item) {
      names.push_back(item.name);
      json.add(item);
    });
    json.end();
    ASSERT_EQ(names.size(), whole.items.size());
    for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], whole.items[i].name) << i;
    EXPECT_EQ(streamed.str(), held.str());
  }
}

// A condensed item keeps all the table, the Nagios answer, the history and the notifications
// read: the same bytes and rows from condensed items as from whole ones.
TEST_P(MonitorSweep, CondensedItemsGiveTheSameTableNagiosHistoryAndNotices) {
  testsupport::TempDir d("mtlsd-monitor-condensed");
  testsupport::write_file(d / "garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
  const auto yaml = every_kind_yaml(p(), client_files(), d / "garbage.pem");
  std::set<State> states;
  for (const auto when : {p().created, p().created + std::chrono::days{85}}) {
    const auto whole = run(yaml, when);
    SweepResult condensed_result{whole.checked_at, {}};
    for (auto item : whole.items) {
      states.insert(item.state);
      condensed_result.items.push_back(condensed(std::move(item)));
    }
    const auto& c = condensed_result;
    const render::Style plain{true};  // colours too
    EXPECT_EQ(render::monitor_text(c, plain), render::monitor_text(whole, plain));
    EXPECT_EQ(render::monitor_nagios(c), render::monitor_nagios(whole));
    for (std::size_t i = 0; i < whole.items.size(); ++i) {
      const Notice notice{whole.items[i].kind, whole.items[i].name, whole.items[i].state, State::Ok, false};
      EXPECT_EQ(notice_json(notice, c.items[i], c.checked_at), notice_json(notice, whole.items[i], whole.checked_at));
    }
    // Whole, condensed, and only what the history records (monitor run's JSON path).
    std::vector<Recorded> briefs;
    for (const auto& item : whole.items) briefs.push_back(recorded(item));
    std::vector<std::vector<HistoryRow>> rows;
    for (int form = 0; form < 3; ++form) {
      auto h = History::open(d / fmt::format("h{}.db", form));
      ASSERT_TRUE(h) << h.error().describe();
      ASSERT_TRUE(form == 2 ? h->record(whole.checked_at, briefs) : h->record(form == 0 ? whole : c));
      auto got = h->rows({});
      ASSERT_TRUE(got);
      rows.push_back(std::move(*got));
    }
    ASSERT_EQ(rows[0].size(), whole.items.size());
    for (std::size_t form = 1; form < rows.size(); ++form) {
      ASSERT_EQ(rows[form].size(), rows[0].size()) << form;
      for (std::size_t i = 0; i < rows[0].size(); ++i) {
        EXPECT_EQ(rows[form][i].name, rows[0][i].name);
        EXPECT_EQ(rows[form][i].kind, rows[0][i].kind);
        EXPECT_EQ(rows[form][i].state, rows[0][i].state);
        EXPECT_EQ(rows[form][i].cause, rows[0][i].cause);
        EXPECT_EQ(rows[form][i].days_left, rows[0][i].days_left);
        EXPECT_EQ(rows[form][i].previous, rows[0][i].previous);
      }
      fs::remove(d / fmt::format("h{}.db", form));
    }
    fs::remove(d / "h0.db");
  }
  EXPECT_EQ(states.size(), 4u);  // ok, warning, critical and unknown were all compared
}

INSTANTIATE_TEST_SUITE_P(Generators, MonitorSweep, ::testing::Values("lab", "openssl"));

}  // namespace
}  // namespace mtlsdoctor::monitor
