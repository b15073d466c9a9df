#include "mtlsdoctor/monitor/history.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <optional>
#include <unordered_map>

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
    // 3: spans instead of a row per item per sweep. A span is a run of consecutive sweeps in which
    // an item was present with the same state, cause, history fields, position and certificate.
    // The open one (items.span) runs to the latest sweep: a sweep closes the spans of the items it
    // does not hold, so a sweep where nothing changed writes nothing but its own row, however long
    // the history (a row per item per sweep, indexed by name, had every sweep rewrite the whole
    // index). Each old row becomes a span of one sweep, its days_left kept as it was recorded.
    R"(CREATE TABLE spans (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
                           position INTEGER NOT NULL, from_sweep INTEGER NOT NULL, to_sweep INTEGER,
                           state TEXT NOT NULL, cause TEXT NOT NULL, previous_state TEXT,
                           first_seen INTEGER NOT NULL, last_changed INTEGER NOT NULL,
                           not_after INTEGER, days_left REAL);
       INSERT INTO spans (kind, name, position, from_sweep, to_sweep, state, cause, previous_state, first_seen,
                          last_changed, days_left)
         SELECT kind, name, rowid, sweep_id, sweep_id, state, cause, previous_state, first_seen, last_changed,
                days_left FROM results ORDER BY rowid;
       DROP TABLE results;
       CREATE INDEX spans_by_name ON spans (name, from_sweep);
       ALTER TABLE items ADD COLUMN span INTEGER;
       ALTER TABLE items ADD COLUMN position INTEGER;
       ALTER TABLE items ADD COLUMN not_after INTEGER;)",
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

namespace {

// An item's row in `items`, read once a sweep.
struct Known {
  std::string state, cause;
  std::optional<std::string> previous;
  std::int64_t first_seen = 0, last_changed = 0, position = 0;
  std::optional<std::int64_t> span, not_after;
  bool seen = false;  // in the sweep being recorded
};

std::string_view column_text(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, col)));
}
std::optional<std::int64_t> column_int(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(s, col);
}
std::string key_of(std::string_view kind, std::string_view name) {
  std::string key;
  key.reserve(kind.size() + 1 + name.size());
  key.append(kind).push_back('\0');
  key.append(name);
  return key;
}

}  // namespace

Recorded recorded(const Item& item) {
  Recorded r{item.kind, item.state, item.cause, item.name, std::nullopt, 0};
  if (item.certificate) {
    r.not_after = item.certificate->not_after;
    r.days_left = item.certificate->days_left;
  }
  return r;
}

core::Result<void> History::record(const SweepResult& result) {
  std::vector<Recorded> items;
  items.reserve(result.items.size());
  for (const auto& item : result.items) items.push_back(recorded(item));
  return record(result.checked_at, items);
}

