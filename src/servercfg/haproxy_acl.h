// HAProxy ACLs (doc/configuration.txt §7) evaluated for one certificate and connection: the
// sample fetches on the client certificate (ssl_c_*), the connection (src, ssl_fc_sni, ssl_fc*)
// with the converters hex/lower/upper, the match methods (-m str/beg/end/sub/reg/len/found/
// bool/int/bin/ip, -i, -f FILE) and conditions (`if|unless` terms, `!`, `||`/`or`, anonymous
// `{ … }`). What it cannot compute is Unknown, never false.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "apache_expr.h"  // Truth
#include "mtlsdoctor/servercfg/config.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::servercfg {

struct HaproxyFacts {
  const x509::Certificate* leaf = nullptr;
  bool handshake_done = false;  // false for `tcp-request connection`: no certificate, no SNI yet
  bool verified = false;
  std::optional<std::string> source;
  std::optional<std::string> sni;
  std::string base_dir;  // for -f FILE
};

struct AclResult {
  Truth truth = Truth::Unknown;
  std::string why;  // Unknown: what could not be evaluated
};

// `words` is a rule's condition: what follows `if` or `unless` (`unless` negates it). ACL names
// are looked up in `section`'s `acl` lines.
[[nodiscard]] AclResult evaluate_condition(const std::vector<std::string>& words, const Directive& section,
                                           const HaproxyFacts& facts);

}  // namespace mtlsdoctor::servercfg
