#include "mtlsdoctor/diagnose/issuer_fetch.h"

#include <fmt/format.h>

#include "mtlsdoctor/probe/http_client.h"
#include "mtlsdoctor/wire/parse.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::diagnose {

core::Result<std::vector<x509::Certificate>> IssuerFetcher::download(const std::string& url) const {
  std::string at = url;
  for (int redirects = 0;; ++redirects) {
    auto parsed = probe::parse_http_url(at);
    if (!parsed) return std::unexpected(parsed.error());
    auto answer = probe::http_request(*parsed, "GET", probe::HttpBody{}, m_limits.timeout, m_limits.max_bytes);
    if (!answer) return std::unexpected(answer.error());
    const int status = answer->status;
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      // The Location is the remote server's text: shown only through preview().
      if (answer->location.empty())
        return core::fail(core::ErrorCategory::Io, fmt::format("the server answered {} without a Location", status),
                          url);
      if (redirects >= m_limits.max_redirects)
        return core::fail(core::ErrorCategory::Limit, fmt::format("more than {} redirects", m_limits.max_redirects),
                          url);
      // A relative Location ("/issuing.cer") stays on the same server; only http:// otherwise.
      const std::string host = parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host;
      at = answer->location.starts_with('/') ? fmt::format("http://{}:{}{}", host, parsed->port, answer->location)
                                             : answer->location;
      if (!at.starts_with("http://"))
        return core::fail(core::ErrorCategory::Unsupported,
                          fmt::format("redirected to {}: only http:// is fetched", wire::preview(at)), url);
      continue;
    }
    if (status != 200) return core::fail(core::ErrorCategory::Io, fmt::format("the server answered {}", status), url);
    // DER as RFC 5280 publishes it, PEM, or a PKCS#7 "certs-only" bundle: the content decides.
    auto bundle = x509::load_bytes(answer->body, url, x509::no_password());
    if (!bundle)
      return core::fail(core::ErrorCategory::Parse, "the answer is not a certificate (DER, PEM or PKCS#7)", url);
    if (bundle->certificates.empty())
      return core::fail(core::ErrorCategory::Parse, "the answer holds no certificate", url);
    return bundle->certificates;
  }
}

const core::Result<std::vector<x509::Certificate>>& IssuerFetcher::fetch(const std::string& url) {
  Slot* slot = nullptr;
  {
    const std::lock_guard lock(m_mutex);
    if (auto it = m_cache.find(url); it != m_cache.end()) {
      slot = it->second.get();
    } else if (m_cache.size() >= m_limits.max_urls) {
      static const core::Result<std::vector<x509::Certificate>> refused =
          std::unexpected(core::Error{core::ErrorCategory::Limit, "more issuer URLs than one run fetches", {}, {}});
      return refused;
    } else {
      slot = m_cache.emplace(url, std::make_unique<Slot>()).first->second.get();
    }
  }
  std::call_once(slot->once, [&] { slot->answer = download(url); });
  return slot->answer;
}

}  // namespace mtlsdoctor::diagnose
