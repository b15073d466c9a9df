// A server's configuration file as directives with their place, read from nginx's syntax
// (`name args;` and `name args { … }`), Apache httpd's (`Name args` lines, `<Section args>` …
// `</Section>`) or HAProxy's (section keywords, then one directive a line). Includes are
// followed; the audits work on this tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::servercfg {

struct Directive {
  std::string name;
  std::vector<std::string> args;  // unquoted
  std::string raw;                // Apache: the arguments as written (Require and SSLRequire read them raw)
  std::string file;               // where it is written
  int line = 0;
  bool block = false;  // `name args { … }`
  std::vector<Directive> children;

  [[nodiscard]] std::string where() const;  // "FILE:LINE"
};

// Reads an nginx configuration: `include` is followed (globs, relative to the main file's
// directory as nginx's prefix), at most 64 levels and 4,096 files. Errors name FILE:LINE.
[[nodiscard]] core::Result<std::vector<Directive>> read_nginx(const std::string& path);
// The same from text (`include` resolved against `directory`).
[[nodiscard]] core::Result<std::vector<Directive>> parse_nginx(std::string_view text, const std::string& file,
                                                               const std::string& directory);

enum class ServerType { Nginx, Apache, Haproxy };
[[nodiscard]] std::string_view to_string(ServerType t) noexcept;
[[nodiscard]] std::optional<ServerType> parse_server_type(std::string_view name) noexcept;
// Which server's syntax a main configuration file is written in, from its first directives
// (nginx: `http {`, `events {`, `server {`; Apache: `<VirtualHost`, `ServerRoot`, `LoadModule`,
// `Listen`; HAProxy: `global`, `defaults`, `frontend`, `listen`, `backend` sections); nullopt
// when it cannot tell.
[[nodiscard]] std::optional<ServerType> detect_server_type(std::string_view text) noexcept;

// Reads an Apache httpd configuration: directive names keep their spelling (compare them
// case-insensitively with `iequals`), sections are blocks named without the `<`; `Include` and
// `IncludeOptional` are followed (globs and directories, relative to ServerRoot — the main
// file's directory until a ServerRoot line says otherwise), `Define` variables are substituted
// (`${NAME}`), `<IfModule>`/`<IfDefine>` are kept as blocks. Errors name FILE:LINE.
[[nodiscard]] core::Result<std::vector<Directive>> read_apache(const std::string& path);
[[nodiscard]] core::Result<std::vector<Directive>> parse_apache(std::string_view text, const std::string& file,
                                                                const std::string& server_root);
// Reads a HAProxy configuration: one block per section (`global`, `defaults`, `frontend NAME`,
// `backend NAME`, `listen NAME`, …) holding its directives; quotes and `\` escapes as HAProxy
// reads them, `#` comments. Errors name FILE:LINE (FILE:LINE:COLUMN for a quote left open).
[[nodiscard]] core::Result<std::vector<Directive>> read_haproxy(const std::string& path);
[[nodiscard]] core::Result<std::vector<Directive>> parse_haproxy(std::string_view text, const std::string& file);

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace mtlsdoctor::servercfg
