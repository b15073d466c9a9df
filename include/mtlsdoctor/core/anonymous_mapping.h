// Anonymous memory straight from the kernel, optionally on transparent huge pages: the one place
// that maps it for the certificate arena, the loader's big files and explain --log's read buffer.
#pragma once

#include <cstddef>
#include <optional>

namespace mtlsdoctor::core {

struct AnonymousMapping {
  void* map = nullptr;     // what to pass to ::munmap, with `mapped`
  std::size_t mapped = 0;  // bytes mapped (with huge pages, up to 2 MiB more than asked)
  char* data = nullptr;    // where the `size` bytes asked for start
};

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;  // a transparent huge page on x86-64

// A private read-write anonymous mapping with room for `size` bytes, not yet touched. With
// `huge_pages` the data start on a 2 MiB boundary and are advised MADV_HUGEPAGE, so their first
// touch costs a fault per 2 MiB rather than one per 4 KiB (12-17 us each on a paravirtualised VM:
// docs/performance.md); where the kernel gives no huge pages the advice is ignored. nullopt when
// mmap fails (errno says why).
[[nodiscard]] std::optional<AnonymousMapping> map_anonymous(std::size_t size, bool huge_pages);

// Advises MADV_HUGEPAGE for the private anonymous read-write mapping that holds `address`, as
// /proc/self/maps lists it, when it is at most `max_bytes` long: memory someone else mapped (the
// allocator's heap) gets map_anonymous's huge pages for the parts not yet touched. False when
// there is no such mapping or the kernel refuses; the advice changes no content.
bool advise_huge_pages_for_mapping_of(const void* address, std::size_t max_bytes);

}  // namespace mtlsdoctor::core
