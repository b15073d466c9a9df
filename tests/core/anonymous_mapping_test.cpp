#include "mtlsdoctor/core/anonymous_mapping.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace mtlsdoctor::core {
namespace {

// The data start where asked (on a 2 MiB boundary with huge pages), every byte asked for is
// inside the mapping and writable, and the mapping is released as documented.
TEST(AnonymousMapping, HasRoomWhereItSaysAndHugeOnesStartOnA2MiBBoundary) {
  for (const bool huge : {false, true}) {
    for (const std::size_t size : {std::size_t{1}, std::size_t{4096}, std::size_t{3} << 20}) {
      const auto m = map_anonymous(size, huge);
      ASSERT_TRUE(m.has_value());
      const auto start = reinterpret_cast<std::uintptr_t>(m->data);
      const auto base = reinterpret_cast<std::uintptr_t>(m->map);
      if (huge) {
        EXPECT_EQ(start % kHugePage, 0u) << size;
      }
      EXPECT_GE(start, base);
      EXPECT_LE(start + size, base + m->mapped) << size;
      std::memset(m->data, 0xab, size);
      EXPECT_EQ(static_cast<unsigned char>(m->data[size - 1]), 0xab);
      EXPECT_EQ(::munmap(m->map, m->mapped), 0);
    }
  }
}

// The VmFlags line /proc/self/smaps gives the mapping that starts at `start`, or "".
std::string vm_flags_of_mapping_at(std::uintptr_t start) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_it = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0;
    std::uintptr_t to = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2) {  // a mapping's first line
      in_it = from == start;
    } else if (in_it && line.starts_with("VmFlags:")) {
      return line;
    }
  }
  return "";
}

// The mapping holding the address is advised as a whole, and nothing else: not one larger than
// the bound, not the stack, not the executable's own pages.
TEST(AnonymousMapping, HugePageAdviceGoesToTheAnonymousMappingHoldingTheAddressOnly) {
  // 4 MiB read-write between two inaccessible pages, so the kernel merges it with no neighbour.
  constexpr std::size_t kPage = 4096;
  constexpr std::size_t kSize = std::size_t{4} << 20;
  void* whole = ::mmap(nullptr, kSize + 2 * kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(whole, MAP_FAILED);
  char* inner = static_cast<char*>(whole) + kPage;
  ASSERT_EQ(::mprotect(inner, kSize, PROT_READ | PROT_WRITE), 0);
  const auto start = reinterpret_cast<std::uintptr_t>(inner);
  EXPECT_EQ(vm_flags_of_mapping_at(start).find(" hg"), std::string::npos);

  EXPECT_FALSE(advise_huge_pages_for_mapping_of(inner + kSize / 2, kSize - kPage)) << "larger than the bound";
  EXPECT_EQ(vm_flags_of_mapping_at(start).find(" hg"), std::string::npos);
  if (advise_huge_pages_for_mapping_of(inner + kSize / 2, kSize)) {
    const auto flags = vm_flags_of_mapping_at(start);
    EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
  } else {
    std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
    EXPECT_FALSE(thp.good()) << "the kernel has huge pages, yet the advice was not taken";
  }
  std::memset(inner, 1, kSize);  // the content is the program's as before
  EXPECT_EQ(inner[kSize - 1], 1);

  int on_the_stack = 0;
  EXPECT_FALSE(advise_huge_pages_for_mapping_of(&on_the_stack, std::size_t{1} << 40));
  EXPECT_FALSE(
      advise_huge_pages_for_mapping_of(reinterpret_cast<const void*>(&vm_flags_of_mapping_at), std::size_t{1} << 40));
  EXPECT_FALSE(advise_huge_pages_for_mapping_of(whole, std::size_t{1} << 40)) << "an inaccessible page";
  EXPECT_EQ(::munmap(whole, kSize + 2 * kPage), 0);
  EXPECT_FALSE(advise_huge_pages_for_mapping_of(inner, std::size_t{1} << 40)) << "unmapped";
}

}  // namespace
}  // namespace mtlsdoctor::core
