// The history: first seen, last changed and previous state across sweeps; the schema version;
// and a writer killed with SIGKILL in the middle of its sweeps loses nothing it committed.
#include "mtlsdoctor/monitor/history.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <map>
#include <thread>

#include "support/run.h"
#include "synthetic.h"

namespace mtlsdoctor::monitor {
namespace {

using namespace std::chrono_literals;
using test::kT0;
using test::sweep_of;

TEST(MonitorHistory, RecordsFirstSeenLastChangedAndPreviousState) {
  testsupport::TempDir dir;
  auto h = History::open(dir / "h.db");
  ASSERT_TRUE(h) << h.error().describe();
  ASSERT_TRUE(h->record(sweep_of(kT0, State::Ok, State::Ok)));
  ASSERT_TRUE(h->record(sweep_of(kT0 + 1h, State::Ok, State::Ok)));
  ASSERT_TRUE(h->record(sweep_of(kT0 + 2h, State::Warning, State::Ok)));
  ASSERT_TRUE(h->record(sweep_of(kT0 + 3h, State::Warning, State::Ok)));
  auto rows = h->rows({.item = "a"});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_FALSE((*rows)[1].previous);
  EXPECT_EQ((*rows)[1].last_changed, kT0);
  EXPECT_EQ((*rows)[2].state, State::Warning);
  EXPECT_EQ((*rows)[2].previous, State::Ok);
  EXPECT_EQ((*rows)[2].last_changed, kT0 + 2h);
  EXPECT_EQ((*rows)[3].previous, State::Ok);  // the state before the last change, kept
  EXPECT_EQ((*rows)[3].last_changed, kT0 + 2h);
  EXPECT_EQ((*rows)[3].first_seen, kT0);
  EXPECT_EQ((*rows)[3].cause, "cert-expires-soon");
  EXPECT_EQ((*rows)[3].days_left, 10.0);
  auto since = h->rows({.since = kT0 + 2h});
  ASSERT_TRUE(since);
  EXPECT_EQ(since->size(), 4u);  // two sweeps of two items
  auto endpoint = h->rows({.item = "b"});
  ASSERT_TRUE(endpoint);
  EXPECT_EQ((*endpoint)[0].kind, "endpoint");
  EXPECT_FALSE((*endpoint)[0].days_left);
}

TEST(MonitorHistory, IsWalWithAVersionedSchemaAndRefusesANewerOne) {
  testsupport::TempDir dir;
  {
    auto h = History::open(dir / "h.db");
    ASSERT_TRUE(h);
    EXPECT_EQ(*h->schema_version(), History::kSchemaVersion);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "h.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto newer = History::open(dir / "h.db");
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().category, core::ErrorCategory::Unsupported);
  EXPECT_EQ(newer.error().subject, (dir / "h.db").string());
  // Not a database at all: an error naming the file, no crash.
  testsupport::write_file(dir / "junk.db", std::string(4096, 'x'));
  auto junk = History::open(dir / "junk.db");
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().subject, (dir / "junk.db").string());
}

// A database as the first release (schema 1) wrote it: migrated on open, its rows kept.
TEST(MonitorHistory, ASchemaOneDatabaseIsMigratedKeepingItsRows) {
  testsupport::TempDir dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "v1.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "CREATE TABLE sweeps (id INTEGER PRIMARY KEY, checked_at INTEGER NOT NULL);"
                   "CREATE TABLE items (kind TEXT NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL, cause TEXT "
                   "NOT NULL, previous_state TEXT, first_seen INTEGER NOT NULL, last_changed INTEGER NOT NULL, "
                   "PRIMARY KEY (kind, name));"
                   "CREATE TABLE results (sweep_id INTEGER NOT NULL REFERENCES sweeps(id), kind TEXT NOT NULL, "
                   "name TEXT NOT NULL, state TEXT NOT NULL, cause TEXT NOT NULL, previous_state TEXT, "
                   "first_seen INTEGER NOT NULL, last_changed INTEGER NOT NULL, days_left REAL);"
                   "INSERT INTO sweeps VALUES (1, 1800000000);"
                   "INSERT INTO items VALUES ('file', 'a', 'warning', 'cert-expires-soon', NULL, 1800000000, "
                   "1800000000);"
                   "INSERT INTO results VALUES (1, 'file', 'a', 'warning', 'cert-expires-soon', NULL, 1800000000, "
                   "1800000000, 12.5);"
                   "PRAGMA user_version=1;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto h = History::open(dir / "v1.db");
  ASSERT_TRUE(h) << h.error().describe();
  EXPECT_EQ(*h->schema_version(), History::kSchemaVersion);
  auto rows = h->rows({});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].days_left, 12.5);
  // The next sweep adds to the migrated row.
  auto next = sweep_of(kT0, State::Warning, State::Ok);
  next.items[0].cause = core::FindingId::CertExpiresSoon;
  ASSERT_TRUE(h->record(next));
  auto after = h->rows({.item = "a"});
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].days_left, 12.5);
  EXPECT_EQ((*after)[1].days_left, 10.0);
  EXPECT_EQ((*after)[1].first_seen, core::TimePoint{std::chrono::seconds{1800000000}});
  // The item was never notified: its warning is due now.
  auto due = h->due(sweep_of(kT0, State::Warning, State::Ok), std::nullopt);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_FALSE((*due)[0].notified);
}

