// Everything `serve` reads from files, loaded together and replaced together on reload: the
// trust and policy that judge clients, and GnuTLS's credentials (the server's certificate and
// key, the CA names it sends). A connection keeps the generation it started with.
#pragma once

#include <gnutls/gnutls.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/server/admission.h"
#include "mtlsdoctor/server/file_stamp.h"
#include "mtlsdoctor/server/serve.h"
#include "mtlsdoctor/x509/certificate.h"

namespace mtlsdoctor::server::detail {

using server::FileStamp;
using server::stamp_files;

// Client certificates decoded once per generation, by their DER: every client sends the same
// intermediates, and a returning client the same leaf, while OpenSSL 3.0's d2i_X509 costs about a
// quarter of a handshake's CPU (docs/performance.md). Shared by the workers (a lock around the
// lookup, the decoding outside it); bounded: full, it starts afresh.
class CertificateCache {
 public:
  static constexpr std::size_t kMaxEntries = 1024;
  explicit CertificateCache(std::size_t max_entries = kMaxEntries) : m_max(max_entries) {}

  // The certificate of `der` (decoded by OpenSSL as well), from the cache or decoded now.
  [[nodiscard]] core::Result<x509::Certificate> get(std::span<const std::uint8_t> der, std::string_view source);
  [[nodiscard]] std::uint64_t hits() const;
  [[nodiscard]] std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::size_t m_max;
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, x509::Certificate, Hash, std::equal_to<>> m_decoded;
  std::uint64_t m_hits = 0;
};

class Generation {
 public:
  explicit Generation(Gate g) : gate(std::move(g)) {}
  ~Generation();
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;

  Gate gate;
  gnutls_certificate_credentials_t credentials = nullptr;
  gnutls_priority_t priority = nullptr;
  std::string summary;            // for the event line: what was loaded
  std::vector<FileStamp> stamps;  // of every file read
  mutable CertificateCache certificates;
};

// The verification hook every generation's credentials call (set by the connection code).
using VerifyHook = int (*)(gnutls_session_t);

[[nodiscard]] core::Result<std::shared_ptr<const Generation>> load_generation(const ServeOptions& options,
                                                                              VerifyHook hook);
// Every file the options name.
[[nodiscard]] std::vector<std::string> watched_files(const ServeOptions& options);

}  // namespace mtlsdoctor::server::detail
