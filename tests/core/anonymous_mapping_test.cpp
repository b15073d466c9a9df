#include "mtlsdoctor/core/anonymous_mapping.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>

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

}  // namespace
}  // namespace mtlsdoctor::core
