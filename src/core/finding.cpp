#include "mtlsdoctor/core/finding.h"

#include <array>
#include <limits>

namespace mtlsdoctor::core {
namespace {

struct Row {
  FindingId id;
  std::string_view slug;
  Severity severity;
  Side side;
  std::optional<FindingId> counterpart;
  int rank;
  bool success;
  std::string_view title;
};

// The table's own words for its counterpart, rank and success columns.
namespace columns {
using enum FindingId;
constexpr std::optional<FindingId> NoCounterpart = std::nullopt;
constexpr int Unranked = std::numeric_limits<int>::max();
constexpr bool Success = true;
constexpr bool Other = false;

constexpr std::array kRows = {
#define MTLSD_ROW(name, slug, severity, side, counterpart, rank, success, title) \
  Row{FindingId::name, slug, Severity::severity, Side::side, counterpart, rank, success, title},
    MTLSD_FINDING_IDS(MTLSD_ROW)
#undef MTLSD_ROW
};
}  // namespace columns

using columns::kRows;

constexpr std::array kIds = {
#define MTLSD_ID(name, slug, severity, side, counterpart, rank, success, title) FindingId::name,
    MTLSD_FINDING_IDS(MTLSD_ID)
#undef MTLSD_ID
};

// Counterparts come in pairs of one rank, and only certificate faults of the two roles have one.
constexpr bool counterparts_are_pairs() {
  for (const auto& r : kRows) {
    if (!r.counterpart) continue;
    const Row& other = kRows[static_cast<std::size_t>(*r.counterpart)];
    if (other.counterpart != r.id || other.rank != r.rank || *r.counterpart == r.id) return false;
  }
  return true;
}
static_assert(counterparts_are_pairs());

// The enum is generated from the same table, so row i describes enum value i.
constexpr const Row& row(FindingId id) noexcept {
  return kRows[static_cast<std::size_t>(id)];
}

}  // namespace

std::string_view slug(FindingId id) noexcept {
  return row(id).slug;
}
std::string_view title(FindingId id) noexcept {
  return row(id).title;
}
Severity default_severity(FindingId id) noexcept {
  return row(id).severity;
}
Side refusing_side(FindingId id) noexcept {
  return row(id).side;
}
std::span<const FindingId> all_finding_ids() noexcept {
  return kIds;
}

std::optional<FindingId> counterpart(FindingId id) noexcept {
  return row(id).counterpart;
}
int rank(FindingId id) noexcept {
  return row(id).rank;
}
bool is_success(FindingId id) noexcept {
  return row(id).success;
}

std::optional<FindingId> finding_from_slug(std::string_view s) noexcept {
  for (const auto& r : kRows) {
    if (r.slug == s) return r.id;
  }
  return std::nullopt;
}

std::string_view to_string(Severity s) noexcept {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "info";
}

std::string_view to_string(Side s) noexcept {
  switch (s) {
    case Side::None: return "none";
    case Side::Server: return "server";
    case Side::Client: return "client";
    case Side::Negotiation: return "negotiation";
    case Side::Network: return "network";
    case Side::Local: return "local";
  }
  return "none";
}

std::string_view to_string(Subject s) noexcept {
  switch (s) {
    case Subject::ClientCert: return "client-cert";
    case Subject::ServerCert: return "server-cert";
    case Subject::Chain: return "chain";
    case Subject::Key: return "key";
    case Subject::Revocation: return "revocation";
    case Subject::Trust: return "trust";
    case Subject::Input: return "input";
    case Subject::Handshake: return "handshake";
    case Subject::Transport: return "transport";
    case Subject::Policy: return "policy";
  }
  return "input";
}

}  // namespace mtlsdoctor::core
