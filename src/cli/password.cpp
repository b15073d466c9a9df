#include "password.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>

namespace mtlsdoctor::cli {
namespace {

core::Result<std::string> read_password_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(core::ErrorCategory::Io, "cannot read the password file", path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Reads one line from the controlling terminal with echo off.
core::Result<std::string> prompt(std::string_view what) {
  const int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return core::fail(core::ErrorCategory::Password, "no terminal to ask for the password");
  std::unique_ptr<int, void (*)(int*)> guard(new int(fd), [](int* p) {
    close(*p);
    delete p;
  });
  const std::string question = fmt::format("Password for {}: ", what);
  if (write(fd, question.data(), question.size()) < 0) {
    return core::fail(core::ErrorCategory::Password, "cannot write to the terminal");
  }
  termios old{};
  const bool have_tty = tcgetattr(fd, &old) == 0;
  if (have_tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n' && line.size() < 4096) line += c;
  if (have_tty) tcsetattr(fd, TCSAFLUSH, &old);
  (void)!write(fd, "\n", 1);
  return line;
}

}  // namespace

x509::PasswordProvider make_password_provider(const PasswordOptions& options) {
  return [options](std::string_view what) -> core::Result<std::string> {
    if (!options.file.empty()) return read_password_file(options.file);
    if (const char* env = std::getenv(options.env_name.c_str())) return std::string(env);
    if (isatty(STDIN_FILENO) == 1) return prompt(what);
    return core::fail(core::ErrorCategory::Password,
                      fmt::format("{} needs a password: use --password-file FILE or set {}", what, options.env_name));
  };
}

void add_password_flags(CLI::App& cmd, PasswordOptions& options) {
  cmd.add_option("--password-file", options.file, "file whose first line is the password");
  cmd.add_option("--password-env", options.env_name, "environment variable holding the password")
      ->capture_default_str();
}

}  // namespace mtlsdoctor::cli
