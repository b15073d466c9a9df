// Where a GiB of `explain --log` goes, part by part, measured alone (issue 14): the read, the
// literal first pass as built, the same pass with synthetic literal sets of other sizes (what
// Hyperscan's literal matcher costs per literal on this CPU, whatever the patterns), and each
// step a flagged line takes. Prints CPU seconds per GiB (medians of ROUNDS) and microseconds per
// flagged line, so the 1.07 CPU s a GiB that 1 GB/s allows can be checked against its parts.
// Usage: explain_log_budget LOG [ROUNDS]
#include <fcntl.h>
#include <hs/hs.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "hs_compile.h"
#include "line_prefilter.h"
#include "literal_cover.h"
#include "log_patterns.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace {

using namespace mtlsdoctor::explain;

constexpr std::size_t kBlock = 512 * 1024;  // LogScanner::kBlock

double cpu_seconds(bool with_system) {
  rusage r{};
  getrusage(RUSAGE_SELF, &r);
  double s = static_cast<double>(r.ru_utime.tv_sec) + static_cast<double>(r.ru_utime.tv_usec) / 1e6;
  if (with_system) s += static_cast<double>(r.ru_stime.tv_sec) + static_cast<double>(r.ru_stime.tv_usec) / 1e6;
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// CPU seconds of `pass` over the file read in kBlock pieces, per GiB; the read is counted only
// when `with_system`.
double per_gib(const char* path, std::size_t file_bytes, int rounds, bool with_system,
               const std::function<void(const char*, std::size_t)>& pass) {
  std::vector<double> runs;
  std::vector<char> buf(kBlock);
  for (int r = 0; r < rounds; ++r) {
    const int fd = ::open(path, O_RDONLY);
    if (fd < 0) std::exit(2);
    const double t0 = cpu_seconds(with_system);
    ssize_t n = 0;
    while ((n = ::read(fd, buf.data(), buf.size())) > 0) pass(buf.data(), static_cast<std::size_t>(n));
    runs.push_back(cpu_seconds(with_system) - t0);
    ::close(fd);
  }
  return median(runs) * static_cast<double>(1ULL << 30) / static_cast<double>(file_bytes);
}

int count_hit(unsigned /*id*/, unsigned long long /*from*/, unsigned long long /*to*/, unsigned /*flags*/, void* ctx) {
  ++*static_cast<std::size_t*>(ctx);
  return 0;
}

// Caseless literals alone, compiled as the first pass compiles its cover (hs_compile.h).
hs_database_t* compile_literals(std::vector<std::string> literals, const detail::LogPatterns& patterns) {
  detail::LiteralCover cover;
  cover.literals = std::move(literals);
  auto db = detail::compile_hyperscan_first_pass(cover, patterns);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    std::exit(1);
  }
  return *db;
}

