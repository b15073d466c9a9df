// CRL distribution points (RFC 5280 §4.2.1.13): the http:// URLs of the certificates judged,
// each fetched once per sweep (a cache shared by every item), bounded in size and time.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/crl.h"

namespace mtlsdoctor::monitor::detail {

class CrlFetcher {
 public:
  static constexpr std::size_t kMaxCrlBytes = 16u << 20;
  static constexpr std::size_t kMaxUrls = 256;  // distinct URLs per sweep; more are not fetched

  explicit CrlFetcher(std::chrono::seconds timeout = std::chrono::seconds{10}) : m_timeout(timeout) {}

  struct Fetched {
    std::vector<x509::Crl> crls;
    std::string urls;  // the URLs behind `crls`, one a line: the same set gives the same CRLs
    std::vector<std::pair<std::string, core::Error>> failures;  // URL, why
  };
  // The CRLs behind the http:// distribution points of `certs`; other schemes (ldap://) are skipped.
  // Give only certificates whose issuer is known: a CRL is verified with its issuer's key.
  [[nodiscard]] Fetched for_certificates(const std::vector<x509::Certificate>& certs);

 private:
  core::Result<std::vector<x509::Crl>> fetch(const std::string& url);
  std::chrono::seconds m_timeout;
  std::map<std::string, core::Result<std::vector<x509::Crl>>> m_cache;
};

}  // namespace mtlsdoctor::monitor::detail
