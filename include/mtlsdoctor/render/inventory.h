// `inspect`'s answer: every file, certificate (by chain), key and CRL, and the findings.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/render/style.h"
#include "mtlsdoctor/x509/inventory.h"

namespace mtlsdoctor::render {

// One object: checked_at, files, certificates, keys, chains, findings, not_crypto; the arrays
// that grow with the input are streamed element by element.
void write_inventory_json(std::ostream& out, const x509::Inventory& inventory,
                          const std::vector<core::Finding>& findings, core::TimePoint at);
[[nodiscard]] std::string inventory_text(const x509::Inventory& inventory, const std::vector<core::Finding>& findings,
                                         core::TimePoint at, int warn_days, const Style& style);

}  // namespace mtlsdoctor::render