double scan_per_gib(hs_database_t* db, const char* path, std::size_t bytes, int rounds, std::size_t& hits) {
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  hits = 0;
  std::size_t all = 0;
  const double s = per_gib(path, bytes, rounds, false, [&](const char* data, std::size_t n) {
    hs_scan(db, data, static_cast<unsigned>(n), 0, scratch, &count_hit, &all);
  });
  hits = all / static_cast<std::size_t>(rounds);
  hs_free_scratch(scratch);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: explain_log_budget LOG [ROUNDS]\n");
    return 2;
  }
  const char* path = argv[1];
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  std::string text;
  {
    const int fd = ::open(path, O_RDONLY);
    if (fd < 0) return 2;
    std::vector<char> buf(1 << 20);
    ssize_t n = 0;
    while ((n = ::read(fd, buf.data(), buf.size())) > 0) text.append(buf.data(), static_cast<std::size_t>(n));
    ::close(fd);
  }
  const std::size_t bytes = text.size();
  std::printf("log: %s, %.1f MiB; CPU s per GiB, medians of %d rounds\n", path, static_cast<double>(bytes) / (1 << 20),
              rounds);

  // The read alone (user + system), and with the line count.
  std::printf("%-58s %6.3f\n", "read(2), 512 KiB at a time (user + system)",
              per_gib(path, bytes, rounds, true, [](const char*, std::size_t) {}));
  std::size_t lines = 0;
  for (const char* at = text.data(); (at = static_cast<const char*>(std::memchr(at, '\n', text.data() + bytes - at)));
       ++at)
    ++lines;

  // The literal first pass as built, the cover's literals alone, and synthetic sets.
  const auto explainer = Explainer::builtin();
  if (!explainer) return 1;
  const auto patterns = detail::log_patterns(explainer->knowledge_base());
  const auto cover = detail::literal_cover(patterns);
  std::size_t hits = 0;
  auto first = detail::compile_hyperscan_first_pass(cover, patterns);
  if (!first) return 1;
  const double built = scan_per_gib(*first, path, bytes, rounds, hits);
  char first_label[96];
  std::snprintf(first_label, sizeof first_label, "first pass as built: %zu literals + %zu patterns",
                cover.literals.size(), cover.uncovered.size());
  std::printf("%-58s %6.3f  (%zu hits)\n", first_label, built, hits);
  hs_free_database(*first);
  hs_database_t* lits = compile_literals(cover.literals, patterns);
  const double literals_only = scan_per_gib(lits, path, bytes, rounds, hits);
  std::printf("%-58s %6.3f  (%zu hits)\n", "  its literals only", literals_only, hits);
  hs_free_database(lits);
  std::mt19937 rng(14);
  for (const std::size_t n : {32UL, 64UL, 100UL, 200UL, 400UL, cover.literals.size()}) {
    std::vector<std::string> random;
    for (std::size_t i = 0; i < n; ++i) {
      std::string s;
      for (int k = 0; k < 8; ++k) s += static_cast<char>('a' + rng() % 26);
      random.push_back(s);
    }
    hs_database_t* db = compile_literals(std::move(random), patterns);
    char label[96];
    std::snprintf(label, sizeof label, "  %zu random 8-letter literals, caseless", n);
    const double seconds = scan_per_gib(db, path, bytes, rounds, hits);
    std::printf("%-58s %6.3f  (%zu hits)\n", label, seconds, hits);
    hs_free_database(db);
  }

  // Each step of a flagged line, on this log's candidate lines.
  auto prefilter = detail::hyperscan_prefilter(explainer->knowledge_base());
  if (!prefilter) return 1;
  std::vector<detail::LineSpan> spans;
  std::vector<std::uint32_t> entries;
  (*prefilter)->candidates(text, spans, entries);
  std::vector<std::string_view> flagged;
  std::vector<std::string> normalized;
  for (const auto& s : spans) {
    flagged.push_back(std::string_view(text).substr(s.begin, s.end - s.begin));
    normalized.push_back(normalize(flagged.back()));
  }
  std::printf("flagged lines: %zu of %zu (%.2f%%); microseconds per flagged line, median of %d:\n", spans.size(), lines,
              100.0 * static_cast<double>(spans.size()) / static_cast<double>(std::max<std::size_t>(1, lines)), rounds);
  Explainer::LogEntryScratch scratch;
  std::vector<detail::LineSpan> one;
  std::vector<std::uint32_t> one_entries;
  std::size_t sink = 0;
  const auto per_line = [&](const char* what, const std::function<std::size_t(std::size_t)>& step) {
    std::vector<double> runs;
    for (int r = 0; r < rounds; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      for (std::size_t i = 0; i < spans.size(); ++i) sink += step(i);
      runs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    const double us = 1e6 * median(runs) / static_cast<double>(std::max<std::size_t>(1, spans.size()));
    std::printf("  %-56s %6.2f\n", what, us);
  };
  per_line("normalize()", [&](std::size_t i) { return normalize(flagged[i]).size(); });
  per_line("writer_of() (whose log)",
           [&](std::size_t i) { return static_cast<std::size_t>(writer_of(normalized[i])); });
  per_line("Explainer::log_entry() (normalize, confirm, rank)", [&](std::size_t i) {
    const auto& s = spans[i];
    const std::span<const std::uint32_t> named(entries.data() + s.entries_begin, s.entries_end - s.entries_begin);
    return static_cast<std::size_t>(explainer->log_entry(flagged[i], named, scratch) != nullptr);
  });
  per_line("line_fields()", [&](std::size_t i) { return line_fields(flagged[i]).client.size(); });
  per_line("the prefilter on the line alone (first pass, normalized scan)", [&](std::size_t i) {
    one.clear();
    one_entries.clear();
    (*prefilter)->candidates(flagged[i], one, one_entries);
    return one.size();
  });
  std::printf("(checksum %zu)\n", sink);  // keeps the steps from being optimized away
  return 0;
}
