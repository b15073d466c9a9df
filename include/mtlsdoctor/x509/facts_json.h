// Facts as JSON: field names are part of the machine-readable output and stay stable.
#pragma once

#include <nlohmann/json.hpp>

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

enum class Validity { Valid, Expired, NotYetValid };
[[nodiscard]] Validity validity_at(const CertFacts& facts, core::TimePoint at) noexcept;
[[nodiscard]] std::string_view to_string(Validity v) noexcept;

}  // namespace mtlsdoctor::x509
