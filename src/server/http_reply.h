// What `serve` answers over HTTP: 200 naming the client certificate and the rule that allowed
// it, 403 naming the cause, the rule and the near misses; JSON bodies, `Connection: keep-alive`
// when another request may follow, else `close`.
#pragma once

#include <string>
#include <string_view>

#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/server/admission.h"

namespace mtlsdoctor::server::detail {

[[nodiscard]] std::string decision_body(const Admission& admission, const policy::Policy* policy, std::string_view tls,
                                        const std::optional<std::string>& sni);
[[nodiscard]] std::string http_response(int status, std::string_view body, bool keep_alive = false, bool head = false);
// A short JSON error body for a malformed request (400, 414, 431, 505).
[[nodiscard]] std::string error_body(std::string_view error);

}  // namespace mtlsdoctor::server::detail
