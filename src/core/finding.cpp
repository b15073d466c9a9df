#include "mtlsdoctor/core/finding.h"

#include <array>

namespace mtlsdoctor::core {
namespace {

struct Row {
  FindingId id;
  std::string_view slug;
  Severity severity;
  Side side;
  std::string_view title;
};

constexpr std::array kRows = {
#define MTLSD_ROW(name, slug, severity, side, title) \
  Row{FindingId::name, slug, Severity::severity, Side::side, title},
    MTLSD_FINDING_IDS(MTLSD_ROW)
#undef MTLSD_ROW
};

constexpr std::array kIds = {
#define MTLSD_ID(name, slug, severity, side, title) FindingId::name,
    MTLSD_FINDING_IDS(MTLSD_ID)
#undef MTLSD_ID
};

// The enum is generated from the same table, so row i describes enum value i.
constexpr const Row& row(FindingId id) noexcept { return kRows[static_cast<std::size_t>(id)]; }

}  // namespace

std::string_view slug(FindingId id) noexcept { return row(id).slug; }
std::string_view title(FindingId id) noexcept { return row(id).title; }
Severity default_severity(FindingId id) noexcept { return row(id).severity; }
Side refusing_side(FindingId id) noexcept { return row(id).side; }
std::span<const FindingId> all_finding_ids() noexcept { return kIds; }

std::optional<FindingId> other_role(FindingId id) noexcept {
  static constexpr std::array<std::array<FindingId, 2>, 10> kPairs = {{
      {FindingId::ClientCertUntrustedIssuer, FindingId::ServerCertUntrusted},
      {FindingId::ClientChainIncomplete, FindingId::ServerChainIncomplete},
      {FindingId::ClientCertExpired, FindingId::ServerCertExpired},
      {FindingId::ClientCertNotYetValid, FindingId::ServerCertNotYetValid},
      {FindingId::ClientCertRevoked, FindingId::ServerCertRevoked},
      {FindingId::ClientCertMissingClientAuthEku, FindingId::ServerCertMissingServerAuthEku},
      {FindingId::ClientCertBadKeyUsage, FindingId::ServerCertBadKeyUsage},
      {FindingId::ClientCertWeak, FindingId::ServerCertWeak},
      {FindingId::ClientChainInvalid, FindingId::ServerChainInvalid},
      {FindingId::ClientKeyMismatch, FindingId::ServerKeyMismatch},
  }};
  for (const auto& [client, server] : kPairs) {
    if (id == client) return server;
    if (id == server) return client;
  }
  return std::nullopt;
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
