#include "mtlsdoctor/core/text_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace mtlsdoctor::core {
namespace {

using namespace std::string_literals;

class TextFile : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "mtlsd-text-file-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::string write(const std::string& name, const std::string& bytes) {
    const auto path = (m_dir / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::filesystem::path m_dir;
};

// The one reader of the policy, monitor, web and server configurations and explain --each's texts.
TEST_F(TextFile, ReadsTheWholeFileUpToTheLimit) {
  const std::string bytes = std::string(70000, 'a') + "\0b\n"s;
  const auto text = read_text_file(write("t.txt", bytes), "text", bytes.size());
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, bytes);
}

TEST_F(TextFile, EachErrorNamesTheFileAndWhatItWasMeantToBe) {
  const auto big = read_text_file(write("big.yaml", std::string((2u << 20) + 1, 'x')), "policy file", 2u << 20);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().category, ErrorCategory::Limit);
  EXPECT_EQ(big.error().message, "policy file larger than 2 MiB");
  EXPECT_EQ(big.error().subject, (m_dir / "big.yaml").string());

  const auto small = read_text_file(write("s.txt", "12345"), "text", 4);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().message, "text larger than 4 bytes");

  const auto missing = read_text_file((m_dir / "none.yaml").string(), "policy file", 1024);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().category, ErrorCategory::Io);
  EXPECT_EQ(missing.error().message, "cannot read the policy file: No such file or directory");

  const auto dir = read_text_file(m_dir.string(), "web configuration", 1024);
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().message, "is a directory, not a web configuration");

  if (::geteuid() != 0) {  // root reads a file whatever its mode
    const auto path = write("secret.yaml", "k: v\n");
    ::chmod(path.c_str(), 0);
    const auto denied = read_text_file(path, "configuration file", 1024);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().message, "cannot read the configuration file: Permission denied");
  }
}

TEST_F(TextFile, AFifoIsReadToItsEnd) {
  const auto path = (m_dir / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::ofstream(path) << "from a pipe\n";
    ::_exit(0);
  }
  const auto text = read_text_file(path, "text", 1024);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "from a pipe\n");
}

}  // namespace
}  // namespace mtlsdoctor::core
