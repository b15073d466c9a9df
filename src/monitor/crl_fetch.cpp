#include "crl_fetch.h"

#include <fmt/format.h>

#include "mtlsdoctor/probe/http_client.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::monitor::detail {

core::Result<std::vector<x509::Crl>> CrlFetcher::fetch(const std::string& url) {
  auto parsed = probe::parse_http_url(url);
  if (!parsed) return std::unexpected(parsed.error());
  auto answer = probe::http_request(*parsed, "GET", probe::HttpBody{}, m_timeout, kMaxCrlBytes);
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 200)
    return core::fail(core::ErrorCategory::Io, fmt::format("the server answered {}", answer->status), url);
  // DER as RFC 5280 publishes it, or PEM: the content decides.
  auto bundle = x509::load_bytes(answer->body, url, x509::no_password());
  if (!bundle) return std::unexpected(bundle.error());
  if (bundle->crls.empty()) return core::fail(core::ErrorCategory::Parse, "the answer holds no CRL", url);
  return bundle->crls;
}

CrlFetcher::Fetched CrlFetcher::for_certificates(const std::vector<x509::Certificate>& certs) {
  Fetched out;
  for (const auto& cert : certs) {
    for (const auto& url : cert.facts().crl_urls) {
      if (!url.starts_with("http://")) continue;
      auto it = m_cache.find(url);
      if (it == m_cache.end()) {
        if (m_cache.size() >= kMaxUrls) {
          out.failures.emplace_back(
              url,
              core::Error{
                  core::ErrorCategory::Limit, fmt::format("more than {} CRL URLs in one sweep", kMaxUrls), url, {}});
          continue;
        }
        it = m_cache.emplace(url, fetch(url)).first;
      }
      if (it->second) {
        out.crls.insert(out.crls.end(), it->second->begin(), it->second->end());
        out.urls.append(url).push_back('\n');
      } else
        out.failures.emplace_back(url, it->second.error());
    }
  }
  return out;
}

}  // namespace mtlsdoctor::monitor::detail
