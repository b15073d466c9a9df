#include "literal_cover.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>

namespace mtlsdoctor::explain::detail {
namespace {

// As the patterns are matched by Hyperscan: caseless, one byte a character (Latin-1, so the
// analysis folds only A-Z, like HS_FLAG_CASELESS).
RE2::Options analysis_options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_max_mem(64 << 20);
  return o;
}

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Words of the ordinary lines of any server's log (nginx, Apache, HAProxy, Envoy, a Go or Java
// service: levels, requests, connections, upstreams). A literal inside one of them would flag
// most lines of a log, so it is not used: a pattern whose only factors are such words goes to
// the first pass as it is (Hyperscan then finds its own way through it).
constexpr std::string_view kCommonWords[] = {
    "client",
    "server",
    "request",
    "response",
    "connection",
    "connected",
    "upstream",
    "internal",
    "error",
    "failed",
    "warning",
    "notice",
    "info",
    "debug",
    "while",
    "reading",
    "sending",
    "headers",
    "closed",
    "timeout",
    "timed out",
    "keepalive",
    "accepted",
    "listener",
    "session",
    "status",
    "started",
    "stopped",
    "handler",
    "exception",
    "https://",
    "http://",
    "http/1.1",
    "proxy",
    "refused",
    "reset by peer",
    "no such file or directory",
};

bool common(const std::string& atom) {
  return std::any_of(std::begin(kCommonWords), std::end(kCommonWords),
                     [&](std::string_view word) { return word.find(atom) != std::string_view::npos; });
}

// The atoms of `pattern` whose presence every match requires in the sense above, few and long;
// nullopt when no set of atoms does (the formula holds with none of them).
std::optional<std::vector<std::string>> cover_of(const std::string& pattern) {
  re2::FilteredRE2 filter(kMinLiteral);
  int id = 0;
  if (filter.Add(pattern, analysis_options(), &id) != RE2::NoError) return std::nullopt;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  // The formula with the atoms of `absent` missing and every other atom present.
  const auto passes_without = [&](const std::vector<bool>& absent) {
    std::vector<int> present;
    for (std::size_t i = 0; i < atoms.size(); ++i) {
      if (!absent[i]) present.push_back(static_cast<int>(i));
    }
    std::vector<int> potential;
    filter.AllPotentials(present, &potential);
    return !potential.empty();
  };
  // Only ASCII atoms can be searched caselessly as the pattern matches, and common words would
  // flag most lines: others count as present.
  std::vector<bool> in_cover(atoms.size());
  for (std::size_t i = 0; i < atoms.size(); ++i) in_cover[i] = ascii(atoms[i]) && !common(atoms[i]);
  if (passes_without(in_cover)) return std::nullopt;
  // Drop the shortest atoms first while the rest still cover.
  std::vector<std::size_t> order(atoms.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return atoms[a].size() != atoms[b].size() ? atoms[a].size() < atoms[b].size() : atoms[a] < atoms[b];
  });
  for (const std::size_t i : order) {
    if (!in_cover[i]) continue;
    in_cover[i] = false;
    if (passes_without(in_cover)) in_cover[i] = true;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (in_cover[i]) out.push_back(atoms[i]);
  }
  return out;
}

}  // namespace

LiteralCover literal_cover(const LogPatterns& patterns) {
  LiteralCover out;
  std::set<std::string> literals;
  for (std::size_t i = 0; i < patterns.expressions.size(); ++i) {
    auto cover = cover_of(patterns.expressions[i]);
    if (!cover) {
      out.uncovered.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    literals.insert(cover->begin(), cover->end());
  }
  out.literals.assign(literals.begin(), literals.end());
  return out;
}

}  // namespace mtlsdoctor::explain::detail
