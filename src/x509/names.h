#pragma once

#include <openssl/x509.h>

#include <string>

#include "mtlsdoctor/x509/facts.h"

namespace mtlsdoctor::x509::detail {

[[nodiscard]] DistinguishedName read_name(const X509_NAME* name);
[[nodiscard]] core::TimePoint read_time(const ASN1_TIME* t);
[[nodiscard]] std::string hex_colon(const unsigned char* data, std::size_t len);
[[nodiscard]] std::string object_name(const ASN1_OBJECT* obj);  // short name or dotted OID
[[nodiscard]] std::string base64(const unsigned char* data, std::size_t len);

}  // namespace mtlsdoctor::x509::detail
