#include "mtlsdoctor/core/anonymous_mapping.h"

#include <sys/mman.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace mtlsdoctor::core {

std::optional<AnonymousMapping> map_anonymous(std::size_t size, bool huge_pages) {
  AnonymousMapping m;
  m.mapped = huge_pages ? size + kHugePage : size;  // room to start on a 2 MiB boundary
  void* map = ::mmap(nullptr, m.mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) return std::nullopt;
  m.map = map;
  m.data = static_cast<char*>(map);
  if (huge_pages) {
    m.data = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(map) + kHugePage - 1) & ~(kHugePage - 1));
    (void)::madvise(m.data, size, MADV_HUGEPAGE);
  }
  return m;
}

bool advise_huge_pages_for_mapping_of(const void* address, std::size_t max_bytes) {
  std::FILE* maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr) return false;
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  bool advised = false;
  char line[512];
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;
    char perms[5] = {};
    unsigned long long offset = 0;
    char dev[16] = {};
    unsigned long long inode = 0;
    int path_at = 0;
    if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s %llx %15s %llu %n", &start, &end, perms, &offset, dev, &inode,
                    &path_at) < 6) {
      continue;
    }
    if (at < start || at >= end) continue;
    // Anonymous (no inode, no name), private and writable: the heap, not a file, stack or guard.
    const bool anonymous = inode == 0 && (line[path_at] == '\n' || line[path_at] == '\0');
    if (anonymous && std::string_view(perms) == "rw-p" && end - start <= max_bytes) {
      advised = ::madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE) == 0;
    }
    break;
  }
  std::fclose(maps);
  return advised;
}

}  // namespace mtlsdoctor::core
