// How values are compared (POLICY.md "Values"): the per-field normalisation, globs, hex
// numbers and CIDR networks. Shared by the parser (which normalises what is written) and the
// matchers (which normalise what a certificate has).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mtlsdoctor/policy/decision.h"

namespace mtlsdoctor::policy::detail {

// RFC 4518 string preparation, as far as it matters for DN values written in a policy:
// leading/trailing spaces dropped, inner runs of spaces as one, ASCII case folded.
[[nodiscard]] std::string prepare_dn_value(std::string_view value);
// Hex as written (colons, spaces, "0x", case, leading zeros ignored) → upper case, no leading
// zeros ("0" for zero); nullopt when not hex.
[[nodiscard]] std::optional<std::string> normalise_hex(std::string_view value);
// A SHA-256 key pin as written: base64 of 32 bytes (RFC 7469) or 64 hex digits → hex as
// normalise_hex gives it; nullopt when neither.
[[nodiscard]] std::optional<std::string> pin_hex(std::string_view text);
// DNS name: lower case, one trailing dot dropped.
[[nodiscard]] std::string normalise_dns(std::string_view value);
// E-mail: the domain in lower case, the local part as is.
[[nodiscard]] std::string normalise_email(std::string_view value);
// A value of a text field as exact values and globs compare it (DN values prepared, DNS names
// and e-mail domains in lower case).
[[nodiscard]] std::string normalise_text(Field field, std::string_view value);
// A glob (already normalised) as an RE2 pattern matching the whole normalised value: `*` and `?`
// stay within one DNS label (san.dns, sni) or URI path segment (san.uri; a trailing `/*` takes
// any suffix).
[[nodiscard]] std::string glob_to_regex(Field field, std::string_view glob);
// Hex numbers without leading zeros compare by length, then digits.
[[nodiscard]] int compare_hex(std::string_view a, std::string_view b) noexcept;

[[nodiscard]] bool has_glob(std::string_view value) noexcept;

[[nodiscard]] std::string to_string(const IpAddress& address);

}  // namespace mtlsdoctor::policy::detail
