#pragma once

namespace mtlsdoctor::tls {

// The versions a context may negotiate.
enum class TlsVersion {
  Any,    // TLS 1.2 or 1.3
  Tls12,  // TLS 1.2 only
  Tls13,  // TLS 1.3 only
};

}  // namespace mtlsdoctor::tls
