// Deciding: a certificate's facts and the connection against a compiled policy. The first rule
// whose conditions all hold decides (shadow rules never do); the trace says, for every rule
// tried, which conditions failed and what the certificate had instead.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::policy {

// An IPv4 or IPv6 address; IPv4 is kept as 4 bytes (an IPv4-mapped IPv6 address is IPv4).
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};
// "192.0.2.7", "2001:db8::1", "::ffff:192.0.2.7", "[2001:db8::1]"; nullopt when not an address.
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text);

// An IPv4 or IPv6 network.
struct Network {
  IpAddress base;  // host bits cleared
  int prefix = 0;  // 0..32 or 0..128
  bool host_bits_set = false;
};
// "10.0.0.0/8", "10.1.2.3" (/32), "2001:db8::/32"; nullopt when malformed.
[[nodiscard]] std::optional<Network> parse_network(std::string_view text);
[[nodiscard]] bool contains(const Network& net, const IpAddress& address) noexcept;
// The address with bits beyond `prefix` cleared.
[[nodiscard]] IpAddress masked(const IpAddress& address, int prefix) noexcept;

// What the connection adds to the certificate.
struct Connection {
  std::optional<std::string> source;  // the client's address ("192.0.2.7"; a port is not part of it)
  std::optional<std::string> sni;     // the server name the client asked for
  core::TimePoint at;                 // decision time
};

// The facts a decision reads, normalised once (a server makes one per connection).
class Input {
 public:
  // Usage error when `connection.source` is not an IP address.
  [[nodiscard]] static core::Result<Input> make(const x509::CertFacts& facts, Connection connection);

  [[nodiscard]] const x509::CertFacts& facts() const noexcept { return *m_facts; }
  [[nodiscard]] const Connection& connection() const noexcept { return m_connection; }
  [[nodiscard]] const std::optional<IpAddress>& source() const noexcept { return m_source; }
  [[nodiscard]] const std::string& serial() const noexcept { return m_serial; }     // hex, no leading zeros
  [[nodiscard]] const std::string& sha256() const noexcept { return m_sha256; }     // hex, no colons
  [[nodiscard]] const std::string& spki_sha256() const noexcept { return m_spki; }  // hex

 private:
  const x509::CertFacts* m_facts = nullptr;
  Connection m_connection;
  std::optional<IpAddress> m_source;
  std::string m_serial, m_sha256, m_spki;
};

struct ConditionResult {
  std::size_t condition = 0;     // index in the rule's conditions
  std::vector<std::string> got;  // what the certificate or connection had ("" never; empty = nothing)
};

struct RuleResult {
  std::size_t rule = 0;  // index in Policy::rules
  bool matched = false;
  std::vector<ConditionResult> failed;
};

enum class Trace {
  None,  // the decision only (a server's hot path)
  Full,  // every rule tried, its failed conditions, and near misses for a denial
};

struct Decision {
  Action action = Action::Deny;
  std::optional<std::size_t> rule;      // the deciding rule; nullopt when the default decided
  std::optional<std::size_t> shadow;    // first shadow rule that matched with another action
  std::vector<RuleResult> evaluated;    // Trace::Full: every rule up to and including the decider
  std::vector<RuleResult> near_misses;  // Trace::Full, denials: allow rules missed by the fewest conditions

  [[nodiscard]] bool allowed() const noexcept { return action == Action::Allow; }
};

[[nodiscard]] Decision decide(const Policy& policy, const Input& input, Trace trace = Trace::Full);

// Whether one condition holds (the matcher of a parsed policy).
[[nodiscard]] bool holds(const Condition& condition, const Input& input);
// What the certificate or connection has for a condition, as printed in traces.
[[nodiscard]] std::vector<std::string> observed(const Condition& condition, const Input& input);

}  // namespace mtlsdoctor::policy
