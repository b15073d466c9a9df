#include "mtlsdoctor/monitor/history.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <map>

namespace mtlsdoctor::monitor {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

// Schema steps: step i takes user_version i to i + 1. Append, never edit a step that shipped.
constexpr std::array<std::string_view, History::kSchemaVersion> kMigrations = {
    R"(CREATE TABLE sweeps (id INTEGER PRIMARY KEY, checked_at INTEGER NOT NULL);
       CREATE TABLE items (kind TEXT NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL, cause TEXT NOT NULL,
                           previous_state TEXT, first_seen INTEGER NOT NULL, last_changed INTEGER NOT NULL,
                           PRIMARY KEY (kind, name));
       CREATE TABLE results (sweep_id INTEGER NOT NULL REFERENCES sweeps(id), kind TEXT NOT NULL,
                             name TEXT NOT NULL, state TEXT NOT NULL, cause TEXT NOT NULL, previous_state TEXT,
                             first_seen INTEGER NOT NULL, last_changed INTEGER NOT NULL, days_left REAL);
       CREATE INDEX results_by_name ON results (name, sweep_id);)",
    // 2: notifications (the state last notified and when), for de-duplication and re-notifying.
    R"(ALTER TABLE items ADD COLUMN notified_state TEXT;
       ALTER TABLE items ADD COLUMN notified_at INTEGER;)",
};

std::int64_t unix_seconds(core::TimePoint t) {
  return t.time_since_epoch().count();
}
core::TimePoint from_unix(std::int64_t s) {
  return core::TimePoint{std::chrono::seconds{s}};
}

}  // namespace

struct History::Db {
  std::unique_ptr<sqlite3, CloseDb> handle;
  std::string file;

