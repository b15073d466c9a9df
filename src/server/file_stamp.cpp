#include "mtlsdoctor/server/file_stamp.h"

namespace mtlsdoctor::server {

std::vector<FileStamp> stamp_files(const std::vector<std::string>& paths) {
  std::vector<FileStamp> out;
  for (const auto& p : paths) {
    std::error_code ec;
    FileStamp s{p, std::filesystem::last_write_time(p, ec), 0};
    if (ec) s.mtime = {};
    s.size = std::filesystem::file_size(p, ec);
    if (ec) s.size = 0;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace mtlsdoctor::server
