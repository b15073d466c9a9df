// What a sweep asks the network about its certificates, each question once per sweep: CRLs of
// distribution points and OCSP responders.
#pragma once

#include "crl_fetch.h"
#include "ocsp.h"

namespace mtlsdoctor::monitor::detail {

struct OnlineChecks {
  CrlFetcher crls;
  OcspChecker ocsp;
};

}  // namespace mtlsdoctor::monitor::detail
