// Notifications on state change: each due notice (History::due) as one JSON object, POSTed to
// the webhook and/or given on stdin to the command hook. A notice every channel took is marked
// notified; one that failed stays due and is tried again at the next sweep.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/monitor/config.h"
#include "mtlsdoctor/monitor/history.h"
#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::monitor {

// {"event": "state-change" | "reminder", "checked_at", "kind", "name", "source", "state",
//  "previous_state", "cause", "reason", "days_left"} — the notice's payload (a protocol message
// of its own, like a webhook's: not the CLI's output).
[[nodiscard]] nlohmann::ordered_json notice_json(const Notice& notice, const Item& item, core::TimePoint checked_at);

struct Delivery {
  std::string item;
  std::string channel;               // "webhook" or "command"
  std::optional<core::Error> error;  // none: delivered
};

// Due notices of `result` (already recorded in `history`) delivered and marked.
[[nodiscard]] core::Result<std::vector<Delivery>> notify_changes(History& history, const Notify& notify,
                                                                 const SweepResult& result);

}  // namespace mtlsdoctor::monitor
