// What `inspect` reports about an inventory: certificates expired, not yet valid or expiring
// within the warning, keys that match no certificate, files that could not be read.
#pragma once

#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/x509/inventory.h"

namespace mtlsdoctor::chain {

[[nodiscard]] std::vector<core::Finding> inventory_findings(const x509::Inventory& inventory, core::TimePoint at,
                                                            int warn_days);

}  // namespace mtlsdoctor::chain
