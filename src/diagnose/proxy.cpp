// Through an HTTP proxy, a failure before the tunnel opened is the proxy's: the verdict names
// the proxy (never its credentials), not the target, which was never reached.
#include <fmt/format.h>

#include "context.h"
#include "mtlsdoctor/core/shell_quote.h"

namespace mtlsdoctor::diagnose::detail {

using core::FindingId;
using probe::TransportError;

namespace {

core::Finding make(FindingId id, std::string message, const probe::Transcript& t) {
  auto f = core::Finding::make(id, core::Subject::Transport, std::move(message));
  f.evidence["proxy"] = t.proxy;
  f.evidence["target"] = t.target;
  f.evidence["stage"] = to_string(t.stopped_at);
  f.evidence["error"] = to_string(t.error);
  if (t.proxy_status != 0) f.evidence["proxy_status"] = t.proxy_status;
  if (!t.error_text.empty()) f.evidence["detail"] = t.error_text;
  if (!t.address.empty()) f.evidence["address"] = t.address;
  return f;
}

std::string curl_through(const probe::Transcript& t) {
  return fmt::format("curl -v --proxy http://{} https://{}/ -o /dev/null   # the same tunnel, by curl", t.proxy,
                     t.target);
}

}  // namespace

std::optional<core::Finding> proxy_finding(const probe::Transcript& t) {
  if (t.proxy.empty() || t.error == TransportError::None) return std::nullopt;
  const bool reaching = t.stopped_at == probe::Stage::Resolve || t.stopped_at == probe::Stage::Connect;
  if (reaching) {
    auto f = make(FindingId::ProxyUnreachable,
                  fmt::format("the proxy {} cannot be reached ({}: {}); {} was never contacted", t.proxy,
                              to_string(t.error), t.error_text, t.target),
                  t);
    f.fixes = {fmt::format("Is the proxy running at {}? Check --proxy, HTTPS_PROXY and https_proxy", t.proxy),
               "NO_PROXY=HOST skips the proxy for a host that is reached directly"};
    return f;
  }
  if (t.stopped_at != probe::Stage::Proxy) return std::nullopt;  // the tunnel opened: the target's own answer
  if (t.error == TransportError::ProxyRefused && t.proxy_status == 407) {
    auto f = make(FindingId::ProxyAuthRequired,
                  fmt::format("the proxy {} requires credentials ({} {}); the request never reached {}", t.proxy,
                              t.proxy_status, t.proxy_reason, t.target),
                  t);
    f.fixes = {"Give them in the proxy URL: --proxy http://USER:PASSWORD@HOST:PORT (percent-encode @ and :)",
               curl_through(t)};
    return f;
  }
  std::string why;
  if (t.error == TransportError::ProxyRefused) {
    why = t.proxy_status == 403   ? "its policy does not allow a tunnel to this host or port"
          : t.proxy_status == 502 ? "it could not connect to the target"
          : t.proxy_status == 504 ? "the target did not answer it in time"
                                  : "it refused the tunnel";
    why = fmt::format("answered CONNECT with {} {}: {}", t.proxy_status, t.proxy_reason, why);
  } else {
    why = fmt::format("failed before the tunnel opened ({})", t.error_text.empty() ? to_string(t.error) : t.error_text);
  }
  auto f = make(FindingId::ProxyRefused,
                fmt::format("the proxy {} {}; the target {} was not reached through it", t.proxy, why, t.target), t);
  f.fixes = {t.proxy_status == 403
                 ? "Ask the proxy's administrators to allow CONNECT to this host and port"
                 : "Read the proxy's log for the CONNECT; the target may be down or unreachable from it",
             curl_through(t)};
  return f;
}

}  // namespace mtlsdoctor::diagnose::detail
