#include "mtlsdoctor/x509/inventory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "mtlsdoctor/x509/issuer_index.h"

namespace mtlsdoctor::x509 {
namespace {

constexpr std::size_t kMaxDirectoryFiles = 1'000'000;

// The DER itself, not a copy: certificates share their immutable data, which outlives the map.
std::string_view der_key(const Certificate& c) {
  const auto der = c.der();
  return {reinterpret_cast<const char*>(der.data()), der.size()};
}

void index_certificates(Inventory& inv) {
  std::unordered_map<std::string_view, std::size_t> seen;
  std::size_t total = 0;
  for (const auto& b : inv.files) total += b.certificates.size();
  seen.reserve(total);
  for (std::size_t f = 0; f < inv.files.size(); ++f) {
    for (std::size_t i = 0; i < inv.files[f].certificates.size(); ++i) {
      auto [it, inserted] = seen.try_emplace(der_key(inv.files[f].certificates[i]), inv.certificates.size());
      if (inserted) {
        inv.certificates.push_back({f, i});
        inv.duplicates.push_back(0);
      } else {
        ++inv.duplicates[it->second];
      }
    }
  }
}

// Issuer of each certificate among the others (issuer_index.h).
std::vector<std::ptrdiff_t> find_issuers(const Inventory& inv) {
  IssuerIndex index;
  index.reserve(inv.certificates.size());
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) index.add(inv.cert(i).facts());
  std::vector<std::ptrdiff_t> issuer(inv.certificates.size(), -1);
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    if (const auto found = index.issuer_of(inv.cert(i).facts())) issuer[i] = static_cast<std::ptrdiff_t>(*found);
  }
  return issuer;
}

void group_chains(Inventory& inv) {
  const auto issuer = find_issuers(inv);
  std::vector<bool> is_issuer(inv.certificates.size(), false);
  for (auto p : issuer) {
    if (p >= 0) is_issuer[static_cast<std::size_t>(p)] = true;
  }
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    if (is_issuer[i]) continue;  // chains start at certificates that issued none of the others
    std::vector<std::size_t> chain{i};
    for (auto p = issuer[i]; p >= 0 && chain.size() < 16; p = issuer[static_cast<std::size_t>(p)]) {
      if (std::find(chain.begin(), chain.end(), static_cast<std::size_t>(p)) != chain.end()) break;  // a loop
      chain.push_back(static_cast<std::size_t>(p));
    }
    inv.chains.push_back(std::move(chain));
  }
}

void pair_keys(Inventory& inv) {
  const bool any_key = std::any_of(inv.files.begin(), inv.files.end(), [](const Bundle& b) { return !b.keys.empty(); });
  if (!any_key) return;
  std::unordered_multimap<std::string_view, std::size_t> by_spki;
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) by_spki.emplace(inv.cert(i).facts().spki_sha256, i);
  for (std::size_t f = 0; f < inv.files.size(); ++f) {
    for (std::size_t k = 0; k < inv.files[f].keys.size(); ++k) {
      KeyRef ref{f, k, {}};
      auto [first, last] = by_spki.equal_range(inv.files[f].keys[k].spki_sha256());
      for (auto it = first; it != last; ++it) ref.certificates.push_back(it->second);
      inv.keys.push_back(std::move(ref));
    }
  }
}

// Only files that look like key material are loaded from directories.
bool looks_like_crypto_bytes(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  if (head.empty()) return false;
  if (static_cast<unsigned char>(head.front()) == 0x30) return true;
  if (head.find("-----BEGIN ") != std::string_view::npos) return true;
  // A PEM file may carry a long text preamble (`openssl x509 -text` output) before its block:
  // look through its first 99,999 lines.
  std::size_t lines = 0;
  for (std::size_t from = 0; from < bytes.size() && ++lines < 100000;) {
    std::size_t nl = bytes.find('\n', from);
    if (nl == std::string_view::npos) nl = bytes.size();
    if (bytes.substr(from, nl - from).find("-----BEGIN ") != std::string_view::npos) return true;
    from = nl + 1;
  }
  return false;
}

