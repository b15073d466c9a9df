// Rules keyed by an exact value: a rule that holds only for certificates with one of a few
// SHA-256 fingerprints, key pins or serials can only match a certificate that has one of them.
// The index keeps, per such value, the rules that name it; every other rule is always a
// candidate. A decision walks only the candidates, in rule order, so first-match semantics are
// unchanged.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy {

class RuleIndex {
 public:
  [[nodiscard]] static RuleIndex build(const Policy& policy);

  // The rules that can match `input`, in rule order; `out` is reused between calls.
  void candidates(const Input& input, std::vector<std::size_t>& out) const;

 private:
  using Map = std::unordered_map<std::string, std::vector<std::size_t>>;
  std::vector<std::size_t> m_always;  // rules without an exact key condition
  Map m_sha256, m_spki, m_serial;
};

}  // namespace mtlsdoctor::policy
