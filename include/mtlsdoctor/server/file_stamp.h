// Whether files changed since they were read: a stamp of each (modification time and size), taken
// before reading so that a change while loading is seen next time. `serve` and `monitor serve
// --web-config` reload with it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mtlsdoctor::server {

struct FileStamp {
  std::string path;
  std::filesystem::file_time_type mtime;
  std::uintmax_t size = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// The stamps of the files now (a file that vanished has an empty stamp).
[[nodiscard]] std::vector<FileStamp> stamp_files(const std::vector<std::string>& paths);

}  // namespace mtlsdoctor::server