// The same, streamed, for files too large to read whole.
bool looks_like_crypto(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4096];
  in.read(head, sizeof head);
  const std::string_view text(head, static_cast<std::size_t>(in.gcount()));
  if (text.empty()) return false;
  if (static_cast<unsigned char>(text.front()) == 0x30) return true;
  if (text.find("-----BEGIN ") != std::string_view::npos) return true;
  std::string line;
  in.clear();
  in.seekg(0);
  std::size_t lines = 0;
  while (std::getline(in, line) && ++lines < 100000) {
    if (line.find("-----BEGIN ") != std::string::npos) return true;
  }
  return false;
}

// A whole regular file in one open and one read, or nullopt when it is larger than the limit
// (load_file then reports why). Directories hold many small files: opening each twice (to sniff,
// then to load) cost more than decoding PEM. A file that cannot be opened is an error of its own:
// an unreadable key is a problem to report, not a file to pass over.
core::Result<std::optional<std::string>> read_small_file(const std::filesystem::path& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::fail(core::ErrorCategory::Io, std::strerror(errno), path.string());
  std::optional<std::string> out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= max_bytes) {
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    int read_errno = 0;
    while (got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) read_errno = errno;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (read_errno != 0) return core::fail(core::ErrorCategory::Io, std::strerror(read_errno), path.string());
    // A file that changed size while being read: let load_file read it its way.
    if (got == bytes.size()) out = std::move(bytes);
    return out;
  }
  ::close(fd);
  return out;
}

// Every regular file under `dir`, sorted; directory symlinks are not followed. A directory below
// `dir` that cannot be listed is recorded in `unreadable`; `dir` itself failing is the error.
core::Result<std::vector<std::filesystem::path>> list_files(const std::filesystem::path& dir, Inventory& inv) {
  std::vector<std::filesystem::path> files;
  std::vector<std::filesystem::path> pending{dir};
  while (!pending.empty()) {
    const auto current = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    std::filesystem::directory_iterator it(current, ec);
    const auto unlistable = [&](const std::error_code& e) -> core::Result<void> {
      core::Error error{
          core::ErrorCategory::Io, fmt::format("cannot read the directory: {}", e.message()), current.string(), {}};
      if (current == dir) return std::unexpected(std::move(error));
      inv.unreadable.push_back({current.string(), std::move(error)});
      return {};
    };
    if (ec) {
      if (auto r = unlistable(ec); !r) return std::unexpected(r.error());
      continue;
    }
    for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
        pending.push_back(it->path());
      } else if (it->is_regular_file(type_ec)) {
        files.push_back(it->path());
      }
      if (files.size() > kMaxDirectoryFiles) {
        return core::fail(core::ErrorCategory::Limit, fmt::format("more than {} files", kMaxDirectoryFiles),
                          dir.string());
      }
    }
    if (ec) {
      if (auto r = unlistable(ec); !r) return std::unexpected(r.error());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

core::Result<void> walk_directory(const std::filesystem::path& dir, Inventory& inv, const PasswordProvider& password,
                                  const LoadLimits& limits, LoadContext& context) {
  auto files = list_files(dir, inv);
  if (!files) return std::unexpected(files.error());
  inv.files.reserve(inv.files.size() + files->size());
  for (const auto& file : *files) {
    auto bytes = read_small_file(file, limits.max_file_bytes);
    if (!bytes) {
      inv.unreadable.push_back({file.string(), bytes.error()});
      continue;
    }
    if (*bytes ? !looks_like_crypto_bytes(**bytes) : !looks_like_crypto(file)) {
      inv.not_crypto.push_back(file.string());
      continue;
    }
    auto bundle = *bytes ? load_bytes(**bytes, file.string(), password, limits, &context)
                         : load_file(file, password, limits, &context);
    if (!bundle) {
      inv.unreadable.push_back({file.string(), bundle.error()});
      continue;
    }
    inv.files.push_back(std::move(*bundle));
  }
  return {};
}

}  // namespace

core::Result<Inventory> build_inventory(const std::vector<std::filesystem::path>& inputs,
                                        const PasswordProvider& password, const LoadLimits& limits) {
  Inventory inv;
  LoadContext context;  // shared by every file: their certificates have few issuers between them
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      if (auto r = walk_directory(input, inv, password, limits, context); !r) return std::unexpected(r.error());
      continue;
    }
    auto bundle = load_file(input, password, limits, &context);
    if (!bundle) return std::unexpected(bundle.error());
    inv.files.push_back(std::move(*bundle));
  }
  index_certificates(inv);
  group_chains(inv);
  pair_keys(inv);
  return inv;
}

}  // namespace mtlsdoctor::x509
