#include "rule_index.h"

#include <algorithm>

#include "values.h"

namespace mtlsdoctor::policy {

namespace {

// A condition whose every value is an exact hex value (no range, glob or regex).
bool exact_only(const Condition& c) {
  return !c.patterns.empty() && std::all_of(c.patterns.begin(), c.patterns.end(),
                                            [](const Pattern& p) { return p.kind == PatternKind::Exact; });
}

}  // namespace

RuleIndex RuleIndex::build(const Policy& policy) {
  RuleIndex index;
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const Condition* key = nullptr;
    Map* map = nullptr;
    // Most selective first: a fingerprint names one certificate, a pin one key, a serial one
    // certificate per issuer.
    for (auto [field, target] : {std::pair{Field::Sha256, &index.m_sha256}, std::pair{Field::SpkiSha256, &index.m_spki},
                                 std::pair{Field::Serial, &index.m_serial}}) {
      for (const auto& c : policy.rules[i].conditions) {
        if (!key && c.field == field && exact_only(c)) {
          key = &c;
          map = target;
        }
      }
    }
    if (!key) {
      index.m_always.push_back(i);
      continue;
    }
    for (const auto& p : key->patterns) {
      auto value = key->field == Field::SpkiSha256 ? detail::pin_hex(p.text) : detail::normalise_hex(p.text);
      if (!value) continue;  // the parser refused such values already
      auto& rules = (*map)[*value];
      if (rules.empty() || rules.back() != i) rules.push_back(i);
    }
  }
  return index;
}

void RuleIndex::candidates(const Input& input, std::vector<std::size_t>& out) const {
  out.clear();
  const std::vector<std::size_t>* lists[4] = {&m_always, nullptr, nullptr, nullptr};
  int n = 1;
  for (auto [map, value] : {std::pair{&m_sha256, &input.sha256()}, std::pair{&m_spki, &input.spki_sha256()},
                            std::pair{&m_serial, &input.serial()}}) {
    if (map->empty() || value->empty()) continue;
    if (auto it = map->find(*value); it != map->end()) lists[n++] = &it->second;
  }
  if (n == 1) {
    out = m_always;
    return;
  }
  // Merge the sorted lists (a rule is in at most one of them).
  std::size_t at[4] = {0, 0, 0, 0};
  for (;;) {
    int best = -1;
    for (int k = 0; k < n; ++k) {
      if (at[k] < lists[k]->size() && (best < 0 || (*lists[k])[at[k]] < (*lists[best])[at[best]])) best = k;
    }
    if (best < 0) return;
    out.push_back((*lists[best])[at[best]++]);
  }
}

}  // namespace mtlsdoctor::policy