long count(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) return -1;
  sqlite3_stmt* s = nullptr;
  long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

// Sweeps in which nothing changes write no new rows (the store grows with changes, not with
// sweeps), and every sweep's per-item state still reads back as recorded.
TEST(MonitorHistory, UnchangedSweepsAddNoRowsAndReadBackWhole) {
  testsupport::TempDir dir;
  auto h = History::open(dir / "h.db");
  ASSERT_TRUE(h);
  const auto not_after = kT0 + std::chrono::days{40};
  auto at = [&](int i) {
    auto r = sweep_of(kT0 + std::chrono::hours{i}, State::Ok, State::Ok);
    r.items[0].certificate->not_after = not_after;
    r.items[0].certificate->days_left = days_left(r.checked_at, not_after);
    return r;
  };
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(h->record(at(i)));
  EXPECT_EQ(count(dir / "h.db", "SELECT count(*) FROM spans"), 2);
  auto rows = h->rows({.item = "a"});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 50u);
  EXPECT_EQ((*rows)[49].checked_at, kT0 + std::chrono::hours{49});
  EXPECT_EQ((*rows)[49].days_left, at(49).items[0].certificate->days_left);
  EXPECT_NE((*rows)[49].days_left, (*rows)[0].days_left);
}

// Against a model of the history (a row per item per sweep, as the first schema stored it), over
// random sweeps: items missing from some sweeps, reordered, changing state, cause and certificate,
// an item twice in one sweep, and days_left that does not follow from not_after.
TEST(MonitorHistory, ReadsBackEverySweepAsAModelWouldHaveStoredIt) {
  testsupport::TempDir dir;
  auto h = History::open(dir / "h.db");
  ASSERT_TRUE(h);
  struct Known {
    State state;
    std::optional<State> previous;
    core::TimePoint first_seen, last_changed;
  };
  std::map<std::string, Known> model;
  std::vector<HistoryRow> want;
  std::uint32_t seed = 12345;
  auto rnd = [&](std::uint32_t n) { return (seed = seed * 1103515245u + 12345u) / 65536u % n; };
  const std::array<State, 3> states = {State::Ok, State::Warning, State::Critical};
  for (int sweep = 0; sweep < 60; ++sweep) {
    SweepResult r;
    r.checked_at = kT0 + std::chrono::hours{sweep};
    for (int k = 0; k < 6; ++k) {
      if (rnd(5) == 0) continue;  // absent from this sweep
      Item item;
      item.kind = k == 5 ? ItemKind::Endpoint : ItemKind::File;
      item.name = fmt::format("i{}", k);
      item.state = states[rnd(10) < 8 ? 0 : rnd(3)];
      item.cause = item.state == State::Ok ? core::FindingId::Ok : core::FindingId::CertExpiresSoon;
      if (item.kind == ItemKind::File) {
        const auto not_after = kT0 + std::chrono::days{30 + static_cast<int>(rnd(10) == 0)};
        const double days = rnd(20) == 0 ? 1.5 : days_left(r.checked_at, not_after);
        item.certificate = CertSummary{"CN=x", "CN=ca", "01", "AA", not_after, days, CertRole::Client};
      }
      r.items.push_back(std::move(item));
    }
    if (rnd(4) == 0 && r.items.size() > 1) std::swap(r.items.front(), r.items.back());
    if (rnd(8) == 0 && !r.items.empty()) r.items.push_back(r.items.front());
    for (const auto& item : r.items) {
      const auto t = r.checked_at;
      auto [it, fresh] = model.try_emplace(item.name, Known{item.state, std::nullopt, t, t});
      if (!fresh && it->second.state != item.state)
        it->second = {item.state, it->second.state, it->second.first_seen, t};
      HistoryRow row{t,
                     std::string(to_string(item.kind)),
                     item.name,
                     item.state,
                     it->second.previous,
                     std::string(core::slug(item.cause)),
                     it->second.first_seen,
                     it->second.last_changed,
                     std::nullopt};
      if (item.certificate) row.days_left = item.certificate->days_left;
      want.push_back(row);
    }
    ASSERT_TRUE(h->record(r));
  }
  auto got = h->rows({});
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(fmt::format("row {}: {} at sweep {}", i, want[i].name, (want[i].checked_at - kT0).count() / 3600));
    EXPECT_EQ((*got)[i].checked_at, want[i].checked_at);
    EXPECT_EQ((*got)[i].name, want[i].name);
    EXPECT_EQ((*got)[i].kind, want[i].kind);
    EXPECT_EQ((*got)[i].state, want[i].state);
    EXPECT_EQ((*got)[i].previous, want[i].previous);
    EXPECT_EQ((*got)[i].cause, want[i].cause);
    EXPECT_EQ((*got)[i].first_seen, want[i].first_seen);
    EXPECT_EQ((*got)[i].last_changed, want[i].last_changed);
    EXPECT_EQ((*got)[i].days_left, want[i].days_left);
  }
  EXPECT_LT(count(dir / "h.db", "SELECT count(*) FROM spans"), static_cast<long>(want.size()));
}

