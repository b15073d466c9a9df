#include "mtlsdoctor/core/anonymous_mapping.h"

#include <sys/mman.h>

#include <cstdint>

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

}  // namespace mtlsdoctor::core
