// Through a proxy (HTTP, HTTPS or SOCKS5), a failure before the tunnel opened is the proxy's: the verdict names
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
  if (!t.proxy_scheme.empty()) f.evidence["proxy_scheme"] = t.proxy_scheme;
  if (t.proxy_status != 0) f.evidence["proxy_status"] = t.proxy_status;
  if (!t.error_text.empty()) f.evidence["detail"] = t.error_text;
  if (!t.address.empty()) f.evidence["address"] = t.address;
  return f;
}

std::string curl_through(const probe::Transcript& t) {
  const std::string scheme = t.proxy_scheme.empty() ? "http" : t.proxy_scheme;
  return fmt::format("curl -v --proxy {}://{} https://{}/ -o /dev/null   # the same tunnel, by curl", scheme, t.proxy,
                     t.target);
}

std::string kind(const probe::Transcript& t) {
  if (t.proxy_scheme == "https") return "HTTPS proxy";
  if (t.proxy_scheme.starts_with("socks")) return "SOCKS5 proxy";
  return "proxy";
}

}  // namespace

std::optional<core::Finding> proxy_finding(const probe::Transcript& t) {
  if (t.proxy.empty() || t.error == TransportError::None) return std::nullopt;
  // socks5://: the target's own name did not resolve here; that is the target's DNS failure.
  if (t.target_unresolved) return std::nullopt;
  const bool socks = t.proxy_scheme.starts_with("socks");
  const bool reaching = t.stopped_at == probe::Stage::Resolve || t.stopped_at == probe::Stage::Connect;
  if (reaching) {
    auto f = make(FindingId::ProxyUnreachable,
                  fmt::format("the {} {} cannot be reached ({}: {}); {} was never contacted", kind(t), t.proxy,
                              to_string(t.error), t.error_text, t.target),
                  t);
    f.fixes = {fmt::format("Is the proxy running at {}? Check --proxy, HTTPS_PROXY and ALL_PROXY", t.proxy),
               "NO_PROXY=HOST skips the proxy for a host that is reached directly"};
    return f;
  }
  if (t.stopped_at != probe::Stage::Proxy) return std::nullopt;  // the tunnel opened: the target's own answer
  if ((t.error == TransportError::ProxyRefused && t.proxy_status == 407 && !socks) ||
      t.error == TransportError::ProxyAuthRejected) {
    auto f = make(FindingId::ProxyAuthRequired,
                  socks ? fmt::format("the SOCKS5 proxy {} wants other credentials: {}; the request never reached {}",
                                      t.proxy, t.error_text, t.target)
                        : fmt::format("the proxy {} requires credentials ({} {}); the request never reached {}",
                                      t.proxy, t.proxy_status, t.proxy_reason, t.target),
                  t);
    f.fixes = {socks ? fmt::format("Give them in the proxy URL: --proxy {}://USER:PASSWORD@{} (RFC 1929; "
                                   "percent-encode @ and :)",
                                   t.proxy_scheme, t.proxy)
                     : fmt::format("Give them in the proxy URL: --proxy {}://USER:PASSWORD@{} (percent-encode @ and :)",
                                   t.proxy_scheme.empty() ? "http" : t.proxy_scheme, t.proxy),
               curl_through(t)};
    return f;
  }
  if (t.error == TransportError::ProxyTls && t.error_text.starts_with("the proxy's certificate")) {
    // proxy-refused, by us: the id table is shared by every module, and this one case does not
    // warrant a new id; the finding's error (proxy-tls-failed) and words name it.
    auto f = make(FindingId::ProxyRefused,
                  fmt::format("the HTTPS proxy {} was not used: {}; nothing was sent to it", t.proxy, t.error_text), t);
    f.fixes = {"Give the CA that issued the proxy's certificate: --proxy-cacert FILE (or add it to the system store)",
               fmt::format("openssl s_client -connect {} -showcerts </dev/null   # the proxy's chain", t.proxy)};
    return f;
  }
  std::string why;
  if (t.error == TransportError::ProxyRefused && socks && !t.proxy_reason.empty()) {
    why = t.proxy_status == 2                          ? "its rules do not allow a connection to this host or port"
          : t.proxy_status == 5                        ? "the target refused its connection"
          : t.proxy_status == 3 || t.proxy_status == 4 ? "it cannot reach the target"
                                                       : "it refused the tunnel";
    why = fmt::format("answered CONNECT with SOCKS5 reply {} ({}): {}", t.proxy_status, t.proxy_reason, why);
  } else if (t.error == TransportError::ProxyRefused && !socks && t.proxy_status != 0) {
    why = t.proxy_status == 403   ? "its policy does not allow a tunnel to this host or port"
          : t.proxy_status == 502 ? "it could not connect to the target"
          : t.proxy_status == 504 ? "the target did not answer it in time"
                                  : "it refused the tunnel";
    why = fmt::format("answered CONNECT with {} {}: {}", t.proxy_status, t.proxy_reason, why);
  } else {
    why = fmt::format("failed before the tunnel opened ({})", t.error_text.empty() ? to_string(t.error) : t.error_text);
  }
  auto f =
      make(FindingId::ProxyRefused,
           fmt::format("the {} {} {}; the target {} was not reached through it", kind(t), t.proxy, why, t.target), t);
  const bool policy = socks ? t.proxy_status == 2 : t.proxy_status == 403;
  f.fixes = {policy ? "Ask the proxy's administrators to allow a tunnel to this host and port"
                    : "Read the proxy's log for the tunnel; the target may be down or unreachable from it",
             curl_through(t)};
  return f;
}

}  // namespace mtlsdoctor::diagnose::detail