long committed_sweeps(const std::filesystem::path& file) {
  auto h = History::open(file);
  if (!h) return -1;
  auto rows = h->rows({.item = "a"});
  return rows ? static_cast<long>(rows->size()) : -1;
}

TEST(MonitorHistory, AWriterKilledMidSweepLosesNoCommittedSweep) {
  testsupport::TempDir dir;
  const auto file = dir / "h.db";
  ASSERT_TRUE(History::open(file));
  // Big sweeps, so that the kill lands inside a transaction most of the time.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto h = History::open(file);
    if (!h) _exit(3);
    for (int i = 0;; ++i) {
      auto r = sweep_of(kT0 + std::chrono::seconds{i}, i % 2 ? State::Ok : State::Warning, State::Ok);
      for (int k = 0; k < 200; ++k) {
        Item extra = r.items[1];
        extra.name = "x" + std::to_string(k);
        r.items.push_back(extra);
      }
      if (!h->record(r)) _exit(4);
    }
  }
  long before = 0;
  for (int tries = 0; tries < 400 && before < 5; ++tries) {
    std::this_thread::sleep_for(25ms);
    before = std::max(before, committed_sweeps(file));
  }
  ASSERT_GE(before, 5) << "the writer committed nothing";
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  // Opens cleanly, passes SQLite's own check, and holds at least every sweep seen committed.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok");
  sqlite3_finalize(s);
  sqlite3_close(db);
  const long after = committed_sweeps(file);
  EXPECT_GE(after, before);
  // Every sweep is whole: each holds all its 202 items.
  auto h = History::open(file);
  ASSERT_TRUE(h);
  auto rows = h->rows({});
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size() % 202, 0u);
  ASSERT_TRUE(h->record(sweep_of(kT0 + 100000h, State::Ok, State::Ok)));  // and it takes more
}

}  // namespace
}  // namespace mtlsdoctor::monitor
