// The certificate of an issuer, downloaded from where the certificate it issued says it is
// published (AIA caIssuers, RFC 5280 §4.2.2.1): http:// only, DER, PEM or a PKCS#7 bundle,
// bounded in size, time and redirects, each URL fetched once per run (the cache is shared by
// every target and identity judged). A failure is kept as the URL's answer, for the verdict to
// say, never thrown.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::diagnose {

class IssuerFetcher {
 public:
  struct Limits {
    std::chrono::milliseconds timeout{5000};  // the whole exchange with one server, redirects each anew
    std::size_t max_bytes = 256 * 1024;       // an issuer's certificate is 1–2 KiB; a bundle a few more
    int max_redirects = 2;
    std::size_t max_urls = 8;  // distinct URLs per run: a chain of AIA pointers ends here
  };
  IssuerFetcher() = default;
  explicit IssuerFetcher(Limits limits) : m_limits(limits) {}

  // The certificates at `url` (fetched on the first call, then from the cache). The reference
  // stays valid as long as the fetcher. Threads asking for different URLs download at once; a
  // thread asking for a URL being downloaded waits for that download.
  [[nodiscard]] const core::Result<std::vector<x509::Certificate>>& fetch(const std::string& url);

 private:
  struct Slot {
    std::once_flag once;
    core::Result<std::vector<x509::Certificate>> answer;
  };
  core::Result<std::vector<x509::Certificate>> download(const std::string& url) const;
  Limits m_limits;
  std::mutex m_mutex;  // guards m_cache's shape only, never held while downloading
  std::map<std::string, std::unique_ptr<Slot>> m_cache;
};

}  // namespace mtlsdoctor::diagnose