core::Result<void> History::record(core::TimePoint checked_at, std::span<const Recorded> items) {
  if (auto r = m_db->exec("BEGIN IMMEDIATE"); !r) return r;
  auto body = [&]() -> core::Result<void> {
    auto last = m_db->prepare("SELECT coalesce(max(id), 0) FROM sweeps");
    if (!last || sqlite3_step(last->get()) != SQLITE_ROW) return std::unexpected(m_db->error("history database"));
    const auto previous_sweep = sqlite3_column_int64(last->get(), 0);
    auto sweep = m_db->prepare("INSERT INTO sweeps (checked_at) VALUES (?)");
    if (!sweep) return std::unexpected(sweep.error());
    sqlite3_bind_int64(sweep->get(), 1, unix_seconds(checked_at));
    if (sqlite3_step(sweep->get()) != SQLITE_DONE) return std::unexpected(m_db->error("cannot record the sweep"));
    const auto sweep_id = sqlite3_last_insert_rowid(m_db->handle.get());
    // Every item known, in one read rather than a lookup an item.
    std::unordered_map<std::string, Known> known;
    {
      auto all = m_db->prepare(
          "SELECT kind, name, state, previous_state, first_seen, last_changed, cause, span, position, not_after "
          "FROM items");
      if (!all) return std::unexpected(all.error());
      int rc = 0;
      while ((rc = sqlite3_step(all->get())) == SQLITE_ROW) {
        sqlite3_stmt* a = all->get();
        Known k;
        k.state = column_text(a, 2);
        if (sqlite3_column_type(a, 3) != SQLITE_NULL) k.previous = std::string(column_text(a, 3));
        k.first_seen = sqlite3_column_int64(a, 4);
        k.last_changed = sqlite3_column_int64(a, 5);
        k.cause = column_text(a, 6);
        k.span = column_int(a, 7);
        k.position = column_int(a, 8).value_or(0);
        k.not_after = column_int(a, 9);
        known.emplace(key_of(column_text(a, 0), column_text(a, 1)), std::move(k));
      }
      if (rc != SQLITE_DONE) return std::unexpected(m_db->error("cannot read the history"));
    }
    auto close = m_db->prepare("UPDATE spans SET to_sweep = ? WHERE id = ?");
    auto unopen = m_db->prepare("UPDATE items SET span = NULL WHERE kind = ? AND name = ?");
    // ?1-?9 are the item's row in both (bind_row); ?10 on is each statement's own.
    auto open = m_db->prepare(
        "INSERT INTO spans (kind, name, state, cause, previous_state, first_seen, last_changed, position, "
        "not_after, from_sweep, to_sweep, days_left) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    auto put = m_db->prepare(
        "INSERT INTO items (kind, name, state, cause, previous_state, first_seen, last_changed, position, "
        "not_after, span) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (kind, name) DO UPDATE SET "
        "state = excluded.state, cause = excluded.cause, previous_state = excluded.previous_state, "
        "first_seen = excluded.first_seen, last_changed = excluded.last_changed, span = excluded.span, "
        "position = excluded.position, not_after = excluded.not_after");
    if (!close || !unopen || !open || !put) return std::unexpected(m_db->error("history database"));
    const auto now = unix_seconds(checked_at);
    // Text is bound SQLITE_STATIC: kind, state and cause are static names, the item's name lives in
    // `items`, the previous state in `known` or `previous_state` until the statement is reset.
    const auto bind = [](sqlite3_stmt* s, int at, std::string_view text) {
      sqlite3_bind_text(s, at, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    };
    const auto done = [&](sqlite3_stmt* s) -> core::Result<void> {
      if (sqlite3_step(s) != SQLITE_DONE) return std::unexpected(m_db->error("cannot record the sweep"));
      return {};
    };
    const auto reset = [](sqlite3_stmt* s) {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);  // what is not bound is NULL, not the last item's value
    };
    // A span ends with the sweep before this one, or with this one when this sweep already holds it
    // (the same item twice in one sweep).
    const auto close_span = [&](const Known& k) -> core::Result<void> {
      reset(close->get());
      sqlite3_bind_int64(close->get(), 1, k.seen ? sweep_id : previous_sweep);
      sqlite3_bind_int64(close->get(), 2, *k.span);
      return done(close->get());
    };
    std::int64_t position = 0;
    for (const auto& item : items) {
      ++position;
      const std::string_view kind = to_string(item.kind), state = to_string(item.state);
      const std::string_view cause = core::slug(item.cause);
      std::optional<std::int64_t> not_after;
      // days_left is stored only when it is not what the sweep's time and not_after give (never, for
      // the sweep's own items); such a span is closed at once.
      std::optional<double> days_left;
      if (item.not_after) {
        not_after = unix_seconds(*item.not_after);
        if (item.days_left != monitor::days_left(checked_at, *item.not_after)) days_left = item.days_left;
      }
      auto [it, fresh] = known.try_emplace(key_of(kind, item.name));
      Known& k = it->second;
      std::optional<std::string> previous_state;
      std::int64_t first_seen = now, last_changed = now;
      if (!fresh) {
        first_seen = k.first_seen;
        if (k.state == state) {
          previous_state = k.previous;
          last_changed = k.last_changed;
        } else {
          previous_state = k.state;
        }
        // An open span holds every sweep since it opened: this one continues it when nothing changed.
        if (k.span && !k.seen && k.state == state && k.cause == cause && k.position == position &&
            k.not_after == not_after && !days_left) {
          k.seen = true;
          continue;
        }
        if (k.span)
          if (auto r = close_span(k); !r) return r;
      }
      const auto bind_row = [&](sqlite3_stmt* s) {
        reset(s);
        bind(s, 1, kind);
        bind(s, 2, item.name);
        bind(s, 3, state);
        bind(s, 4, cause);
        if (previous_state) bind(s, 5, *previous_state);
        sqlite3_bind_int64(s, 6, first_seen);
        sqlite3_bind_int64(s, 7, last_changed);
        sqlite3_bind_int64(s, 8, position);
        if (not_after) sqlite3_bind_int64(s, 9, *not_after);
      };
      bind_row(open->get());
      sqlite3_bind_int64(open->get(), 10, sweep_id);
      if (days_left) {  // else to_sweep NULL: open
        sqlite3_bind_int64(open->get(), 11, sweep_id);
        sqlite3_bind_double(open->get(), 12, *days_left);
      }
      if (auto r = done(open->get()); !r) return r;
      const std::optional<std::int64_t> span =
          days_left ? std::nullopt : std::optional<std::int64_t>(sqlite3_last_insert_rowid(m_db->handle.get()));
      bind_row(put->get());
      if (span) sqlite3_bind_int64(put->get(), 10, *span);
      if (auto r = done(put->get()); !r) return r;
      k = Known{std::string(state),
                std::string(cause),
                std::move(previous_state),
                first_seen,
                last_changed,
                position,
                span,
                not_after,
                true};
    }
    // The items this sweep does not hold: their spans end with the sweep before it.
    for (auto& [key, k] : known) {
      if (k.seen || !k.span) continue;
      if (auto r = close_span(k); !r) return r;
      const auto nul = key.find('\0');
      reset(unopen->get());
      bind(unopen->get(), 1, std::string_view(key).substr(0, nul));
      bind(unopen->get(), 2, std::string_view(key).substr(nul + 1));
      if (auto r = done(unopen->get()); !r) return r;
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
      "SELECT s.checked_at, p.kind, p.name, p.state, p.previous_state, p.cause, p.first_seen, p.last_changed, "
      "p.days_left, p.not_after FROM spans p JOIN sweeps s ON s.id >= p.from_sweep AND "
      "s.id <= coalesce(p.to_sweep, (SELECT max(id) FROM sweeps)) "
      "WHERE (?1 IS NULL OR p.name = ?1) AND (?2 IS NULL OR s.checked_at >= ?2) ORDER BY s.id, p.position");
  if (!s) return std::unexpected(s.error());
  if (query.item) sqlite3_bind_text(s->get(), 1, query.item->c_str(), -1, SQLITE_TRANSIENT);
  if (query.since) sqlite3_bind_int64(s->get(), 2, unix_seconds(*query.since));
  std::vector<HistoryRow> out;
  const auto text = [&](int col) { return std::string(column_text(s->get(), col)); };
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
    if (sqlite3_column_type(s->get(), 8) != SQLITE_NULL)
      row.days_left = sqlite3_column_double(s->get(), 8);
    else if (sqlite3_column_type(s->get(), 9) != SQLITE_NULL)
      row.days_left = monitor::days_left(row.checked_at, from_unix(sqlite3_column_int64(s->get(), 9)));
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return std::unexpected(m_db->error("cannot read the history"));
  return out;
}

}  // namespace mtlsdoctor::monitor
