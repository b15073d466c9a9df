// The monitor's history (MONITOR.md): every sweep's per-item state with first seen, last changed
// and previous state, in one SQLite file in WAL mode. Stored as spans of sweeps in which nothing
// about an item changed, so a sweep costs the same however long the history is. Each sweep is one transaction, so a
// process killed at any point loses no committed sweep and leaves a database that opens cleanly. The schema is
// versioned (PRAGMA user_version) and migrated forward on open.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/monitor/sweep.h"

struct sqlite3;

namespace mtlsdoctor::monitor {

struct HistoryRow {
  core::TimePoint checked_at;
  std::string kind;
  std::string name;
  State state = State::Ok;
  std::optional<State> previous;  // the state before the last change; none while it never changed
  std::string cause;
  core::TimePoint first_seen;
  core::TimePoint last_changed;
  std::optional<double> days_left;
};

struct HistoryQuery {
  std::optional<std::string> item;  // an item's name
  std::optional<core::TimePoint> since;
};

// An item due a notification: its state differs from the last one notified (an item first seen
// counts as last notified ok), or it stays not ok and the last notice is `renotify` old.
struct Notice {
  ItemKind kind = ItemKind::File;
  std::string name;
  State state = State::Ok;
  std::optional<State> notified;  // the state last notified, if any
  bool reminder = false;          // the same state again, after `renotify`
};

// All the history keeps of an item: what `monitor run` holds of a sweep whose JSON is already
// written and that sends no notification, instead of condensed items (a tenth of the memory).
struct Recorded {
  ItemKind kind = ItemKind::File;
  State state = State::Ok;
  core::FindingId cause = core::FindingId::Ok;
  std::string name;
  std::optional<core::TimePoint> not_after;  // items with a certificate
  double days_left = 0;
};
[[nodiscard]] Recorded recorded(const Item& item);

class History {
 public:
  static constexpr int kSchemaVersion = 3;

  // Opens (creating when absent) and migrates; a database of a newer schema is refused.
  [[nodiscard]] static core::Result<History> open(const std::filesystem::path& file);
  History(History&&) noexcept;
  History& operator=(History&&) noexcept;
  ~History();

  // One sweep, in one transaction. Whole, condensed and recorded items give the same rows.
  [[nodiscard]] core::Result<void> record(const SweepResult& result);
  [[nodiscard]] core::Result<void> record(core::TimePoint checked_at, std::span<const Recorded> items);
  // Oldest first.
  [[nodiscard]] core::Result<std::vector<HistoryRow>> rows(const HistoryQuery& query) const;
  [[nodiscard]] core::Result<int> schema_version() const;

  // After record(result): the items of `result` due a notification.
  [[nodiscard]] core::Result<std::vector<Notice>> due(const SweepResult& result,
                                                      std::optional<std::chrono::seconds> renotify) const;
  // The notice was delivered at `at`: it is not due again until the state changes (or renotify).
  [[nodiscard]] core::Result<void> mark_notified(const Notice& notice, core::TimePoint at);

 private:
  struct Db;
  explicit History(std::unique_ptr<Db> db);
  std::unique_ptr<Db> m_db;
};

}  // namespace mtlsdoctor::monitor
