// mtlsd-gendocs OUTDIR: the man pages (one per command) and the bash, zsh and fish completions,
// generated at build time from the same CLI11 definitions --help prints (cli::build_app).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command_docs.h"
#include "commands.h"

namespace {

bool write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) std::cerr << "mtlsd-gendocs: cannot write " << path.string() << "\n";
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mtlsdoctor;
  if (argc != 2) {
    std::cerr << "usage: mtlsd-gendocs OUTDIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::error_code ec;
  std::filesystem::create_directories(dir / "man1", ec);
  std::filesystem::create_directories(dir / "completions", ec);
  std::ostringstream out, err;
  const core::SystemClock clock;
  cli::AppContext ctx{{}, clock, cli::Io{out, err}};
  CLI::App app;
  cli::build_app(app, ctx);
  bool ok = write(dir / "man1" / "mtls-doctor.1", cli::main_man_page(app));
  for (auto& [path, cmd] : cli::all_commands(app)) {
    std::string name = "mtls-doctor-" + path;
    for (auto& c : name) c = c == ' ' ? '-' : c;
    ok = write(dir / "man1" / (name + ".1"), cli::man_page(*cmd, path)) && ok;
  }
  ok = write(dir / "completions" / "mtls-doctor.bash", cli::bash_completion(app)) && ok;
  ok = write(dir / "completions" / "_mtls-doctor", cli::zsh_completion(app)) && ok;
  ok = write(dir / "completions" / "mtls-doctor.fish", cli::fish_completion(app)) && ok;
  return ok ? 0 : 1;
}
