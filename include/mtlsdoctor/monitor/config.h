// The monitor's configuration (../shared/MONITOR.md, `version: 1`) as typed values. Every error
// names file:line:column; an unknown key is an error, never ignored. Relative paths are taken
// relative to the configuration file's directory, so a config means the same from any cwd.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::monitor {

// 1-based line and column, as the policy file's (line 0: not written in the file, a default).
using Location = policy::Location;

// Validity left at which an item turns warning / critical.
struct Thresholds {
  std::chrono::seconds warning{std::chrono::days{30}};
  std::chrono::seconds critical{std::chrono::days{7}};
};

// The role a certificate at rest is judged for; Auto: read from its EKU and basicConstraints.
enum class RoleHint { Auto, Client, Server };

// `files:` — certificates at rest: a file, a directory (recursive) or a glob.
struct FileSource {
  std::string path;  // as written
  std::filesystem::path resolved;
  std::optional<std::filesystem::path> password_file;
  std::optional<std::filesystem::path> cacert;
  std::vector<std::filesystem::path> crl;
  std::optional<Thresholds> thresholds;  // per-item override
  RoleHint role = RoleHint::Auto;
  Location where;
};

// `identities:` — client identities we present: cert + key (+ chain), or p12 + password_file.
struct IdentitySource {
  std::string name;
  std::optional<std::filesystem::path> cert, key, chain, p12, password_file, cacert;
  std::vector<std::filesystem::path> crl;
  std::optional<Thresholds> thresholds;
  Location where;
};

// `endpoints:` — any diagnose TARGET, probed presenting `identity`.
struct EndpointSource {
  std::string name;
  std::string target;
  std::optional<std::string> identity;  // the name of an entry of `identities`
  std::optional<std::filesystem::path> cacert;
  std::optional<std::string> servername;
  bool expect_mtls = false;
  std::optional<std::filesystem::path> successor_ca;
  std::optional<Thresholds> thresholds;
  Location where;
};

// `probe:` — what monitor serve's /probe may reach.
struct ProbeDefaults {
  std::vector<std::string> allow;
  std::optional<std::string> identity;
  std::optional<std::filesystem::path> cacert;
};

// `logs:` — server logs monitor serve follows (nginx, Apache httpd, HAProxy error logs; serve's
// decision log): each rejection read becomes a count by cause (docs/monitor.md).
struct LogSource {
  std::string name;  // labels the counters; default: the path as written
  std::filesystem::path path;
  Location where;
};

// `notify:` — on a change of an item's state (and again every `renotify` while it stays not ok).
struct Notify {
  struct Webhook {
    std::string url;  // as written
    std::string host;
    std::uint16_t port = 80;
    std::string path = "/";
  };
  std::optional<Webhook> webhook;      // JSON POST (http:// only)
  std::optional<std::string> command;  // run with /bin/sh -c, the notice's JSON on stdin
  std::optional<std::chrono::seconds> renotify;
  std::chrono::seconds timeout{10};

  [[nodiscard]] bool any() const noexcept { return webhook || command; }
};

struct Config {
  std::string file;  // the configuration file, for messages
  Thresholds thresholds;
  std::chrono::seconds interval{std::chrono::minutes{5}};
  std::filesystem::path database;  // resolved; default mtls-doctor.db beside the config
  std::vector<FileSource> files;
  std::vector<IdentitySource> identities;
  std::vector<EndpointSource> endpoints;
  ProbeDefaults probe;
  Notify notify;
  std::vector<LogSource> logs;

  [[nodiscard]] const IdentitySource* identity(std::string_view name) const noexcept;
};

// `base`: the directory relative paths are resolved against.
[[nodiscard]] core::Result<Config> parse_config(std::string_view yaml, std::string_view file,
                                                const std::filesystem::path& base);
// Reads and parses a file (Io errors name it; at most 4 MiB).
[[nodiscard]] core::Result<Config> load_config(const std::filesystem::path& path);

}  // namespace mtlsdoctor::monitor
