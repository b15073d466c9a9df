// Findings are data: every problem noticed, with its evidence and its fix as commands.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/finding_ids.h"

namespace mtlsdoctor::core {

enum class Severity { Error, Warning, Info };

// Who refused (DIAGNOSES.md `rejected_by`).
enum class Side { None, Server, Client, Negotiation, Network, Local };

enum class Subject { ClientCert, ServerCert, Chain, Key, Revocation, Trust, Input, Handshake, Transport, Policy };

[[nodiscard]] std::string_view to_string(Severity s) noexcept;
[[nodiscard]] std::string_view to_string(Side s) noexcept;
[[nodiscard]] std::string_view to_string(Subject s) noexcept;

[[nodiscard]] std::string_view slug(FindingId id) noexcept;
[[nodiscard]] std::string_view title(FindingId id) noexcept;
[[nodiscard]] Severity default_severity(FindingId id) noexcept;
[[nodiscard]] Side refusing_side(FindingId id) noexcept;
[[nodiscard]] std::optional<FindingId> finding_from_slug(std::string_view slug) noexcept;
[[nodiscard]] std::span<const FindingId> all_finding_ids() noexcept;
// The same certificate fault judged the other way round: client-cert-expired (a server judged a
// client's certificate) <-> server-cert-expired. nullopt for ids that belong to one role only
// (server-hostname-mismatch, client-access-denied) or to neither.
[[nodiscard]] std::optional<FindingId> counterpart(FindingId id) noexcept;
// Which of several certificate faults a peer reports first (lower first; see finding_ids.h);
// every unranked id compares equal to the others and after all ranked ones.
[[nodiscard]] int rank(FindingId id) noexcept;
// The verdict means the connection succeeded: ok, mtls-not-requested.
[[nodiscard]] bool is_success(FindingId id) noexcept;

using Evidence = nlohmann::ordered_json;

struct Finding {
  FindingId id;
  Severity severity;
  Subject subject;
  std::string message;  // one sentence, names the certificate concerned
  // For output only: nothing reads it back. What other modules need is in the typed fields below.
  Evidence evidence = Evidence::object();
  std::vector<std::string> fixes;  // commands or steps, in order

  // Typed facts for the code that reads findings, set where they are known (the evidence shows
  // the same to users under its own keys).
  std::optional<int> verify_code;          // the X509_V_ERR_* OpenSSL reported for it
  std::optional<int> depth;                // chain depth of the certificate concerned, 0 = the leaf
  std::optional<std::string> certificate;  // SHA-256 fingerprint of the certificate concerned
  std::vector<std::string> confirm;        // commands that would confirm the cause (explain)
  std::optional<Side> rejected_by;         // who refused, where each finding has its own (explain --log)

  static Finding make(FindingId id, Subject subject, std::string message) {
    return Finding{id, default_severity(id), subject, std::move(message), Evidence::object(), {}};
  }
};

}  // namespace mtlsdoctor::core
