// Where passwords come from: a file, an environment variable, or a prompt on the terminal.
// Never argv (visible to every user in `ps`).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::cli {

struct PasswordOptions {
  std::string file;                         // --password-file
  std::string env_name = "MTLSD_PASSWORD";  // --password-env
};

[[nodiscard]] x509::PasswordProvider make_password_provider(const PasswordOptions& options);
// --password-file and --password-env on a subcommand.
void add_password_flags(CLI::App& cmd, PasswordOptions& options);

}  // namespace mtlsdoctor::cli
