// Facts as JSON: field names are part of the machine-readable output and stay stable.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/x509/crl.h"
#include "mtlsdoctor/x509/facts.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::x509 {

// `at` fills the derived fields "days_left" and "status" (valid, expired, not-yet-valid).
[[nodiscard]] nlohmann::ordered_json to_json(const CertFacts& facts, core::TimePoint at);
[[nodiscard]] nlohmann::ordered_json to_json(const KeyInfo& key);
[[nodiscard]] nlohmann::ordered_json to_json(const CrlFacts& crl, core::TimePoint at);
[[nodiscard]] nlohmann::ordered_json to_json(const Pkcs12Info& info);

// What to_json(facts, at) with `extra`'s members added at the end prints through
// dump(2, ' ', false, error_handler_t::replace), appended to `out` without building the JSON
// value (for streaming many certificates). `depth`: how many levels deep the object sits, i.e.
// every line after the first is indented by 2 × depth more spaces.
void append_json_text(std::string& out, const CertFacts& facts, core::TimePoint at, int depth = 0,
                      const nlohmann::ordered_json& extra = nlohmann::ordered_json::object());

enum class Validity { Valid, Expired, NotYetValid };
[[nodiscard]] Validity validity_at(const CertFacts& facts, core::TimePoint at) noexcept;
[[nodiscard]] std::string_view to_string(Validity v) noexcept;

}  // namespace mtlsdoctor::x509
