// The lab: a complete test PKI (three CA hierarchies, nineteen client and server identities,
// each with one deliberate fault or none), generated in-process with libcrypto. It mirrors
// tests/fixtures/openssl_pki.sh, which builds the same PKI with the openssl CLI, so our checker
// is tested against certificates made by two independent generators. Every validity period is
// relative to the injected clock, so a lab never goes out of date.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::lab {

// One identity and the verdict `check` must give for it. Paths are relative to the lab directory.
struct ManifestEntry {
  std::string name;
  std::string role;  // "client" | "server"
  std::string description;
  std::optional<std::string> cert, key, chain, p12, password_file, cacert, crl, host;
  std::string expected_cause;        // a cause slug of DIAGNOSES.md
  std::string expected_rejected_by;  // a `rejected_by` value of DIAGNOSES.md
};

struct Manifest {
  core::TimePoint created{};  // the clock's now() when the lab was made
  std::vector<ManifestEntry> identities;
};

// Whether create() may write into a directory that already holds files.
enum class Existing { Refuse, Overwrite };

// Creates `dir` (and its parents) and writes the whole lab PKI plus `dir`/manifest.json. A `dir`
// that holds anything already is refused (a user's key of the same name would be lost) unless
// `existing` is Overwrite: then the lab's files are replaced with a fresh PKI, others are kept.
[[nodiscard]] core::Result<Manifest> create(const std::filesystem::path& dir, const core::Clock& clock,
                                            Existing existing = Existing::Refuse);

// {"generator","created","identities":[{name, role, description, cert, key, chain, p12,
//  password_file, cacert, crl, host, expected:{cause, rejected_by}}]}; absent fields omitted.
[[nodiscard]] nlohmann::ordered_json to_json(const Manifest& manifest);

// DIR/manifest.json as `lab verify` replays it: any JSON object with an "identities" array;
// members that are absent or not strings read as empty (the replay reports what is missing).
[[nodiscard]] core::Result<Manifest> read_manifest(const std::filesystem::path& dir);

}  // namespace mtlsdoctor::lab