  core::Error error(std::string what) const {
    return core::Error{core::ErrorCategory::Io, fmt::format("{}: {}", what, sqlite3_errmsg(handle.get())), file, {}};
  }
  core::Result<void> exec(std::string_view sql) const {
    char* message = nullptr;
    if (sqlite3_exec(handle.get(), std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      return core::fail(core::ErrorCategory::Io, fmt::format("history database: {}", text), file);
    }
    return {};
  }
  core::Result<StmtPtr> prepare(std::string_view sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(handle.get(), sql.data(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
      return std::unexpected(error("history database"));
    return StmtPtr{s};
  }
  core::Result<int> user_version() const {
    auto s = prepare("PRAGMA user_version");
    if (!s) return std::unexpected(s.error());
    if (sqlite3_step(s->get()) != SQLITE_ROW) return std::unexpected(error("history database"));
    return sqlite3_column_int(s->get(), 0);
  }
};

History::History(std::unique_ptr<Db> db) : m_db(std::move(db)) {}
History::History(History&&) noexcept = default;
History& History::operator=(History&&) noexcept = default;
History::~History() = default;

core::Result<History> History::open(const std::filesystem::path& file) {
  auto db = std::make_unique<Db>();
  db->file = file.string();
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(db->file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db->handle.reset(raw);
  if (rc != SQLITE_OK)
    return core::fail(core::ErrorCategory::Io,
                      fmt::format("cannot open the history database: {}", raw ? sqlite3_errmsg(raw) : "out of memory"),
                      db->file);
  sqlite3_busy_timeout(raw, 5000);  // monitor serve and monitor history may share the file
  // WAL: readers never block the writer; synchronous=FULL: a committed sweep survives power loss too.
  for (auto pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
    if (auto r = db->exec(pragma); !r) return std::unexpected(r.error());
  auto version = db->user_version();
  if (!version) return std::unexpected(version.error());
  if (*version > kSchemaVersion)
    return core::fail(
        core::ErrorCategory::Unsupported,
        fmt::format("the history database has schema version {}, newer than this build's {}", *version, kSchemaVersion),
        db->file);
  for (int v = *version; v < kSchemaVersion; ++v) {
    // Each step and its version bump commit together: an interrupted migration is redone whole.
    auto step = db->exec(fmt::format("BEGIN IMMEDIATE; {} PRAGMA user_version={}; COMMIT;",
                                     kMigrations[static_cast<std::size_t>(v)], v + 1));
    if (!step) {
      (void)db->exec("ROLLBACK");
      return std::unexpected(step.error());
    }
  }
  return History(std::move(db));
}

core::Result<int> History::schema_version() const {
  return m_db->user_version();
}

core::Result<void> History::record(const SweepResult& result) {
  if (auto r = m_db->exec("BEGIN IMMEDIATE"); !r) return r;
  auto body = [&]() -> core::Result<void> {
    auto sweep = m_db->prepare("INSERT INTO sweeps (checked_at) VALUES (?)");
    if (!sweep) return std::unexpected(sweep.error());
    sqlite3_bind_int64(sweep->get(), 1, unix_seconds(result.checked_at));
    if (sqlite3_step(sweep->get()) != SQLITE_DONE) return std::unexpected(m_db->error("cannot record the sweep"));
    const auto sweep_id = sqlite3_last_insert_rowid(m_db->handle.get());
    auto get =
        m_db->prepare("SELECT state, previous_state, first_seen, last_changed FROM items WHERE kind = ? AND name = ?");
    auto put = m_db->prepare(
        "INSERT INTO items (kind, name, state, cause, previous_state, first_seen, last_changed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name) DO UPDATE SET state = excluded.state, "
        "cause = excluded.cause, previous_state = excluded.previous_state, first_seen = excluded.first_seen, "
        "last_changed = excluded.last_changed");
    auto add = m_db->prepare(
        "INSERT INTO results (sweep_id, kind, name, state, cause, previous_state, first_seen, last_changed, "
        "days_left) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!get || !put || !add) return std::unexpected(m_db->error("history database"));
    const auto now = unix_seconds(result.checked_at);
    for (const auto& item : result.items) {
      const std::string kind(to_string(item.kind));
      const std::string state(to_string(item.state));
      const std::string cause(core::slug(item.cause));
      sqlite3_reset(get->get());
      sqlite3_bind_text(get->get(), 1, kind.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(get->get(), 2, item.name.c_str(), -1, SQLITE_TRANSIENT);
      std::optional<std::string> previous;
      std::int64_t first_seen = now, last_changed = now;
      const int rc = sqlite3_step(get->get());
      if (rc == SQLITE_ROW) {
        const std::string old_state = reinterpret_cast<const char*>(sqlite3_column_text(get->get(), 0));
        first_seen = sqlite3_column_int64(get->get(), 2);
        if (old_state == state) {
          if (sqlite3_column_type(get->get(), 1) != SQLITE_NULL)
            previous = reinterpret_cast<const char*>(sqlite3_column_text(get->get(), 1));
          last_changed = sqlite3_column_int64(get->get(), 3);
        } else {
          previous = old_state;
        }
      } else if (rc != SQLITE_DONE) {
        return std::unexpected(m_db->error("cannot read the history"));
      }
      for (sqlite3_stmt* s : {put->get(), add->get()}) sqlite3_reset(s);
      auto bind_common = [&](sqlite3_stmt* s, int at) {
        sqlite3_bind_text(s, at, kind.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, at + 1, item.name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, at + 2, state.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, at + 3, cause.c_str(), -1, SQLITE_TRANSIENT);
        if (previous)
          sqlite3_bind_text(s, at + 4, previous->c_str(), -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null(s, at + 4);
        sqlite3_bind_int64(s, at + 5, first_seen);
        sqlite3_bind_int64(s, at + 6, last_changed);
      };
      bind_common(put->get(), 1);
      sqlite3_bind_int64(add->get(), 1, sweep_id);
      bind_common(add->get(), 2);
      if (item.certificate)
        sqlite3_bind_double(add->get(), 9, item.certificate->days_left);
      else
        sqlite3_bind_null(add->get(), 9);
      if (sqlite3_step(put->get()) != SQLITE_DONE || sqlite3_step(add->get()) != SQLITE_DONE)
        return std::unexpected(m_db->error("cannot record the sweep"));
    }
    return {};
  };
  auto r = body();
  if (!r) {
    (void)m_db->exec("ROLLBACK");
    return r;
  }
  return m_db->exec("COMMIT");
}

core::Result<std::vector<Notice>> History::due(const SweepResult& result,
                                               std::optional<std::chrono::seconds> renotify) const {
  auto get = m_db->prepare("SELECT notified_state, notified_at FROM items WHERE kind = ? AND name = ?");
  if (!get) return std::unexpected(get.error());
  std::vector<Notice> out;
  for (const auto& item : result.items) {
    const std::string kind(to_string(item.kind));
    sqlite3_reset(get->get());
    sqlite3_bind_text(get->get(), 1, kind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(get->get(), 2, item.name.c_str(), -1, SQLITE_TRANSIENT);
    Notice notice{item.kind, item.name, item.state, std::nullopt, false};
    std::optional<std::int64_t> notified_at;
    const int rc = sqlite3_step(get->get());
    if (rc == SQLITE_ROW) {
      if (sqlite3_column_type(get->get(), 0) != SQLITE_NULL)
        notice.notified = state_from_string(reinterpret_cast<const char*>(sqlite3_column_text(get->get(), 0)));
      if (sqlite3_column_type(get->get(), 1) != SQLITE_NULL) notified_at = sqlite3_column_int64(get->get(), 1);
    } else if (rc != SQLITE_DONE) {
      return std::unexpected(m_db->error("cannot read the history"));
    }
    if (item.state != notice.notified.value_or(State::Ok)) {
      out.push_back(std::move(notice));
    } else if (item.state != State::Ok && renotify && notified_at &&
               unix_seconds(result.checked_at) - *notified_at >= renotify->count()) {
      notice.reminder = true;
      out.push_back(std::move(notice));
    }
  }
  return out;
}

core::Result<void> History::mark_notified(const Notice& notice, core::TimePoint at) {
  auto put = m_db->prepare("UPDATE items SET notified_state = ?, notified_at = ? WHERE kind = ? AND name = ?");
  if (!put) return std::unexpected(put.error());
  const std::string state(to_string(notice.state));
  const std::string kind(to_string(notice.kind));
  sqlite3_bind_text(put->get(), 1, state.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(put->get(), 2, unix_seconds(at));
  sqlite3_bind_text(put->get(), 3, kind.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(put->get(), 4, notice.name.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(put->get()) != SQLITE_DONE) return std::unexpected(m_db->error("cannot record the notice"));
  return {};
}

core::Result<std::vector<HistoryRow>> History::rows(const HistoryQuery& query) const {
  auto s = m_db->prepare(
      "SELECT s.checked_at, r.kind, r.name, r.state, r.previous_state, r.cause, r.first_seen, r.last_changed, "
      "r.days_left FROM results r JOIN sweeps s ON s.id = r.sweep_id "
      "WHERE (?1 IS NULL OR r.name = ?1) AND (?2 IS NULL OR s.checked_at >= ?2) ORDER BY s.id, r.rowid");
  if (!s) return std::unexpected(s.error());
  if (query.item) sqlite3_bind_text(s->get(), 1, query.item->c_str(), -1, SQLITE_TRANSIENT);
  if (query.since) sqlite3_bind_int64(s->get(), 2, unix_seconds(*query.since));
  std::vector<HistoryRow> out;
  const auto text = [&](int col) {
    const auto* p = sqlite3_column_text(s->get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  };
  int rc = 0;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
    HistoryRow row;
    row.checked_at = from_unix(sqlite3_column_int64(s->get(), 0));
    row.kind = text(1);
    row.name = text(2);
    row.state = state_from_string(text(3)).value_or(State::Unknown);
    if (sqlite3_column_type(s->get(), 4) != SQLITE_NULL) row.previous = state_from_string(text(4));
    row.cause = text(5);
    row.first_seen = from_unix(sqlite3_column_int64(s->get(), 6));
    row.last_changed = from_unix(sqlite3_column_int64(s->get(), 7));
    if (sqlite3_column_type(s->get(), 8) != SQLITE_NULL) row.days_left = sqlite3_column_double(s->get(), 8);
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return std::unexpected(m_db->error("cannot read the history"));
  return out;
}

}  // namespace mtlsdoctor::monitor
