#include "literal_cover.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>

#include "raw_pattern.h"

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
    // nginx's `open() "/srv/www/favicon.ico" failed (13: Permission denied)`, and every program's
    // EACCES in words.
    "permission denied",
    // nginx's `FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in
    // /srv/www/index.php on line 12"` (most of a PHP site's error log), `client sent invalid header
    // line`, `upstream sent too big header`.
    "sent",
    // nginx's `access forbidden by rule`, Apache's `access to /admin denied`, `access_log`.
    "access",
    "line",
    "undefined",
    "message",  // "PHP message:", and every structured log's message field
    // nginx's `open() "/srv/app.js" failed (2: No such file or directory)`, a third of a busy
    // server's error log: "open" alone (Go's `open /etc/ca.pem: no such file or directory`) flagged
    // every one of them (usual day: 1.5 times the CPU); "open" with its separator does not.
    "open",
    // Request paths and every program's loading ("PUT /v1/uploads/68", "download", "reload"): "load"
    // alone flagged 4% of the usual day's lines (33,380 of its first 200 MB's 841,899).
    "uploads",
    "download",
    "reload",
    // Ordinary English a client's sentence may hold ("connecting to MQTT on HOST:8883 ... without
    // TLS"); nginx writes "while connecting to upstream" on every upstream failure.
    "without",
    "connecting",
    // "Server X requires TLS but TlsMode is set to Disable", Rust libraries' "could not load platform
    // certs", "Fetch certs Error", "Unable to extract private key": words any program's log uses.
    "requires",
    "platform",
    "fetch",
    "extract",
    // "Failed to populate trust list", nslcd's "error accessing FILE": words of any program's log.
    "populate",
    "accessing",
    // OpenSearch's "exists and is readable", WCF's "key exchange": words of any application's log.
    "readable",
    "exchange",
    // The Pico SDK's "error resolving hostname", ESP-IDF's "performing session handshake".
    "resolving",
    "performing",
    // rclone's "failed to make TLS connection" (and "make" of every build log).
    "make",
};

// The bytes a raw line holds where a pattern has a separator run, and the analysis' run placeholder.
const std::string& run_bytes() {
  static const std::string bytes = std::string(kRunSeparatorBytes) + kRunPlaceholder;
  return bytes;
}

// A literal is common when it lies inside one of those words, with the spaces around it: " reset"
// is in " reset by peer ", "http " is not in " http:// ". So is such a piece with the punctuation
// logs put after a word, or a `[` before it: `error:`, `error: `, `failed,`, `directory)`,
// `[error`. Not a `(` or a quote: `file("` and `(read):` are rarer than their words. Loosely (a
// pattern with no cover otherwise, such as the bare OpenSSL code `error:` and eight hex digits):
// the words alone, as the literal is written.
enum class Common { Strictly, Loosely };

bool common(std::string_view literal, Common how) {
  const auto inside_a_word = [](std::string_view piece) {
    return std::any_of(std::begin(kCommonWords), std::end(kCommonWords), [&](std::string_view word) {
      std::string padded = " ";
      padded += word;
      padded += ' ';
      return padded.find(piece) != std::string::npos;
    });
  };
  if (inside_a_word(literal)) return true;
  if (how == Common::Loosely) return false;
  const std::string& separators = run_bytes();
  const auto in = [](std::string_view set, char c) { return set.find(c) != std::string_view::npos; };
  std::size_t end = literal.size();
  while (end > 0 && in(separators, literal[end - 1])) --end;
  const std::size_t word_end = end;
  while (end > 0 && in("):,.;]", literal[end - 1])) --end;
  if (end == word_end) end = literal.size();  // no punctuation after the word: as it was
  std::size_t begin = 0;
  while (begin < end && literal[begin] == '[') ++begin;
  return (begin > 0 || end < literal.size()) && end > begin && inside_a_word(literal.substr(begin, end - begin));
}

// What a raw line that matches holds when an atom is in the analysis' match: the literals of one
// of its pieces (between kRunPlaceholder bytes), alone, or with the separator byte that follows or
// precedes it there (any byte of a run, or a placeholder byte the line held itself). The longest
// piece alone that is not common, else the longest such piece with its neighbour; empty: none.
std::vector<std::string> literals_of(const std::string& atom, Common how) {
  const std::string& separators = run_bytes();
  std::string_view best_alone;
  std::vector<std::string> best_with;
  std::size_t begin = 0;
  while (begin <= atom.size()) {
    std::size_t end = atom.find(kRunPlaceholder, begin);
    if (end == std::string::npos) end = atom.size();
    const std::string_view piece = std::string_view(atom).substr(begin, end - begin);
    if (piece.size() >= static_cast<std::size_t>(kMinLiteral) && piece.size() > best_alone.size() &&
        ascii(std::string(piece)) && !common(piece, how))
      best_alone = piece;
    const auto extended = [&](bool after) {
      std::vector<std::string> out;
      for (const char c : separators) {
        std::string l = after ? std::string(piece) + c : c + std::string(piece);
        if (common(l, how) || !ascii(l)) return std::vector<std::string>{};
        out.push_back(std::move(l));
      }
      return out;
    };
    if (piece.size() + 1 >= static_cast<std::size_t>(kMinLiteral) &&
        (best_with.empty() || piece.size() + 1 > best_with.front().size())) {
      if (end < atom.size()) {
        if (auto l = extended(true); !l.empty()) best_with = std::move(l);
      }
      if (begin > 0 && (best_with.empty() || piece.size() + 1 > best_with.front().size())) {
        if (auto l = extended(false); !l.empty()) best_with = std::move(l);
      }
    }
    begin = end + 1;
  }
  if (!best_alone.empty()) return {std::string(best_alone)};
  return best_with;
}

// For each atom of `analysis` (a pattern's raw_analysis()) whose presence every match requires in
// the sense above, the literals that stand for it (literals_of), few and long; nullopt when no set
// of atoms does (the formula holds with none of them).
std::optional<std::vector<std::string>> cover_of(const std::string& analysis, Common how) {
  re2::FilteredRE2 filter(kMinLiteral);
  int id = 0;
  if (filter.Add(analysis, analysis_options(), &id) != RE2::NoError) return std::nullopt;
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
  // An atom without literals (non-ASCII, or only common words) counts as present.
  std::vector<std::vector<std::string>> literals(atoms.size());
  std::vector<bool> in_cover(atoms.size());
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    literals[i] = literals_of(atoms[i], how);
    in_cover[i] = !literals[i].empty();
  }
  if (passes_without(in_cover)) return std::nullopt;
  // Drop the atoms with the shortest literals first while the rest still cover.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (in_cover[i]) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& la = literals[a].front();
    const auto& lb = literals[b].front();
    return la.size() != lb.size() ? la.size() < lb.size() : la < lb;
  });
  for (const std::size_t i : order) {
    in_cover[i] = false;
    if (passes_without(in_cover)) in_cover[i] = true;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (in_cover[i]) out.insert(out.end(), literals[i].begin(), literals[i].end());
  }
  return out;
}

}  // namespace

LiteralCover literal_cover(const LogPatterns& patterns) {
  LiteralCover out;
  std::set<std::string> literals;
  for (std::size_t i = 0; i < patterns.analysis.size(); ++i) {
    auto cover = cover_of(patterns.analysis[i], Common::Strictly);
    // A regex in the first pass costs more than a literal a little too common (the bare code's
    // `error:` as a pattern: a quarter more CPU on a day of TLS failures).
    if (!cover) cover = cover_of(patterns.analysis[i], Common::Loosely);
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
