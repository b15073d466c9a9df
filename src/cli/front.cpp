#include "front.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include <algorithm>

#include "allocator.h"

namespace mtlsdoctor::cli {
namespace {

std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> names_of(const CLI::App& app) {
  std::vector<std::string> out;
  for (const auto* sub : app.get_subcommands({})) out.push_back(sub->get_name());
  return out;
}

bool is_option(const std::string& arg) {
  return arg.size() > 1 && arg.front() == '-';
}

// "unknown command 'chek' (did you mean 'check'?)", for `app` reached by `path`.
std::string unknown(const CLI::App& app, const std::string& word, const std::string& path) {
  const auto known = names_of(app);
  std::string out = fmt::format("unknown command '{}'", path.empty() ? word : path + " " + word);
  if (const auto near = nearest(word, known)) {
    out += fmt::format(" — did you mean '{}'?", path.empty() ? *near : path + " " + *near);
  } else {
    out += fmt::format(" (commands: {})", fmt::join(known, ", "));
  }
  return out;
}

}  // namespace

std::string version_text() {
  return fmt::format("mtls-doctor 0.1.0\nOpenSSL: {} (built with {})\nbuilt with g++ {}\nallocator: {}",
                     OpenSSL_version(OPENSSL_VERSION), OPENSSL_VERSION_TEXT, __VERSION__, allocator_text());
}

std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = 3;
  for (const auto& k : known) {
    const std::size_t d = k.starts_with(word) && word.size() >= 2 ? 1 : distance(word, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  return best;
}

std::vector<std::string> hoist_output_flags(std::vector<std::string> args) {
  std::vector<std::string> moved;
  std::size_t i = 0;
  while (i < args.size() && is_option(args[i])) {
    if (args[i] == "--no-color" || args[i] == "--quiet" || args[i] == "-q" || args[i].starts_with("--format=")) {
      moved.push_back(args[i]);
      args.erase(args.begin() + static_cast<long>(i));
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      moved.insert(moved.end(), {args[i], args[i + 1]});
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
    } else {
      return args;  // --help, --version, or an unknown option: CLI11 (or read_front) answers
    }
  }
  if (moved.empty() || i >= args.size()) return args;
  // After the command word, and after `lab`'s, `policy`'s and `monitor`'s own command word.
  std::size_t at = i + 1;
  if ((args[i] == "lab" || args[i] == "policy" || args[i] == "monitor") && at < args.size() && !is_option(args[at]))
    ++at;
  args.insert(args.begin() + static_cast<long>(at), moved.begin(), moved.end());
  return args;
}

Front read_front(CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty()) return {};
  const std::string& first = args.front();
  if (is_option(first)) {
    if (first == "-h" || first == "--help" || first == "-V" || first == "--version") return {};
    return {std::nullopt,
            fmt::format("unknown option '{}' (options go after the command: mtls-doctor COMMAND {})", first, first)};
  }
  if (first == "version") return {version_text() + "\n", std::nullopt};
  if (first == "help") {
    CLI::App* target = &app;
    std::string path;
    for (std::size_t i = 1; i < args.size() && !is_option(args[i]); ++i) {
      CLI::App* sub = nullptr;
      try {
        sub = target->get_subcommand(args[i]);
      } catch (const CLI::OptionNotFound&) {
        return {std::nullopt, unknown(*target, args[i], path)};
      }
      path = path.empty() ? args[i] : path + " " + args[i];
      target = sub;
    }
    return {target->help(), std::nullopt};
  }
  CLI::App* sub = nullptr;
  try {
    sub = app.get_subcommand(first);
  } catch (const CLI::OptionNotFound&) {
    return {std::nullopt, unknown(app, first, "")};
  }
  // One level down: `lab create`, `lab verify`.
  if (!sub->get_subcommands({}).empty() && args.size() > 1 && !is_option(args[1])) {
    try {
      (void)sub->get_subcommand(args[1]);
    } catch (const CLI::OptionNotFound&) {
      return {std::nullopt, unknown(*sub, args[1], first)};
    }
  }
  return {};
}

std::string help_hint(CLI::App& app, const std::vector<std::string>& args) {
  std::string path = "mtls-doctor";
  CLI::App* at = &app;
  for (const auto& arg : args) {
    if (is_option(arg)) continue;
    try {
      at = at->get_subcommand(arg);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    path += " " + arg;
    if (at->get_subcommands({}).empty()) break;
  }
  return fmt::format("see {} --help", path);
}

}  // namespace mtlsdoctor::cli
