// HeldOutput: what monitor run writes while its sweep is not yet recorded reaches the real output
// whole and in order when kept, and not at all when not: written at once to a file (cut back when
// not kept) or /dev/null, else held in an unlinked temporary file, however much of it there is.
#include "held_output.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <ext/stdio_filebuf.h>
#include <sstream>
#include <string>

#include "support/run.h"

namespace mtlsdoctor::cli {
namespace {

std::string many_lines() {
  std::string text;
  for (int i = 0; i < 50000; ++i)  // ~1 MB: many times the stream's and the copy's buffers
    text += "{\"item\": " + std::to_string(i) + ", \"name\": \"cert-" + std::to_string(i * 7) + "\"}\n";
  return text;
}

TEST(HeldOutput, GivesBackEverythingWrittenInOrder) {
  std::ostringstream out;
  out << "before:";
  auto held = HeldOutput::make(out);
  ASSERT_TRUE(held.has_value());
  EXPECT_FALSE(held->direct());
  held->stream() << many_lines();
  EXPECT_EQ(out.str(), "before:");
  ASSERT_TRUE(held->keep(out));
  EXPECT_EQ(out.str(), "before:" + many_lines());
}

TEST(HeldOutput, NothingWrittenGivesNothing) {
  std::ostringstream out;
  auto held = HeldOutput::make(out);
  ASSERT_TRUE(held.has_value());
  ASSERT_TRUE(held->keep(out));
  EXPECT_EQ(out.str(), "");
}

// To a descriptor: a file written at its end (opened to truncate or to append) is written at once
// and cut back to what it held when the output is not kept; a file written in its middle is not
// cut (it is held and copied by the kernel). What `out` buffered comes first, what follows after.
TEST(HeldOutput, ToAFileKeptWholeOrCutBackToWhatItHeld) {
  testsupport::TempDir d("mtlsd-held-fd");
  const std::string earlier = "earlier line\n";
  for (const int flags : {O_TRUNC, O_APPEND, 0}) {
    for (const bool kept : {true, false}) {
      const auto file = d / ("out-" + std::to_string(flags) + (kept ? "-kept" : "-dropped"));
      testsupport::write_file(file, flags == O_APPEND ? earlier : std::string(100, 'x'));
      const int fd = ::open(file.c_str(), O_WRONLY | flags);
      ASSERT_GE(fd, 0);
      {
        __gnu_cxx::stdio_filebuf<char> buffer(fd, std::ios::out, 1 << 16);  // closes fd
        std::ostream out(&buffer);
        out << "before:";  // in out's buffer until make() flushes it
        auto held = HeldOutput::make(out, fd);
        ASSERT_TRUE(held.has_value());
        EXPECT_EQ(held->direct(), flags != 0) << file;
        held->stream() << many_lines();
        if (kept) {
          ASSERT_TRUE(held->keep(out));
        }
        held.reset();
        out << ":after";
      }
      std::string expected = flags == O_APPEND ? earlier + "before:" : "before:";
      if (kept) expected += many_lines();
      expected += ":after";
      if (flags == 0 && !kept) expected += std::string(100 - expected.size(), 'x');  // written over, not cut
      EXPECT_EQ(testsupport::read_file(file), expected) << file;
    }
  }
}

TEST(HeldOutput, ToAPipeThroughTheKernel) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::ostringstream unused;
  auto held = HeldOutput::make(unused, fds[1]);
  ASSERT_TRUE(held.has_value());
  EXPECT_FALSE(held->direct());
  const std::string text = "{\"items\": []}\n";  // less than a pipe holds
  held->stream() << text;
  ASSERT_TRUE(held->keep(unused));
  ::close(fds[1]);
  std::string got(100, '\0');
  got.resize(static_cast<std::size_t>(::read(fds[0], got.data(), got.size())));
  ::close(fds[0]);
  EXPECT_EQ(got, text);
  EXPECT_EQ(unused.str(), "");
}

TEST(HeldOutput, SaysWhenTheDescriptorCannotBeWritten) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::ostringstream out;
  auto held = HeldOutput::make(out, fds[0]);  // a pipe's read end
  ASSERT_TRUE(held.has_value());
  held->stream() << many_lines();
  EXPECT_FALSE(held->keep(out));
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace mtlsdoctor::cli
