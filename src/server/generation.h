// Everything `serve` reads from files, loaded together and replaced together on reload: the
// trust and policy that judge clients, and GnuTLS's credentials (the server's certificate and
// key, the CA names it sends). A connection keeps the generation it started with.
#pragma once

#include <gnutls/gnutls.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/server/admission.h"
#include "mtlsdoctor/server/serve.h"

namespace mtlsdoctor::server::detail {

struct FileStamp {
  std::string path;
  std::filesystem::file_time_type mtime;
  std::uintmax_t size = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
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
};

// The verification hook every generation's credentials call (set by the connection code).
using VerifyHook = int (*)(gnutls_session_t);

[[nodiscard]] core::Result<std::shared_ptr<const Generation>> load_generation(const ServeOptions& options,
                                                                              VerifyHook hook);
// The stamps of the same files now (a file that vanished has an empty stamp).
[[nodiscard]] std::vector<FileStamp> stamp_files(const std::vector<std::string>& paths);
// Every file the options name.
[[nodiscard]] std::vector<std::string> watched_files(const ServeOptions& options);

}  // namespace mtlsdoctor::server::detail
