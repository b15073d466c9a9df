// The request head `serve --upstream-http` forwards: the client's own X-Forwarded-Client-Cert
// removed (a client must not vouch for itself), Envoy's XFCC for the verified certificate added,
// `Connection: close` so that each upstream connection carries one request (the client's may carry
// many: each request gets its own head, rewritten anew).
#pragma once

#include <string>

#include "mtlsdoctor/wire/http.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::server::detail {

// Envoy's format: Hash=<sha256 of the DER, hex>;Cert="<URL-encoded PEM>";Subject="<RFC 4514>";
// URI=…;DNS=… (one per SAN), values quoted with `"` and `\` escaped.
[[nodiscard]] std::string xfcc_value(const x509::Certificate& cert);

// The head as the upstream receives it (ends with the empty line).
[[nodiscard]] std::string upstream_head(const wire::HttpRequest& request, const std::string& xfcc,
                                        const std::string& client_address);

}  // namespace mtlsdoctor::server::detail
