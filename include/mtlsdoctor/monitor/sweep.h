// One sweep (MONITOR.md `monitor run`): every certificate at rest, every identity and every
// endpoint of a configuration, each judged into one state with its cause and findings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/monitor/config.h"

namespace mtlsdoctor::monitor {

enum class ItemKind { File, Identity, Endpoint };
// Ordered by badness for sorting; Unknown is reported as its own column but ranks between
// warning and critical when items are listed worst first (it could be either).
enum class State { Ok, Warning, Critical, Unknown };
enum class CertRole { Client, Server, Ca };

[[nodiscard]] std::string_view to_string(ItemKind k) noexcept;
[[nodiscard]] std::string_view to_string(State s) noexcept;
[[nodiscard]] std::string_view to_string(CertRole r) noexcept;
[[nodiscard]] std::optional<State> state_from_string(std::string_view s) noexcept;
// Worst first: critical, unknown, warning, ok.
[[nodiscard]] int badness(State s) noexcept;

struct CertSummary {
  std::string subject, issuer, serial, sha256;
  core::TimePoint not_after;
  double days_left = 0;  // fractional; negative once expired
  CertRole role = CertRole::Client;
};

struct Item {
  ItemKind kind = ItemKind::File;
  std::string name;
  std::string source;  // the file, or the endpoint's target
  State state = State::Ok;
  core::FindingId cause = core::FindingId::Ok;
  std::string reason;  // one sentence: the cause's finding message, or why the item is unknown
  std::optional<CertSummary> certificate;
  std::vector<core::Finding> findings;   // most important first
  Thresholds thresholds;                 // what days_left was judged against
  std::optional<core::Verdict> verdict;  // endpoints: the diagnose verdict
  // Endpoints: every certificate the server sent (leaf first), and the identity we presented.
  std::vector<CertSummary> server_chain;
  std::optional<CertSummary> presented;
};

struct Summary {
  int ok = 0, warning = 0, critical = 0, unknown = 0;
  void add(State s) noexcept;
};

struct SweepResult {
  core::TimePoint checked_at;
  std::vector<Item> items;  // in configuration order
  [[nodiscard]] Summary summary() const;
  [[nodiscard]] State worst() const;  // Ok when there are no items
};

struct SweepOptions {
  core::TimePoint at;
  int security_level = 2;
  // Certificates judged alone are judged from their facts where OpenSSL's verifier would read
  // nothing more (chain::Verifier); OpenSslOnly is for the tests that hold the two equal.
  chain::Verifier verifier = chain::Verifier::Fastest;
  // Endpoints: each phase's deadline (connect, handshake, response); none: the probe's default (10 s).
  std::optional<std::chrono::milliseconds> phase_timeout;
};

// Never fails as a whole: what cannot be read or reached is an item in state unknown.
[[nodiscard]] SweepResult sweep(const Config& config, const SweepOptions& options);

// Receives each item as soon as it is judged, in configuration order (files, identities,
// endpoints): the same items, in the same order, as SweepResult::items.
using ItemSink = std::function<void(Item&&)>;
// Told, before an entry's certificates are judged, how many items they will give at least: a
// sink that keeps them reserves room once instead of moving 10,000 items as its vector grows.
using ItemCount = std::function<void(std::size_t)>;
// The same sweep, item by item: no item is held once the sink has returned (10,000 certificates
// are never 10,000 items in memory). The result's checked_at is options.at.
void sweep(const Config& config, const SweepOptions& options, const ItemSink& sink, const ItemCount& coming = {});

// The item reduced to what the text and Nagios forms, the history and the notifications read
// of it: kind, name, source, state, cause, reason, thresholds, the certificate's days left (its
// names and digests emptied) and the finding of its cause (for its fixes). Verdict, server chain,
// presented identity and the other findings are dropped: only the JSON form reads them.
[[nodiscard]] Item condensed(Item&& item);

// Days from `at` to `not_after`, to the hundredth: every item's days_left, and the history's.
[[nodiscard]] double days_left(core::TimePoint at, core::TimePoint not_after) noexcept;

}  // namespace mtlsdoctor::monitor
