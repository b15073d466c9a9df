// HeldOutput: what monitor run writes while its sweep is not yet recorded goes to an unlinked
// temporary file, and comes back whole, in order, however much of it there is.
#include "held_output.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace mtlsdoctor::cli {
namespace {

TEST(HeldOutput, GivesBackEverythingWrittenInOrder) {
  auto held = HeldOutput::make();
  ASSERT_TRUE(held.has_value());
  std::string expected;
  for (int i = 0; i < 50000; ++i) {  // ~1 MB: many times the stream's and the copy's buffers
    const std::string line =
        "{\"item\": " + std::to_string(i) + ", \"name\": \"cert-" + std::to_string(i * 7) + "\"}\n";
    held->stream() << line;
    expected += line;
  }
  std::ostringstream out;
  out << "before:";
  ASSERT_TRUE(held->copy_to(out));
  EXPECT_EQ(out.str(), "before:" + expected);
}

TEST(HeldOutput, NothingWrittenGivesNothing) {
  auto held = HeldOutput::make();
  ASSERT_TRUE(held.has_value());
  std::ostringstream out;
  ASSERT_TRUE(held->copy_to(out));
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace mtlsdoctor::cli
