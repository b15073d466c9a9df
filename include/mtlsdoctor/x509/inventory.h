// Everything found in a set of files and directories: certificates grouped into chains,
// keys paired with their certificates. What `inspect` shows and `monitor` will watch.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::x509 {

struct CertRef {
  std::size_t file = 0;   // index into Inventory::files
  std::size_t index = 0;  // index into that bundle's certificates
};

struct KeyRef {
  std::size_t file = 0;
  std::size_t index = 0;
  std::vector<std::size_t> certificates;  // indices into Inventory::certificates that it matches
};

struct FileProblem {
  std::string path;
  core::Error error;
};

struct Inventory {
  std::vector<Bundle> files;
  std::vector<FileProblem> unreadable;  // inside directories: looked like key material, failed to load
  std::vector<std::string> not_crypto;  // inside directories: neither PEM nor DER, passed over
  std::vector<CertRef> certificates;    // distinct certificates (by DER), in order of appearance
  std::vector<std::size_t> duplicates;  // per distinct certificate: how many extra copies were seen
  std::vector<KeyRef> keys;
  std::vector<std::vector<std::size_t>> chains;  // leaf first, each followed by its issuer when present

  [[nodiscard]] const Certificate& cert(std::size_t i) const {
    return files[certificates[i].file].certificates[certificates[i].index];
  }
};

// Explicit files must load (the first failure is returned); files found while walking a
// directory are recorded in `unreadable` / `not_crypto` instead.
[[nodiscard]] core::Result<Inventory> build_inventory(const std::vector<std::filesystem::path>& inputs,
                                                      const PasswordProvider& password, const LoadLimits& limits = {});

}  // namespace mtlsdoctor::x509
