// Reading configuration files, and telling nginx, Apache httpd and HAProxy syntax apart.
#include "config_file.h"

#include <fmt/format.h>

#include <filesystem>

#include "mtlsdoctor/core/text_file.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {

namespace {
constexpr std::size_t kMaxFileSize = 16u << 20;
}  // namespace

std::string Directive::where() const {
  return fmt::format("{}:{}", file, line);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

core::Result<std::string> read_config_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return core::fail(core::ErrorCategory::Io, fmt::format("cannot read: {}", ec.message()), path);
  if (std::filesystem::is_directory(status)) return core::fail(core::ErrorCategory::Io, "is a directory", path);
  if (!std::filesystem::is_regular_file(status)) return core::fail(core::ErrorCategory::Io, "not a regular file", path);
  return core::read_text_file(path, "configuration file", kMaxFileSize);
}

std::string_view to_string(ServerType t) noexcept {
  switch (t) {
    case ServerType::Nginx: return "nginx";
    case ServerType::Apache: return "apache";
    case ServerType::Haproxy: return "haproxy";
  }
  return "nginx";
}

std::optional<ServerType> parse_server_type(std::string_view name) noexcept {
  for (auto t : {ServerType::Nginx, ServerType::Apache, ServerType::Haproxy}) {
    if (name == to_string(t)) return t;
  }
  return std::nullopt;
}

// The first word of each line (comments and blank lines skipped) until one tells.
std::optional<ServerType> detect_server_type(std::string_view text) noexcept {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    line.remove_prefix(first);
    const auto word_end = line.find_first_of(" \t\r{;");
    const std::string_view word = line.substr(0, word_end);
    const std::string_view rest = word_end == std::string_view::npos ? "" : line.substr(word_end);
    if (word.starts_with("<")) return ServerType::Apache;
    if (rest.find('{') != std::string_view::npos || rest.find(';') != std::string_view::npos) {
      if (word == "http" || word == "events" || word == "server" || word == "stream" || word == "user" ||
          word == "worker_processes" || word == "include" || word == "pid" || word == "error_log" || word == "daemon" ||
          word == "load_module" || word == "map")
        return ServerType::Nginx;
    }
    for (auto w : {"global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "resolvers"}) {
      if (word == w) return ServerType::Haproxy;
    }
    for (auto w : {"ServerRoot", "LoadModule", "Listen", "ServerName", "Include", "IncludeOptional", "Define",
                   "SSLEngine", "DocumentRoot", "ErrorLog", "PidFile", "User", "Group", "Mutex", "LogLevel"}) {
      if (iequals(word, w)) return ServerType::Apache;
    }
  }
  return std::nullopt;
}

}  // namespace mtlsdoctor::servercfg
